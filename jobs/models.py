from django.conf import settings
from django.db import models
from django.db.models import Q

from jobs.choices import JobKind, JobStatus


class Job(models.Model):
    """Long work (an import, an export, a report): who asked, how far it is, what came out.

    Only the person who started a job sees it and its files: they may hold whatever that person
    may see, and nothing more.
    """

    kind = models.CharField("任务类型", max_length=30, choices=JobKind.choices)
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    params = models.JSONField("参数", default=dict, blank=True)
    input_file = models.FileField("上传文件", upload_to="jobs/in/%Y/%m/", blank=True)
    input_name = models.CharField("上传文件名", max_length=255, blank=True)
    output_file = models.FileField("结果文件", upload_to="jobs/out/%Y/%m/", blank=True)
    output_name = models.CharField("结果文件名", max_length=255, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    message = models.TextField("结果说明", blank=True)
    errors = models.JSONField("错误清单", default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT)
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-id"]
        indexes = [models.Index(fields=["created_by", "-id"], name="job_owner_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=JobKind.values), name="job_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="job_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
