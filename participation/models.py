"""Public participation (群众参与): opinions, problem reports and complaints from the public, online or
recorded by staff from offline channels, triaged into the problem list and answered."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from campaigns.models import Campaign
from common.models import AppendOnlyModel
from organisations.models import Org
from participation.choices import Channel, Rating, SubmissionKind, SubmissionStatus, WhistleblowStatus

USER = settings.AUTH_USER_MODEL
TRIAGED = [SubmissionStatus.ACCEPTED, SubmissionStatus.MERGED]


class Submission(models.Model):
    """One submission (意见建议/问题反映/投诉) about a unit in a campaign.

    `tracking_code` is the submitter's only key to its status and answer: stored upper-case without
    dashes. `ip_hash` is a keyed hash of the sender's address, kept only to limit the rate; the raw
    address is never stored.
    """

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="submissions")
    org = models.ForeignKey(Org, verbose_name="反映单位", on_delete=models.PROTECT, related_name="submissions")
    kind = models.CharField("类别", max_length=20, choices=SubmissionKind.choices)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    text = models.TextField("内容")
    name = models.CharField("姓名", max_length=30, blank=True)
    phone = models.CharField("手机号码", max_length=11, blank=True)
    tracking_code = models.CharField("查询码", max_length=12, unique=True, editable=False)
    ip_hash = models.CharField("来源地址摘要", max_length=64, blank=True, editable=False)
    received_on = models.DateField("收到日期")
    created_at = models.DateTimeField("登记时间", default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        USER, verbose_name="录入人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING)
    problem = models.ForeignKey(
        "ledger.Problem",
        verbose_name="对应问题",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    duplicate_of = models.ForeignKey(
        "self", verbose_name="重复于", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    decline_reason = models.TextField("不予受理理由", blank=True)
    triaged_by = models.ForeignKey(
        USER, verbose_name="处理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField("处理时间", null=True, blank=True)
    answer_due_on = models.DateField("答复期限")
    answer = models.TextField("答复内容", blank=True)
    answered_by = models.ForeignKey(
        USER, verbose_name="答复人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    rating = models.CharField("回访评价", max_length=20, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)

    class Meta:
        verbose_name = "群众意见"
        verbose_name_plural = "群众意见"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["ip_hash", "created_at"], name="submission_ip_recent_idx"),
            models.Index(fields=["phone", "created_at"], name="submission_phone_recent_idx"),
            models.Index(fields=["org", "status", "created_at"], name="submission_org_status_idx"),
            models.Index(fields=["campaign", "status"], name="submission_campaign_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SubmissionKind.values), name="submission_kind_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="submission_channel_valid"),
            models.CheckConstraint(condition=Q(status__in=SubmissionStatus.values), name="submission_status_valid"),
            models.CheckConstraint(
                condition=Q(rating="") | Q(rating__in=Rating.values, answered_at__isnull=False, rated_at__isnull=False),
                name="submission_rating_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=TRIAGED, problem__isnull=False)
                | (~Q(status__in=TRIAGED) & Q(problem__isnull=True)),
                name="submission_problem_iff_accepted",
            ),
            models.CheckConstraint(
                condition=Q(status=SubmissionStatus.DUPLICATE, duplicate_of__isnull=False)
                | (~Q(status=SubmissionStatus.DUPLICATE) & Q(duplicate_of__isnull=True)),
                name="submission_duplicate_of_iff_duplicate",
            ),
            models.CheckConstraint(
                condition=~Q(status=SubmissionStatus.DECLINED) | ~Q(decline_reason=""),
                name="submission_decline_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answer="") | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="submission_answer_complete",
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.ONLINE) | Q(recorded_by__isnull=False),
                name="submission_offline_has_recorder",
            ),
        ]

    def __str__(self) -> str:
        # Never the tracking code: this text is copied into the audit log.
        return f"{self.get_kind_display()} #{self.pk} {self.text[:20]}"

    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def display_code(self) -> str:
        return format_code(self.tracking_code)

    def is_overdue(self, today) -> bool:
        return self.answered_at is None and self.answer_due_on < today


def format_code(code: str) -> str:
    """ABCDEFGHJKMN → ABCD-EFGH-JKMN, for reading aloud."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class SubmissionPhoto(models.Model):
    """A photo sent with a public submission; its type was checked from the content (images only).

    Served only through the staff view that checks the inbox scope, never from a public URL.
    """

    submission = models.ForeignKey(Submission, verbose_name="群众意见", on_delete=models.PROTECT, related_name="photos")
    file = models.FileField("文件", upload_to="voices/%Y/%m/")
    name = models.CharField("文件名", max_length=255)
    file_type = models.CharField("文件类型", max_length=10)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "群众意见照片"
        verbose_name_plural = "群众意见照片"
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return f"照片 #{self.pk}"

    def audit_org_path(self) -> str:
        return self.submission.org.path


class SubmissionEvent(AppendOnlyModel):
    """One step in a submission's handling: who, when, what, why. Never edited."""

    submission = models.ForeignKey(Submission, verbose_name="群众意见", on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(USER, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField("操作", max_length=20)
    from_status = models.CharField("原状态", max_length=20, choices=SubmissionStatus.choices)
    to_status = models.CharField("新状态", max_length=20, choices=SubmissionStatus.choices)
    remark = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "处理记录"
        verbose_name_plural = "处理记录"
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.get_from_status_display()} → {self.get_to_status_display()}"


class Whistleblow(models.Model):
    """One whistleblowing report (举报) about a unit, read only by the discipline inspectors above it.

    The reporter's name, phone and other contact are never stored in clear: `identity_token` is a
    Fernet token of them (participation.identity), empty for an anonymous report. The tracking code
    and `ip_hash` are kept as for submissions.
    """

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="whistleblows")
    org = models.ForeignKey(Org, verbose_name="被举报单位", on_delete=models.PROTECT, related_name="whistleblows")
    subject = models.CharField("被举报人或事项", max_length=100)
    text = models.TextField("举报内容")
    identity_token = models.TextField("举报人身份（密文）", blank=True, editable=False)
    tracking_code = models.CharField("查询码", max_length=12, unique=True, editable=False)
    ip_hash = models.CharField("来源地址摘要", max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField("收到时间", default=timezone.now, editable=False)
    status = models.CharField(
        "状态", max_length=20, choices=WhistleblowStatus.choices, default=WhistleblowStatus.RECEIVED
    )
    reply = models.TextField("答复内容", blank=True)
    accepted_by = models.ForeignKey(
        USER, verbose_name="受理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, verbose_name="办结人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "举报"
        verbose_name_plural = "举报"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["ip_hash", "created_at"], name="whistleblow_ip_recent_idx"),
            models.Index(fields=["org", "status", "created_at"], name="whistleblow_org_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=WhistleblowStatus.values), name="whistleblow_status_valid"),
            models.CheckConstraint(
                condition=Q(status=WhistleblowStatus.RECEIVED) | Q(accepted_at__isnull=False),
                name="whistleblow_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=(Q(status=WhistleblowStatus.CLOSED) & Q(closed_at__isnull=False) & ~Q(reply=""))
                | (~Q(status=WhistleblowStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="whistleblow_closed_has_reply",
            ),
        ]

    def __str__(self) -> str:
        # Neither the code, the content nor the identity: this text is copied into the audit log.
        return f"举报 #{self.pk}"

    def audit_org_path(self) -> str:
        # Empty: the office reads its subtree's audit log, and must not learn even that a report exists.
        return ""

    @property
    def display_code(self) -> str:
        return format_code(self.tracking_code)

    @property
    def is_anonymous(self) -> bool:
        return not self.identity_token


class IdentityAccess(AppendOnlyModel):
    """One reading of a whistleblower's identity: who, when, which report. Never the identity itself."""

    whistleblow = models.ForeignKey(
        Whistleblow, verbose_name="举报", on_delete=models.PROTECT, related_name="identity_accesses"
    )
    reader = models.ForeignKey(USER, verbose_name="查看人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("查看时间", default=timezone.now)

    class Meta:
        verbose_name = "举报人身份查看记录"
        verbose_name_plural = "举报人身份查看记录"
        ordering = ["whistleblow", "id"]

    def __str__(self) -> str:
        return f"{self.reader} {self.at:%Y-%m-%d %H:%M} 举报 #{self.whistleblow_id}"


from participation.survey_models import (  # noqa: E402, F401  (one models module for Django)
    Answer,
    Choice,
    Question,
    Response,
    ResponseReceipt,
    Survey,
    Target,
    TargetRating,
)
