"""Model building blocks without tables of their own."""

from django.conf import settings
from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(f"{self.model._meta.verbose_name_plural}只能追加，不可修改。")

    def delete(self):
        raise PermissionError(f"{self.model._meta.verbose_name_plural}只能追加，不可删除。")


class AppendOnlyModel(models.Model):
    """Rows written once and never edited or deleted (the audit log, a measure's events)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(f"{self._meta.verbose_name_plural}只能追加，不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{self._meta.verbose_name_plural}只能追加，不可删除。")


class StatusEvent(AppendOnlyModel):
    """One status change of something with a state machine: who, when and why. Subclasses add the
    object, `from_status` and `to_status` (with their choices). Never edited."""

    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    remark = models.TextField("说明", blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class CheckedFileFields(models.Model):
    """What is kept of an uploaded file whose type was checked from its content
    (`common.uploads.check_evidence_file`). Subclasses add the `file` field itself."""

    file_name = models.CharField("文件名", max_length=255, blank=True)
    file_type = models.CharField("文件类型", max_length=10, blank=True)
    file_size = models.PositiveBigIntegerField("大小（字节）", null=True, blank=True)
    file_sha256 = models.CharField("SHA-256", max_length=64, blank=True)

    class Meta:
        abstract = True

    def keep_upload(self, upload, checked) -> None:
        """Put a checked upload (`common.uploads.CheckedFile`) on this row; it is stored when the row is saved."""
        self.file.save(upload.name, upload, save=False)
        self.file_name = upload.name[:255]
        self.file_type = checked.file_type
        self.file_size = checked.size
        self.file_sha256 = checked.sha256
