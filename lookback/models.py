"""回头看: look-back rounds that re-verify closed measures, and dismissed recurrence warnings."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from campaigns.models import Campaign
from ledger.models import Measure, MeasureEvent, Problem
from lookback.choices import RoundStatus, SelectionRule, Verdict
from organisations.models import Org

USER = settings.AUTH_USER_MODEL


class LookbackRound(models.Model):
    """A look-back round (回头看) of a campaign over a scope org: which closed measures of which source
    campaigns to re-verify, drawn once when the round starts (a random share from its recorded seed)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="所属活动", on_delete=models.PROTECT, related_name="lookback_rounds"
    )
    name = models.CharField("名称", max_length=100)
    org = models.ForeignKey(Org, verbose_name="范围单位", on_delete=models.PROTECT, related_name="+")
    source_campaigns = models.ManyToManyField(
        Campaign,
        verbose_name="回看的活动",
        related_name="+",
        blank=True,
        help_text="回看哪些活动（含其子方案）已销号的措施；不选即本活动。",
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    rule = models.CharField("抽取方式", max_length=10, choices=SelectionRule.choices, default=SelectionRule.ALL)
    category_name = models.CharField("问题类别", max_length=100, blank=True)
    percent = models.PositiveSmallIntegerField("抽取比例（%）", null=True, blank=True)
    seed = models.BigIntegerField("随机种子", null=True, blank=True, help_text="记录在案，可据此复现抽取结果。")
    checkers = models.ManyToManyField(USER, verbose_name="核查人", related_name="+", blank=True)
    status = models.CharField("状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    created_by = models.ForeignKey(USER, verbose_name="创建人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("启动时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "回头看"
        verbose_name_plural = "回头看"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="lookback_round_name_unique"),
            models.CheckConstraint(condition=Q(status__in=RoundStatus.values), name="lookback_round_status_valid"),
            models.CheckConstraint(condition=Q(rule__in=SelectionRule.values), name="lookback_round_rule_valid"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="lookback_round_dates_ordered"),
            models.CheckConstraint(
                condition=~Q(rule=SelectionRule.CATEGORY) | ~Q(category_name=""),
                name="lookback_round_category_given",
            ),
            models.CheckConstraint(
                condition=~Q(rule=SelectionRule.RANDOM) | Q(percent__gte=1, percent__lte=100, seed__isnull=False),
                name="lookback_round_random_share",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.org.path


class LookbackItem(models.Model):
    """One closed measure to re-verify, its checker and the verdict: 巩固 (holding) or 反弹 (came back,
    which reopened the measure: `reopen_event`). 未核查 marks what was left when the office closed the round."""

    round = models.ForeignKey(LookbackRound, verbose_name="回头看", on_delete=models.PROTECT, related_name="items")
    measure = models.ForeignKey(
        Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="lookback_items"
    )
    checker = models.ForeignKey(USER, verbose_name="核查人", on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField("核查结论", max_length=10, choices=Verdict.choices, blank=True)
    remark = models.TextField("核查情况", blank=True)
    checked_on = models.DateField("核查日期", null=True, blank=True)
    file = models.FileField("佐证材料", upload_to="lookback/%Y/%m/", blank=True)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    file_type = models.CharField("文件类型", max_length=10, blank=True)
    file_sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    reopen_event = models.OneToOneField(
        MeasureEvent,
        verbose_name="重新打开记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lookback_item",
    )

    class Meta:
        verbose_name = "回头看事项"
        verbose_name_plural = "回头看事项"
        ordering = ["round", "id"]
        indexes = [models.Index(fields=["checker", "verdict"], name="lookback_item_checker_idx")]
        constraints = [
            models.UniqueConstraint(fields=["round", "measure"], name="lookback_item_measure_once"),
            models.CheckConstraint(
                condition=Q(verdict="") | Q(verdict__in=Verdict.values), name="lookback_item_verdict_valid"
            ),
            models.CheckConstraint(
                condition=Q(verdict="", checked_on__isnull=True) | (~Q(verdict="") & Q(checked_on__isnull=False)),
                name="lookback_item_checked_on_iff_verdict",
            ),
            models.CheckConstraint(
                condition=Q(reopen_event__isnull=True) | Q(verdict=Verdict.RECURRED),
                name="lookback_item_reopen_only_recurred",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.measure_id}"

    def audit_org_path(self) -> str:
        return self.measure.org.path


class RecurrenceDismissal(models.Model):
    """The office looked at a recurrence warning (疑似屡查屡犯) and judged the earlier problem unrelated."""

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.PROTECT, related_name="+")
    earlier = models.ForeignKey(Problem, verbose_name="此前问题", on_delete=models.PROTECT, related_name="+")
    dismissed_by = models.ForeignKey(USER, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")
    dismissed_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "排除屡查屡犯提示"
        verbose_name_plural = "排除屡查屡犯提示"
        ordering = ["problem", "id"]
        constraints = [models.UniqueConstraint(fields=["problem", "earlier"], name="recurrence_dismissal_once")]

    def __str__(self) -> str:
        return f"{self.problem_id} ≠ {self.earlier_id}"

    def audit_org_path(self) -> str:
        return self.problem.org.path
