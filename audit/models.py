from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from common.models import AppendOnlyModel


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    TRANSITION = "transition", "状态变更"


class AuditEntry(AppendOnlyModel):
    """One change: who, when, what, before and after. Written once, never edited or deleted.

    `org_path` is the changed object's org path at the time, so the log is scoped like everything
    else without joining back to objects that may since have moved or gone.
    """

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=100, blank=True)
    action = models.CharField("操作", max_length=20, choices=AuditAction.choices)
    target_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.PROTECT)
    target_id = models.CharField("对象编号", max_length=64)
    target_repr = models.CharField("对象", max_length=300)
    org_path = models.CharField("所属单位路径", max_length=255, blank=True, db_index=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    remark = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计日志"
        ordering = ["-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(action__in=AuditAction.values), name="audit_entry_action_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '系统'} {self.get_action_display()} {self.target_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return [(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]
