"""消息提醒: in-app notifications, each person's delivery preference, org webhooks and delivery records."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from notifications.choices import (
    CLAIMED_STATUSES,
    Channel,
    DeliveryMode,
    DeliveryStatus,
    NotificationKind,
    WebhookKind,
)
from organisations.models import Org

USER = settings.AUTH_USER_MODEL


class Notification(models.Model):
    """One message for one person. `key` names the event, so the same event is never told twice."""

    recipient = models.ForeignKey(USER, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("类别", max_length=30, choices=NotificationKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    key = models.CharField("事件标识", max_length=200)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_unique_recipient_key"),
            models.CheckConstraint(condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_recipient_idx"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.title}"

    def audit_org_path(self) -> str:
        return ""

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How a person wants to be told: right away or in one daily digest, and whether by email too."""

    user = models.OneToOneField(
        USER, verbose_name="人员", on_delete=models.CASCADE, related_name="notification_preference"
    )
    mode = models.CharField("推送方式", max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.IMMEDIATE)
    email_enabled = models.BooleanField("发送电子邮件", default=True, help_text="须在个人资料中填写电子邮箱。")

    class Meta:
        verbose_name = "消息推送设置"
        verbose_name_plural = "消息推送设置"
        ordering = ["user"]
        constraints = [
            models.CheckConstraint(condition=Q(mode__in=DeliveryMode.values), name="notification_pref_mode_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_mode_display()}"

    def audit_org_path(self) -> str:
        return ""


class WebhookEndpoint(models.Model):
    """A 企业微信 or 钉钉 group robot of an org: messages for the org's people are posted to the group."""

    org = models.ForeignKey(Org, verbose_name="单位", on_delete=models.PROTECT, related_name="webhook_endpoints")
    kind = models.CharField("机器人类型", max_length=20, choices=WebhookKind.choices)
    name = models.CharField("名称", max_length=50, help_text="例如：整改工作群")
    url = models.URLField("Webhook 地址", max_length=500)
    secret = models.CharField(
        "加签密钥",
        max_length=200,
        blank=True,
        help_text="仅钉钉机器人“加签”安全设置使用（以 SEC 开头）；企业微信留空。",
    )
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "群机器人"
        verbose_name_plural = "群机器人"
        ordering = ["org__path", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=WebhookKind.values), name="webhook_kind_valid"),
            models.CheckConstraint(
                condition=Q(secret="") | Q(kind=WebhookKind.DINGTALK), name="webhook_secret_only_dingtalk"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.name}"

    def audit_org_path(self) -> str:
        return self.org.path


class Delivery(models.Model):
    """One attempt to deliver something outside the app: an email to a person or a post to a group robot.

    `key` names what is delivered (a notification, or a day's digest). The row is inserted as
    *sending* before the message goes out and is then marked sent or failed; a sending or sent row
    with the same channel, target and key means it is not sent again, even by a run racing this one.
    """

    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    target = models.CharField("发送对象", max_length=500)
    key = models.CharField("内容标识", max_length=200)
    status = models.CharField("状态", max_length=20, choices=DeliveryStatus.choices)
    error = models.TextField("错误信息", blank=True)
    sent_at = models.DateTimeField("发送时间", default=timezone.now, db_index=True)
    recipient = models.ForeignKey(
        USER, verbose_name="接收人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name="群机器人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    notifications = models.ManyToManyField(Notification, verbose_name="所含消息", related_name="deliveries")

    class Meta:
        verbose_name = "发送记录"
        verbose_name_plural = "发送记录"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="delivery_channel_valid"),
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"),
            models.UniqueConstraint(
                fields=["channel", "target", "key"],
                condition=Q(status__in=CLAIMED_STATUSES),
                name="delivery_sent_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.target} {self.get_status_display()}"

    def audit_org_path(self) -> str:
        return self.endpoint.org.path if self.endpoint_id else ""
