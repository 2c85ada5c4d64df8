"""Public commitments (公开承诺, 以诺促改): what a unit's head or leader promises in a campaign, in
public, and whether it was kept.

Like the ledger, nothing here is ever deleted: a commitment on the wall stays there with its history.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from campaigns.models import Campaign, ProblemCategory
from commitments.choices import RUNNING_STATUSES, CommitmentStatus, PublicState
from common.models import CheckedFileFields, StatusEvent
from organisations.models import Org

USER = settings.AUTH_USER_MODEL


class Commitment(models.Model):
    """One public commitment: content, measurable target (衡量标准), deadline and who answers for it.

    `position` is the committer's position (职务) when the commitment was made, as the wall shows it.
    """

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="commitments")
    org = models.ForeignKey(Org, verbose_name="承诺单位", on_delete=models.PROTECT, related_name="commitments")
    committer = models.ForeignKey(USER, verbose_name="承诺人", on_delete=models.PROTECT, related_name="commitments")
    position = models.CharField("承诺人职务", max_length=50, blank=True)
    category = models.ForeignKey(
        ProblemCategory, verbose_name="类别", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField("承诺内容")
    target = models.TextField("衡量标准", help_text="可衡量、可检验的目标，例如：门诊高峰期排队不超过15分钟。")
    deadline = models.DateField("兑现时限")
    responsible = models.ForeignKey(USER, verbose_name="责任人", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "状态", max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.DRAFT, db_index=True
    )
    percent = models.PositiveSmallIntegerField("完成进度（%）", default=0, validators=[MaxValueValidator(100)])
    published_on = models.DateField("公开日期", null=True, blank=True)
    requested_by = models.ForeignKey(
        USER, verbose_name="兑现报告人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_by = models.ForeignKey(
        USER, verbose_name="核验人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fulfilled_on = models.DateField("兑现日期", null=True, blank=True)
    created_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "公开承诺"
        verbose_name_plural = "公开承诺"
        ordering = ["campaign", "org__path", "deadline", "id"]
        indexes = [
            models.Index(fields=["campaign", "status", "deadline"], name="commitment_campaign_status_idx"),
            models.Index(fields=["org", "status"], name="commitment_org_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CommitmentStatus.values), name="commitment_status_valid"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="commitment_percent_range"),
            models.CheckConstraint(
                condition=Q(status=CommitmentStatus.FULFILLED, fulfilled_on__isnull=False)
                | (~Q(status=CommitmentStatus.FULFILLED) & Q(fulfilled_on__isnull=True)),
                name="commitment_fulfilled_on_iff_fulfilled",
            ),
            models.CheckConstraint(
                condition=Q(status=CommitmentStatus.DRAFT) | Q(published_on__isnull=False),
                name="commitment_published_on_once_public",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org.display_name} · {self.content[:30]}"

    def clean(self):
        if self.category_id and self.campaign_id and self.category.campaign_id != self.campaign_id:
            raise ValidationError({"category": "类别须是本活动的问题类别。"})
        if self.org_id and self.campaign_id and not self.org.is_within(self.campaign.org):
            raise ValidationError({"org": f"承诺单位须是“{self.campaign.org}”或其下级单位。"})

    def audit_org_path(self) -> str:
        return self.org.path

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in RUNNING_STATUSES and self.deadline < today

    def public_state(self, today: datetime.date) -> str:
        if self.status == CommitmentStatus.FULFILLED:
            return PublicState.FULFILLED
        return PublicState.OVERDUE if self.is_overdue(today) else PublicState.PROMISED


class CommitmentEvent(StatusEvent):
    """One status change of a commitment. Never edited."""

    commitment = models.ForeignKey(Commitment, verbose_name="公开承诺", on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField("原状态", max_length=20, choices=CommitmentStatus.choices)
    to_status = models.CharField("新状态", max_length=20, choices=CommitmentStatus.choices)

    class Meta:
        verbose_name = "承诺状态变更"
        verbose_name_plural = "承诺状态变更记录"
        ordering = ["commitment", "id"]

    def audit_org_path(self) -> str:
        return self.commitment.org.path


class CommitmentReport(models.Model):
    """A progress report on a commitment, or (`is_fulfilment`) the report that it has been kept."""

    commitment = models.ForeignKey(
        Commitment, verbose_name="公开承诺", on_delete=models.PROTECT, related_name="reports"
    )
    reported_on = models.DateField("报告日期")
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成进度（%）", validators=[MaxValueValidator(100)])
    is_fulfilment = models.BooleanField("兑现报告", default=False)
    created_by = models.ForeignKey(USER, verbose_name="报告人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("报告时间", auto_now_add=True)

    class Meta:
        verbose_name = "承诺进展"
        verbose_name_plural = "承诺进展"
        ordering = ["commitment", "-reported_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="commitment_report_percent_range")]

    def __str__(self) -> str:
        return f"{self.reported_on:%Y-%m-%d} {self.percent}%"

    def audit_org_path(self) -> str:
        return self.commitment.org.path


class CommitmentEvidence(CheckedFileFields):
    """A supporting file of a report; its type was checked from its content when uploaded."""

    report = models.ForeignKey(
        CommitmentReport, verbose_name="所属报告", on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField("文件", upload_to="commitments/%Y/%m/")
    uploaded_by = models.ForeignKey(USER, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "承诺佐证材料"
        verbose_name_plural = "承诺佐证材料"
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.file_name

    def audit_org_path(self) -> str:
        return self.report.commitment.org.path
