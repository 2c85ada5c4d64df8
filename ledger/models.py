"""The rectification ledger (整改台账): problems, their measures, and everything that happens to a measure.

Ledger rows are never deleted (PROTECT everywhere): a problem found in March must still be there,
with its whole history, at the look-back in December.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q

from campaigns.models import Campaign, ProblemCategory
from common.models import AppendOnlyModel
from ledger.choices import (
    OPEN_STATUSES,
    ExtensionStatus,
    HolidayKind,
    MajorKind,
    MeasureKind,
    MeasureStatus,
    Priority,
    ProblemSource,
)
from organisations.models import Org

USER = settings.AUTH_USER_MODEL


class Problem(models.Model):
    """A problem on the campaign's problem list (问题清单), whatever its source."""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="problems")
    code = models.CharField("问题编号", max_length=120)
    source = models.CharField("问题来源", max_length=20, choices=ProblemSource.choices)
    category = models.ForeignKey(
        ProblemCategory, verbose_name="问题类别", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(Org, verbose_name="责任单位", on_delete=models.PROTECT, related_name="problems")
    person = models.ForeignKey(
        USER,
        verbose_name="个人问题所属人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="个人查摆的问题填写本人；单位问题留空。",
    )
    description = models.TextField("问题描述")
    root_cause = models.TextField("原因剖析", blank=True)
    priority = models.CharField("重要程度", max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    lead_leader = models.ForeignKey(
        USER, verbose_name="领办领导", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    major_kind = models.CharField("五个重大", max_length=20, choices=MajorKind.choices, blank=True)
    origin_type = models.ForeignKey(
        ContentType, verbose_name="来源对象类型", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin_id = models.PositiveBigIntegerField("来源对象编号", null=True, blank=True)
    origin_note = models.CharField("来源说明", max_length=200, blank=True, help_text="例如：巡察反馈意见第3条")
    external_ref = models.CharField(
        "导入序号",
        max_length=50,
        blank=True,
        help_text="从 Excel 台账导入时该问题的序号/编号；再次导入同一台账时据此对应，不会重复登记。",
    )
    recurrence_of = models.ForeignKey(
        "self",
        verbose_name="屡查屡犯：此前的同类问题",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recurrences",
        help_text="此前活动中已整改销号、如今再次出现的同类问题（年年审年年有）。",
    )
    created_by = models.ForeignKey(USER, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题清单"
        ordering = ["campaign", "code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="problem_code_unique_in_campaign"),
            models.UniqueConstraint(
                fields=["campaign", "org", "external_ref"],
                condition=~Q(external_ref=""),
                name="problem_external_ref_unique",
            ),
            models.CheckConstraint(condition=Q(source__in=ProblemSource.values), name="problem_source_valid"),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="problem_priority_valid"),
            models.CheckConstraint(
                condition=Q(major_kind="") | Q(major_kind__in=MajorKind.values, lead_leader__isnull=False),
                name="problem_major_kind_needs_leader",
            ),
            models.CheckConstraint(
                condition=Q(origin_type__isnull=True, origin_id__isnull=True)
                | Q(origin_type__isnull=False, origin_id__isnull=False),
                name="problem_origin_complete",
            ),
            models.CheckConstraint(condition=~Q(recurrence_of=F("id")), name="problem_not_recurrence_of_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:30]}"

    def clean(self):
        if self.major_kind and not self.lead_leader_id:
            raise ValidationError({"lead_leader": "选择了“五个重大”类别时，须指定领办领导。"})
        if self.category_id and self.campaign_id and self.category.campaign_id != self.campaign_id:
            raise ValidationError({"category": "问题类别须是本活动的类别。"})
        if self.org_id and self.campaign_id and not self.org.is_within(self.campaign.org):
            raise ValidationError({"org": f"责任单位须是“{self.campaign.org}”或其下级单位。"})

    def audit_org_path(self) -> str:
        return self.org.path


class Measure(models.Model):
    """A rectification measure (整改措施) of a problem, tracked until it is verifiably closed (销号).

    `deadline` is the deadline as first set and is what on-time statistics use; `due_on` is the
    deadline in force after approved extensions. `yellow_from` and `report_due_on` are worked out
    by the services whenever what they depend on changes, so that the deadline light and a missing
    report are plain indexed date comparisons with today.
    """

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.PROTECT, related_name="measures")
    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="measures")
    org = models.ForeignKey(Org, verbose_name="责任单位", on_delete=models.PROTECT, related_name="measures")
    content = models.TextField("整改措施")
    kind = models.CharField("整改类型", max_length=20, choices=MeasureKind.choices, default=MeasureKind.DEADLINE)
    leader = models.ForeignKey(
        USER, verbose_name="责任领导", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Org, verbose_name="责任科室", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        USER, verbose_name="责任人", null=True, blank=True, on_delete=models.PROTECT, related_name="owned_measures"
    )
    acceptance_standard = models.TextField("验收标准", blank=True)
    deadline = models.DateField("整改时限", null=True, blank=True, help_text="长期坚持的措施不设时限。")
    due_on = models.DateField("现行时限", null=True, blank=True, help_text="批准延期后的时限。")
    status = models.CharField(
        "状态", max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED, db_index=True
    )
    percent = models.PositiveSmallIntegerField("完成进度（%）", default=0, validators=[MaxValueValidator(100)])
    started_on = models.DateField("开始日期", null=True, blank=True)
    last_report_on = models.DateField("最近报送进展", null=True, blank=True)
    report_due_on = models.DateField("下次进展报送期限", null=True, blank=True)
    yellow_from = models.DateField("黄灯起始日", null=True, blank=True)
    requested_by = models.ForeignKey(
        USER, verbose_name="销号申请人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        USER, verbose_name="单位确认人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField("销号日期", null=True, blank=True)
    created_by = models.ForeignKey(USER, verbose_name="制定人", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("制定时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on", "id"], name="measure_status_due_idx"),
            models.Index(fields=["due_on", "id"], name="measure_due_idx"),
            models.Index(fields=["campaign", "status", "due_on", "id"], name="measure_campaign_status_idx"),
            models.Index(fields=["org", "status"], name="measure_org_status_idx"),
            models.Index(fields=["owner", "status"], name="measure_owner_status_idx"),
            models.Index(fields=["leader", "status"], name="measure_leader_status_idx"),
            models.Index(fields=["yellow_from"], name="measure_yellow_from_idx"),
            models.Index(fields=["report_due_on"], name="measure_report_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MeasureStatus.values), name="measure_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=MeasureKind.values), name="measure_kind_valid"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="measure_percent_range"),
            models.CheckConstraint(
                condition=Q(kind=MeasureKind.LONG_TERM, deadline__isnull=True, due_on__isnull=True)
                | (~Q(kind=MeasureKind.LONG_TERM) & Q(deadline__isnull=False, due_on__gte=F("deadline"))),
                name="measure_deadline_by_kind",
            ),
            models.CheckConstraint(
                condition=Q(status=MeasureStatus.CLOSED, closed_on__isnull=False)
                | (~Q(status=MeasureStatus.CLOSED) & Q(closed_on__isnull=True)),
                name="measure_closed_on_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.problem.code} · {self.content[:30]}"

    def clean(self):
        if self.kind == MeasureKind.LONG_TERM:
            if self.deadline is not None:
                raise ValidationError({"deadline": "长期坚持的措施不设整改时限，按季度报送进展。"})
        elif self.deadline is None:
            raise ValidationError({"deadline": "请填写整改时限。"})
        if self.department_id and self.org_id and not self.department.is_within(self.org):
            raise ValidationError({"department": f"责任科室须是“{self.org}”或其下级单位。"})

    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Milestone(models.Model):
    """A stage node (阶段性节点) of a measure: a date and the goal to reach by then."""

    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="milestones")
    due_on = models.DateField("节点日期")
    goal = models.CharField("阶段目标", max_length=300)
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "阶段性节点"
        verbose_name_plural = "阶段性节点"
        ordering = ["measure", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d} {self.goal}"

    def audit_org_path(self) -> str:
        return self.measure.org.path


class MeasureEvent(AppendOnlyModel):
    """One status transition of a measure: who, when, from, to and why. Never edited."""

    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(USER, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField("原状态", max_length=20, choices=MeasureStatus.choices)
    to_status = models.CharField("新状态", max_length=20, choices=MeasureStatus.choices)
    remark = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = "状态变更记录"
        ordering = ["measure", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Progress(models.Model):
    """A progress report (整改进展) on a measure, with its evidence files."""

    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="progress")
    reported_on = models.DateField("报送日期")
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成进度（%）", validators=[MaxValueValidator(100)])
    is_closeout_request = models.BooleanField("销号申请自评", default=False)
    created_by = models.ForeignKey(USER, verbose_name="报送人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("报送时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["measure", "-reported_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_range")]

    def __str__(self) -> str:
        return f"{self.reported_on:%Y-%m-%d} {self.percent}%"

    def audit_org_path(self) -> str:
        return self.measure.org.path


class Evidence(models.Model):
    """A supporting file (佐证材料); its type was checked from the content when it was uploaded."""

    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="evidence")
    progress = models.ForeignKey(
        Progress, verbose_name="所属进展", on_delete=models.PROTECT, related_name="evidence", null=True, blank=True
    )
    file = models.FileField("文件", upload_to="evidence/%Y/%m/")
    name = models.CharField("文件名", max_length=255)
    file_type = models.CharField("文件类型", max_length=10)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(USER, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["measure", "id"]

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.measure.org.path


class Extension(models.Model):
    """A request for a later deadline (延期申请). Approval moves `due_on`; `deadline` stays."""

    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="extensions")
    previous_due_on = models.DateField("原时限")
    requested_due_on = models.DateField("申请延至")
    reason = models.TextField("延期理由")
    status = models.CharField(
        "审批状态", max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    requested_by = models.ForeignKey(USER, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        USER, verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_remark = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["measure", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ExtensionStatus.values), name="extension_status_valid"),
            models.CheckConstraint(
                condition=Q(requested_due_on__gt=F("previous_due_on")), name="extension_later_than_before"
            ),
            models.UniqueConstraint(
                fields=["measure"], condition=Q(status=ExtensionStatus.PENDING), name="extension_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} 延至 {self.requested_due_on:%Y-%m-%d}"

    def audit_org_path(self) -> str:
        return self.measure.org.path


class Urge(models.Model):
    """A reminder from the office or a supervisor (催办/督办) that a measure needs attention."""

    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="urges")
    text = models.CharField("催办内容", max_length=500)
    urged_by = models.ForeignKey(USER, verbose_name="催办人", on_delete=models.PROTECT, related_name="+")
    urged_at = models.DateTimeField("催办时间", auto_now_add=True)

    class Meta:
        verbose_name = "催办"
        verbose_name_plural = "催办记录"
        ordering = ["measure", "-id"]

    def __str__(self) -> str:
        return self.text

    def audit_org_path(self) -> str:
        return self.measure.org.path


class Holiday(models.Model):
    """A day off on a weekday (法定节假日) or a working weekend day (调休上班)."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类别", max_length=10, choices=HolidayKind.choices)
    name = models.CharField("名称", max_length=50, blank=True, help_text="例如：国庆节")

    class Meta:
        verbose_name = "节假日"
        verbose_name_plural = "节假日安排"
        ordering = ["date"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=HolidayKind.values), name="holiday_kind_valid")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"


class StatusCount(models.Model):
    """How many measures of a campaign and org are in each status, kept by the services in the same
    transaction as every change, so that the counts at the top of the ledger never scan it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=MeasureStatus.choices)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = "状态计数"
        verbose_name_plural = "状态计数"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "org", "status"], name="status_count_unique"),
            models.CheckConstraint(condition=Q(count__gte=0), name="status_count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.org_id}/{self.status}={self.count}"


class CampaignStatusCount(models.Model):
    """How many measures of a campaign are in each status: the sum of its `StatusCount` rows, kept by
    the same service calls, so that the counts of a whole campaign read a few rows, not one per org."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=MeasureStatus.choices)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = "活动状态计数"
        verbose_name_plural = "活动状态计数"
        ordering = ["campaign", "status"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "status"], name="campaign_status_count_unique"),
            models.CheckConstraint(
                condition=Q(status__in=MeasureStatus.values), name="campaign_status_count_status_valid"
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="campaign_status_count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.status}={self.count}"
