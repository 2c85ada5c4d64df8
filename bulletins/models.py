"""The monthly bulletin (一月一通报): a campaign's figures for one month and one scope, frozen when
generated, reviewed, then published internally or to the public."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from bulletins.choices import BulletinStatus, Visibility
from campaigns.models import Campaign
from common.models import StatusEvent
from ledger.models import Measure
from organisations.models import Org

USER = settings.AUTH_USER_MODEL
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Bulletin(models.Model):
    """A monthly bulletin (通报) of a campaign for one month and one scope org.

    `figures` is the snapshot of the ledger taken when the office (re)generates it: what the pages
    and the DOCX show, so a published bulletin never changes when the ledger moves on. The 红榜 and
    黑榜 are worked out from the snapshot with the bulletin's own thresholds.
    """

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="bulletins")
    org = models.ForeignKey(Org, verbose_name="通报范围", on_delete=models.PROTECT, related_name="bulletins")
    month = models.DateField("月份", help_text="该月的第一天。")
    year = models.PositiveSmallIntegerField("年度", editable=False)
    seq = models.PositiveIntegerField("期号", editable=False)
    title = models.CharField("标题", max_length=200)
    status = models.CharField("状态", max_length=20, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT)
    visibility = models.CharField("发布范围", max_length=20, choices=Visibility.choices, default=Visibility.INTERNAL)
    red_threshold = models.DecimalField(
        "红榜线（完成率%）", max_digits=5, decimal_places=2, default=Decimal(90), validators=PERCENT
    )
    black_threshold = models.DecimalField(
        "黑榜线（完成率%）", max_digits=5, decimal_places=2, default=Decimal(85), validators=PERCENT
    )
    figures = models.JSONField("数据快照", default=dict, blank=True, editable=False)
    generated_at = models.DateTimeField("数据生成时间", null=True, blank=True, editable=False)
    next_steps = models.TextField("下步工作", blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    drafted_by = models.ForeignKey(USER, verbose_name="起草人", on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        USER, verbose_name="提交审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(
        USER, verbose_name="签发人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-month", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "month", "org"], name="bulletin_one_per_month_and_scope"),
            models.UniqueConstraint(fields=["campaign", "year", "seq"], name="bulletin_seq_unique_in_year"),
            models.CheckConstraint(condition=Q(status__in=BulletinStatus.values), name="bulletin_status_valid"),
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="bulletin_visibility_valid"),
            models.CheckConstraint(
                condition=Q(black_threshold__lte=F("red_threshold")), name="bulletin_black_not_above_red"
            ),
            models.CheckConstraint(
                condition=Q(status=BulletinStatus.PUBLISHED, published_at__isnull=False)
                | (~Q(status=BulletinStatus.PUBLISHED) & Q(published_at__isnull=True)),
                name="bulletin_published_at_iff_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """〔2026〕第3期."""
        return f"〔{self.year}〕第{self.seq}期"

    def audit_org_path(self) -> str:
        return self.org.path


class GoodPractice(models.Model):
    """A typical practice (典型做法) the office picked for the bulletin, optionally tied to a unit or a measure."""

    bulletin = models.ForeignKey(Bulletin, verbose_name="通报", on_delete=models.CASCADE, related_name="good_practices")
    sort_order = models.PositiveIntegerField("排序", default=0)
    text = models.TextField("典型做法")
    org = models.ForeignKey(Org, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(
        Measure, verbose_name="整改措施", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "典型做法"
        verbose_name_plural = "典型做法"
        ordering = ["bulletin", "sort_order", "id"]

    def __str__(self) -> str:
        return self.text[:30]

    def audit_org_path(self) -> str:
        return self.bulletin.org.path


class BulletinEvent(StatusEvent):
    """One status change of a bulletin: who, when, from, to and why. Never edited."""

    bulletin = models.ForeignKey(Bulletin, verbose_name="通报", on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField("原状态", max_length=20, choices=BulletinStatus.choices)
    to_status = models.CharField("新状态", max_length=20, choices=BulletinStatus.choices)

    class Meta:
        verbose_name = "通报状态变更"
        verbose_name_plural = "通报状态变更记录"
        ordering = ["bulletin", "id"]

    def audit_org_path(self) -> str:
        return self.bulletin.org.path
