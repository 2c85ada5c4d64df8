"""考核排名 (以考促改): a campaign's scoring scheme, assessment periods, each unit's frozen score and
rank per period, and the follow-up decided for the units ranked at the bottom.

A period's scores are worked out by `assessment.services.period_compute` and stored with the figures
and the points each indicator gave, so a published (locked) ranking never changes afterwards: not
when the ledger moves on, and not when the scheme is edited (a scheme used by a locked period is
replaced by a new version rather than changed).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from assessment.choices import FollowUpDecision, PeriodStatus, ScoringMethod
from campaigns.models import Campaign
from organisations.models import Org

USER = settings.AUTH_USER_MODEL
NOT_NEGATIVE = MinValueValidator(Decimal(0), message="权重和扣分不能为负数。")


def _points(label: str, default: str, help_text: str) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=5, decimal_places=2, default=Decimal(default), validators=[NOT_NEGATIVE], help_text=help_text
    )


WEIGHT_FIELDS = ("completion_weight", "on_time_weight", "recurrence_weight", "satisfaction_weight")
POINT_FIELDS = ("completion_per_point", "on_time_per_point", "recurrence_per_point", "satisfaction_per_point")
DEDUCTION_FIELDS = (
    "finding_deduction",
    "notice_deduction",
    "escalation_deduction",
    "yellow_deduction",
    "red_deduction",
)


class ScoringScheme(models.Model):
    """How a campaign's units are scored (考核办法). One active scheme per campaign; the field defaults
    are the scheme a campaign gets when its office has set none.

    Weighted: the four rates earn their weights (a rate of 80% earns 80% of its weight; for the
    recurrence rate, lower is better), then the count deductions are taken off. Deduction: a base of
    100, minus points per percentage point each rate falls short (or, for recurrence, rises above
    zero), minus the count deductions. Either way the score is never below 0.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="scoring_schemes"
    )
    is_active = models.BooleanField("现行办法", default=True)
    method = models.CharField("计分方法", max_length=20, choices=ScoringMethod.choices, default=ScoringMethod.WEIGHTED)
    completion_weight = _points("整改完成率权重", "40", "加权计分：完成率为100%时得满该分值。")
    on_time_weight = _points("按期完成率权重", "30", "加权计分：按期完成率为100%时得满该分值。")
    recurrence_weight = _points("问题复发率权重", "15", "加权计分：复发率为0时得满该分值，越高得分越少。")
    satisfaction_weight = _points("群众满意度权重", "15", "加权计分：满意率为100%时得满该分值。")
    completion_per_point = _points("完成率每低1个百分点扣分", "0.5", "百分制扣分：完成率低于100%的每个百分点。")
    on_time_per_point = _points("按期率每低1个百分点扣分", "0.3", "百分制扣分：按期完成率低于100%的每个百分点。")
    recurrence_per_point = _points("复发率每1个百分点扣分", "0.5", "百分制扣分：复发率的每个百分点。")
    satisfaction_per_point = _points("满意率每低1个百分点扣分", "0.2", "百分制扣分：满意率低于100%的每个百分点。")
    finding_deduction = _points("督查发现问题每条扣分", "1", "两种方法均适用：考核期内督查发现的每条问题。")
    notice_deduction = _points("催办督办每单扣分", "2", "两种方法均适用：考核期内收到的每张催办单、督办单。")
    escalation_deduction = _points(
        "催办每升一级加扣", "1", "两种方法均适用：催办单每升一级（升为督办单、约谈等）另扣的分值。"
    )
    yellow_deduction = _points("黄灯每项扣分", "0.5", "两种方法均适用：考核期末亮黄灯的每项措施。")
    red_deduction = _points("红灯每项扣分", "2", "两种方法均适用：考核期末亮红灯（逾期）的每项措施。")
    bottom_n = models.PositiveSmallIntegerField(
        "末位单位数",
        default=1,
        validators=[
            MinValueValidator(1, message="末位单位数至少为1。"),
            MaxValueValidator(20, message="末位单位数最多为20。"),
        ],
        help_text="排名最后的若干名列为末位，须作出处理决定；与末位得分相同的并列单位一并列入。",
    )
    updated_by = models.ForeignKey(
        USER, verbose_name="修改人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "考核办法"
        verbose_name_plural = "考核办法"
        ordering = ["campaign", "-is_active", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign"], condition=Q(is_active=True), name="scheme_one_active"),
            models.CheckConstraint(condition=Q(method__in=ScoringMethod.values), name="scheme_method_valid"),
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 0 for name in (*WEIGHT_FIELDS, *POINT_FIELDS, *DEDUCTION_FIELDS)}),
                name="scheme_points_not_negative",
            ),
            models.CheckConstraint(condition=Q(bottom_n__gte=1, bottom_n__lte=20), name="scheme_bottom_n_range"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.theme} 考核办法（{self.get_method_display()}）"

    def clean(self):
        if self.method == ScoringMethod.WEIGHTED:
            weights = [getattr(self, name) for name in WEIGHT_FIELDS]
            if all(weight is not None for weight in weights) and sum(weights) != 100:
                raise ValidationError(
                    {"completion_weight": f"加权计分时，四项权重之和须为100（当前为{sum(weights).normalize():f}）。"}
                )

    def audit_org_path(self) -> str:
        return self.campaign.org.path


class AssessmentPeriod(models.Model):
    """A month, quarter or year the units are scored for (考核期). Draft: the office may compute the
    scores again and again; locked (published): the ranking is final and visible to every unit."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="assessment_periods"
    )
    name = models.CharField("考核期名称", max_length=50, help_text="例如：2026年10月、2026年第四季度")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    status = models.CharField("状态", max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT)
    scheme = models.ForeignKey(
        ScoringScheme,
        verbose_name="所用考核办法",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="periods",
    )
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    computed_by = models.ForeignKey(
        USER, verbose_name="计算人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    locked_at = models.DateTimeField("发布时间", null=True, blank=True)
    locked_by = models.ForeignKey(
        USER, verbose_name="发布人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(USER, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "考核期"
        verbose_name_plural = "考核期"
        ordering = ["campaign", "-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="period_unique_name"),
            models.CheckConstraint(condition=Q(status__in=PeriodStatus.values), name="period_status_valid"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="period_dates_ordered"),
            models.CheckConstraint(
                condition=Q(status=PeriodStatus.DRAFT, locked_at__isnull=True)
                | Q(status=PeriodStatus.LOCKED, locked_at__isnull=False, computed_at__isnull=False),
                name="period_locked_when_computed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.theme} · {self.name}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "考核期的结束日期不能早于开始日期。"})

    def audit_org_path(self) -> str:
        return self.campaign.org.path

    @property
    def is_locked(self) -> bool:
        return self.status == PeriodStatus.LOCKED


class Score(models.Model):
    """One unit's score and rank in a period, with the figures it was made from and the points each
    indicator gave (`contributions`, indicator key → points as a string, deductions negative).

    Rates are percentages; None when the unit had nothing to measure them on (no measures closed,
    no votes), in which case the indicator gave no points and took none."""

    period = models.ForeignKey(AssessmentPeriod, verbose_name="考核期", on_delete=models.CASCADE, related_name="scores")
    org = models.ForeignKey(Org, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    completion_rate = models.DecimalField("整改完成率（%）", max_digits=5, decimal_places=2, null=True)
    on_time_rate = models.DecimalField("按期完成率（%）", max_digits=5, decimal_places=2, null=True)
    recurrence_rate = models.DecimalField("问题复发率（%）", max_digits=5, decimal_places=2, null=True)
    satisfaction = models.DecimalField("群众满意度（%）", max_digits=5, decimal_places=2, null=True)
    findings = models.PositiveIntegerField("督查发现问题", default=0)
    notices = models.PositiveIntegerField("催办督办", default=0)
    escalations = models.PositiveIntegerField("催办升级级次", default=0)
    yellow = models.PositiveIntegerField("黄灯", default=0)
    red = models.PositiveIntegerField("红灯", default=0)
    figures = models.JSONField("基础数据", default=dict)
    contributions = models.JSONField("各项得分", default=dict)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField("名次")
    tied = models.BooleanField("并列", default=False)
    is_bottom = models.BooleanField("末位", default=False)

    class Meta:
        verbose_name = "考核得分"
        verbose_name_plural = "考核得分"
        ordering = ["period", "rank", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "org"], name="score_unique_org_in_period"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="score_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.period.name} · {self.org} · 第{self.rank}名"

    def audit_org_path(self) -> str:
        return self.org.path


class FollowUp(models.Model):
    """The decision on a unit ranked at the bottom (末位): who decided what, when, and why."""

    score = models.OneToOneField(Score, verbose_name="考核得分", on_delete=models.PROTECT, related_name="follow_up")
    decision = models.CharField("处理决定", max_length=20, choices=FollowUpDecision.choices)
    remark = models.TextField("说明", blank=True)
    decided_by = models.ForeignKey(USER, verbose_name="决定人", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间")

    class Meta:
        verbose_name = "末位处理"
        verbose_name_plural = "末位处理"
        ordering = ["score", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=FollowUpDecision.values), name="follow_up_decision_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.score.org} · {self.get_decision_display()}"

    def audit_org_path(self) -> str:
        return self.score.org.path
