"""督查督办: formal urge notices (催办单 → 督办单 → 约谈), inspection visits (督查) and spot checks (随机抽查).

Notices and spot-check items point at ledger rows with PROTECT: what was urged or re-verified stays
on record with the measure for as long as the measure does.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Campaign, ProblemCategory
from common.models import AppendOnlyModel
from ledger.models import Measure, Problem
from organisations.models import Org
from supervision.choices import CheckResult, InspectionType, Severity, UrgeEventKind, UrgeStatus

USER = settings.AUTH_USER_MODEL


class EscalationStep(models.Model):
    """One rung of a campaign's escalation ladder: level 1 is the first notice, the last rung stays."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="escalation_steps"
    )
    level = models.PositiveSmallIntegerField("级别")
    name = models.CharField("名称", max_length=30, help_text="例如：催办单、督办单、约谈")
    days = models.PositiveSmallIntegerField("反馈期限（工作日）")

    class Meta:
        verbose_name = "催办升级规则"
        verbose_name_plural = "催办升级规则"
        ordering = ["campaign", "level"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "level"], name="escalation_step_unique_level"),
            models.CheckConstraint(condition=Q(level__gte=1), name="escalation_step_level_positive"),
            models.CheckConstraint(condition=Q(days__gte=1, days__lte=60), name="escalation_step_days_range"),
        ]

    def __str__(self) -> str:
        return f"{self.level}. {self.name}（{self.days}个工作日）"

    def audit_org_path(self) -> str:
        return self.campaign.org.path


class UrgeNotice(models.Model):
    """A formal urge notice (一事一单) to one org, or about one measure, answered by a date.

    `org` is the target org; for a notice about a measure it is the measure's org. `level` and
    `level_name` are the current rung of the campaign's ladder; `answer_by` the date in force.
    """

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey(Org, verbose_name="督办对象", on_delete=models.PROTECT, related_name="urge_notices")
    measure = models.ForeignKey(
        Measure,
        verbose_name="整改措施",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="urge_notices",
    )
    text = models.TextField("督办事项")
    level = models.PositiveSmallIntegerField("级别", default=1)
    level_name = models.CharField("文书", max_length=30)
    status = models.CharField(
        "状态", max_length=20, choices=UrgeStatus.choices, default=UrgeStatus.ISSUED, db_index=True
    )
    issued_on = models.DateField("下发日期")
    answer_by = models.DateField("反馈期限")
    issued_by = models.ForeignKey(USER, verbose_name="下发人", on_delete=models.PROTECT, related_name="+")
    acknowledged_by = models.ForeignKey(
        USER, verbose_name="签收人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    answer = models.TextField("反馈情况", blank=True)
    answer_file = models.FileField("反馈佐证", upload_to="urge-notices/%Y/%m/", blank=True)
    answer_file_name = models.CharField("佐证文件名", max_length=255, blank=True)
    answered_by = models.ForeignKey(
        USER, verbose_name="反馈人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField("反馈时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_remark = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "催办督办单"
        verbose_name_plural = "催办督办单"
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["status", "answer_by"], name="urge_notice_status_due_idx"),
            models.Index(fields=["campaign", "issued_on"], name="urge_notice_campaign_day_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=UrgeStatus.values), name="urge_notice_status_valid"),
            models.CheckConstraint(condition=Q(level__gte=1), name="urge_notice_level_positive"),
            models.CheckConstraint(
                condition=Q(answer_by__gte=models.F("issued_on")), name="urge_notice_answer_after_issue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level_name} · {self.org} · {self.text[:30]}"

    def audit_org_path(self) -> str:
        return self.org.path


class UrgeEvent(AppendOnlyModel):
    """One step of a notice: who, when, what, at which level. Never edited."""

    notice = models.ForeignKey(UrgeNotice, verbose_name="督办单", on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(USER, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("事项", max_length=20, choices=UrgeEventKind.choices)
    from_status = models.CharField("原状态", max_length=20, choices=UrgeStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=UrgeStatus.choices)
    level = models.PositiveSmallIntegerField("级别")
    remark = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "督办记录"
        verbose_name_plural = "督办记录"
        ordering = ["notice", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=UrgeEventKind.values), name="urge_event_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_to_status_display()}"

    def audit_org_path(self) -> str:
        return self.notice.org.path


class Inspection(models.Model):
    """A supervision visit (督查): who went where, when, under which kind of supervision, what they saw."""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="+")
    type = models.CharField("督查类型", max_length=20, choices=InspectionType.choices)
    visited_on = models.DateField("督查日期")
    org = models.ForeignKey(Org, verbose_name="被督查单位", on_delete=models.PROTECT, related_name="inspections")
    inspectors = models.ManyToManyField(USER, verbose_name="督查人员", related_name="inspections")
    summary = models.TextField("督查情况", blank=True)
    created_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "督查"
        verbose_name_plural = "督查记录"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["campaign", "visited_on"], name="inspection_campaign_day_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(type__in=InspectionType.values), name="inspection_type_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.get_type_display()} · {self.org}"

    def audit_org_path(self) -> str:
        return self.org.path


class Finding(models.Model):
    """One thing an inspection found. Once turned into a problem it points at it (and the problem's
    origin points back here)."""

    inspection = models.ForeignKey(Inspection, verbose_name="督查", on_delete=models.PROTECT, related_name="findings")
    text = models.TextField("发现问题")
    severity = models.CharField("严重程度", max_length=10, choices=Severity.choices, blank=True)
    problem = models.OneToOneField(
        Problem, verbose_name="转为问题", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "督查发现"
        verbose_name_plural = "督查发现"
        ordering = ["inspection", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity="") | Q(severity__in=Severity.values), name="finding_severity_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    def audit_org_path(self) -> str:
        return self.inspection.org.path


class SpotCheck(models.Model):
    """A random draw of closed measures for re-verification (随机抽查). The seed and the parameters
    are stored: drawing again with them gives the same sample."""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey(Org, verbose_name="抽查范围", on_delete=models.PROTECT, related_name="spot_checks")
    category = models.ForeignKey(
        ProblemCategory, verbose_name="问题类别", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sample_size = models.PositiveIntegerField("抽取条数", null=True, blank=True)
    sample_percent = models.PositiveSmallIntegerField("抽取比例（%）", null=True, blank=True)
    seed = models.BigIntegerField("随机种子")
    population = models.PositiveIntegerField("可抽总数")
    checker = models.ForeignKey(
        USER, verbose_name="复核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drawn_by = models.ForeignKey(USER, verbose_name="抽取人", on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = "随机抽查"
        verbose_name_plural = "随机抽查"
        ordering = ["-drawn_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sample_size__isnull=False, sample_size__gte=1, sample_percent__isnull=True)
                | Q(sample_size__isnull=True, sample_percent__gte=1, sample_percent__lte=100),
                name="spot_check_count_or_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} 随机抽查（种子 {self.seed}）"

    def audit_org_path(self) -> str:
        return self.org.path


class SpotCheckItem(models.Model):
    """One drawn measure and its re-verification result."""

    spot_check = models.ForeignKey(SpotCheck, verbose_name="随机抽查", on_delete=models.PROTECT, related_name="items")
    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="+")
    result = models.CharField("复核结果", max_length=10, choices=CheckResult.choices, default=CheckResult.PENDING)
    remark = models.TextField("复核意见", blank=True)
    checked_by = models.ForeignKey(
        USER, verbose_name="复核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField("复核时间", null=True, blank=True)
    reopened = models.BooleanField("已重新整改", default=False)

    class Meta:
        verbose_name = "抽查条目"
        verbose_name_plural = "抽查条目"
        ordering = ["spot_check", "id"]
        constraints = [
            models.UniqueConstraint(fields=["spot_check", "measure"], name="spot_check_item_unique"),
            models.CheckConstraint(condition=Q(result__in=CheckResult.values), name="spot_check_item_result_valid"),
            models.CheckConstraint(
                condition=~Q(result=CheckResult.FAILED) | ~Q(remark=""), name="spot_check_item_failed_has_remark"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.get_result_display()}"

    def audit_org_path(self) -> str:
        return self.measure.org.path
