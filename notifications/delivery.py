"""Delivering notifications outside the app: email and 企业微信 / 钉钉 group robots.

Every attempt is a `Delivery` row. A row with status *sent* for the same channel, target and key
means that message has gone out and is never sent again; failed rows keep the error for the office.
Group robots get one message per org (the people of the endpoint's org and its subtree), never one
per person.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from common.dates import cn_date
from notifications.choices import CLAIMED_STATUSES, Channel, DeliveryMode, DeliveryStatus, WebhookKind
from notifications.models import Delivery, Notification, NotificationPreference, WebhookEndpoint
from organisations.models import Membership

WEBHOOK_TIMEOUT_SECONDS = 5
SUBJECT_PREFIX = "【破冰】"
# Room left under 企业微信's 4096-byte limit for the "more" line.
MARKDOWN_BUDGET_BYTES = 3900


# --- group robots --------------------------------------------------------------------------------


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """The robot URL with DingTalk's 加签 parameters: HMAC-SHA256 of "timestamp\\nsecret", base64, URL-encoded."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign}"


def webhook_payload(kind: str, *, title: str, text: str) -> dict:
    """The JSON body each robot documents for a markdown message."""
    if kind == WebhookKind.DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text}}


def webhook_post(endpoint: WebhookEndpoint, *, title: str, text: str) -> None:
    """POST one markdown message to the robot; raise with the reason when it is not accepted."""
    url = endpoint.url
    if endpoint.kind == WebhookKind.DINGTALK and endpoint.secret:
        url = dingtalk_signed_url(url, endpoint.secret, int(time.time() * 1000))
    body = json.dumps(webhook_payload(endpoint.kind, title=title, text=text), ensure_ascii=False).encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
        answer = json.loads(response.read().decode() or "{}")
    if answer.get("errcode", 0) != 0:
        raise RuntimeError(f"errcode={answer.get('errcode')} {answer.get('errmsg', '')}".strip())


# --- recording -----------------------------------------------------------------------------------


def send_and_record(
    *, channel: str, target: str, key: str, send, notifications=(), recipient=None, endpoint=None
) -> Delivery | None:
    """Claim (channel, target, key), call `send()` and record how it went; a failure is kept with its
    reason, never raised. None when the message is already sent or being sent by someone else."""
    try:
        with transaction.atomic():
            record = Delivery.objects.create(
                channel=channel,
                target=target,
                key=key,
                status=DeliveryStatus.SENDING,
                recipient=recipient,
                endpoint=endpoint,
            )
    except IntegrityError:
        return None
    record.notifications.set(notifications)
    try:
        send()
    except Exception as error:  # any failure is recorded for the office to see, never raised
        record.status, record.error = DeliveryStatus.FAILED, f"{type(error).__name__}: {error}"[:2000]
    else:
        record.status = DeliveryStatus.SENT
    record.sent_at = timezone.now()
    record.save(update_fields=["status", "error", "sent_at"])
    return record


def _attempt(*, notifications: list, **kwargs) -> bool:
    """Send once, unless there is nothing to send or it was sent already; True when it went out now."""
    if not notifications:
        return False
    record = send_and_record(notifications=notifications, **kwargs)
    return record is not None and record.status == DeliveryStatus.SENT


def absolute_url(url: str) -> str:
    if not url or "://" in url:
        return url
    return getattr(settings, "POBING_SITE_URL", "").rstrip("/") + url


def _email_text(notifications: list[Notification]) -> str:
    parts = []
    for notification in notifications:
        lines = [notification.title]
        if notification.body:
            lines.append(notification.body)
        if notification.url:
            lines.append(absolute_url(notification.url))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _markdown(notifications: list[Notification], *, title: str) -> str:
    """A heading and one line per notification, cut to what the robots accept (企业微信 takes 4096 bytes)."""
    text = f"### {title}"
    for shown, notification in enumerate(notifications):
        caption = notification.title
        link = absolute_url(notification.url)
        if "://" in link:
            caption = f"[{caption}]({link})"
        line = f"\n- **{notification.recipient}**：{caption}" + (
            f"\n  {notification.body}" if notification.body else ""
        )
        if len((text + line).encode()) > MARKDOWN_BUDGET_BYTES:
            return text + f"\n\n……另有 {len(notifications) - shown} 条，请登录破冰查看。"
        text += line
    return text


def _email(*, user, key: str, subject: str, notifications: list[Notification]) -> bool:
    return _attempt(
        channel=Channel.EMAIL,
        target=user.email,
        key=key,
        notifications=notifications,
        recipient=user,
        send=lambda: send_mail(SUBJECT_PREFIX + subject, _email_text(notifications), None, [user.email]),
    )


def _post(*, endpoint: WebhookEndpoint, key: str, title: str, notifications: list[Notification]) -> bool:
    # The prefix also serves as the keyword of a 钉钉 robot secured by 自定义关键词.
    title = SUBJECT_PREFIX + title
    text = _markdown(notifications, title=title)
    return _attempt(
        channel=Channel.WEBHOOK,
        target=f"webhook:{endpoint.pk}",
        key=key,
        notifications=notifications,
        endpoint=endpoint,
        send=lambda: webhook_post(endpoint, title=title, text=text),
    )


def _active_endpoints() -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.filter(is_active=True).select_related("org"))


def _members(endpoint: WebhookEndpoint):
    """People of the robot's org and its subtree, as a subquery."""
    return Membership.objects.filter(org__path__startswith=endpoint.org.path).values("user")


def _by_endpoint(
    notifications: list[Notification], endpoints: list[WebhookEndpoint]
) -> dict[WebhookEndpoint, list[Notification]]:
    """Group the notifications by the robots whose org holds the recipient (the org or its subtree)."""
    paths = defaultdict(set)
    if endpoints and notifications:
        for user_id, path in Membership.objects.filter(
            user__in={notification.recipient_id for notification in notifications}
        ).values_list("user", "org__path"):
            paths[user_id].add(path)
    grouped = defaultdict(list)
    for endpoint in endpoints:
        for notification in notifications:
            if notification.created_at >= endpoint.created_at and any(
                path.startswith(endpoint.org.path) for path in paths[notification.recipient_id]
            ):
                grouped[endpoint].append(notification)
    return grouped


def _email_wanted(user) -> bool:
    preference = getattr(user, "notification_preference", None)
    return bool(user.email) and (preference is None or preference.email_enabled)


def _mode(user) -> str:
    preference = getattr(user, "notification_preference", None)
    return preference.mode if preference else DeliveryMode.IMMEDIATE


# --- immediate and digest ------------------------------------------------------------------------


def deliver_immediate(notification_ids: list[int]) -> int:
    """Email and post the given notifications of people who want them at once; return messages sent."""
    notifications = [
        notification
        for notification in Notification.objects.filter(pk__in=notification_ids).select_related(
            "recipient", "recipient__notification_preference"
        )
        if _mode(notification.recipient) == DeliveryMode.IMMEDIATE
    ]
    sent = 0
    for notification in notifications:
        if _email_wanted(notification.recipient):
            sent += _email(
                user=notification.recipient,
                key=f"notification:{notification.pk}",
                subject=notification.title,
                notifications=[notification],
            )
    if notifications:
        batch_key = f"immediate:{min(notification.pk for notification in notifications)}"
        for endpoint, grouped in _by_endpoint(notifications, _active_endpoints()).items():
            sent += _post(endpoint=endpoint, key=batch_key, title=grouped[0].title, notifications=grouped)
    return sent


def retry_failed(*, since) -> int:
    """Immediate e-mails and robot posts that failed since `since` and have not gone out since, tried
    once more (the daily run passes the last few days). A day's digest is not retried: the next digest
    takes in whatever was not delivered. Returns the number of messages sent."""
    gone_out = Delivery.objects.filter(
        channel=OuterRef("channel"), target=OuterRef("target"), key=OuterRef("key"), status__in=CLAIMED_STATUSES
    )
    failed = (
        Delivery.objects.filter(status=DeliveryStatus.FAILED, sent_at__gte=since)
        .exclude(key__startswith="digest:")
        .filter(~Exists(gone_out))
        .select_related("recipient", "endpoint")
        .prefetch_related("notifications")
        .order_by("id")
    )
    tried, sent = set(), 0
    for record in failed:
        notifications = list(record.notifications.order_by("pk"))
        if (record.channel, record.target, record.key) in tried or not notifications:
            continue
        tried.add((record.channel, record.target, record.key))
        if record.channel == Channel.EMAIL and record.recipient and _email_wanted(record.recipient):
            sent += _email(
                user=record.recipient, key=record.key, subject=notifications[0].title, notifications=notifications
            )
        elif record.channel == Channel.WEBHOOK and record.endpoint and record.endpoint.is_active:
            sent += _post(
                endpoint=record.endpoint, key=record.key, title=notifications[0].title, notifications=notifications
            )
    return sent


def _undelivered(queryset, **delivery_filter):
    delivered = Delivery.objects.filter(notifications=OuterRef("pk"), status__in=CLAIMED_STATUSES, **delivery_filter)
    return queryset.filter(~Exists(delivered))


def send_digests(*, today) -> int:
    """One email per digest reader and one post per group robot with everything not yet delivered.

    Email: the unread notifications of people who chose the daily digest and want email, not yet in
    a sent email. Robots: the notifications of digest readers in the robot's org or its subtree, made
    since the robot was added and not yet posted to it. The message key is the day, so a second run
    the same day sends nothing. Returns the number of messages sent.
    """
    title = f"{cn_date(today)}消息汇总"
    key = f"digest:{today.isoformat()}"
    digest_readers = NotificationPreference.objects.filter(mode=DeliveryMode.DIGEST, user__is_active=True)
    pending = _undelivered(
        Notification.objects.filter(
            read_at__isnull=True,
            recipient__in=digest_readers.filter(email_enabled=True).exclude(user__email="").values("user"),
        ).select_related("recipient"),
        channel=Channel.EMAIL,
    ).order_by("recipient", "created_at", "pk")
    per_user = defaultdict(list)
    for notification in pending:
        per_user[notification.recipient].append(notification)
    sent = sum(
        _email(user=user, key=key, subject=title, notifications=notifications)
        for user, notifications in per_user.items()
    )
    for endpoint in _active_endpoints():
        grouped = list(
            _undelivered(
                Notification.objects.filter(
                    recipient__in=digest_readers.values("user"), created_at__gte=endpoint.created_at
                ).filter(recipient__in=_members(endpoint)),
                channel=Channel.WEBHOOK,
                endpoint=endpoint,
            )
            .select_related("recipient")
            .order_by("created_at", "pk")
        )
        sent += _post(endpoint=endpoint, key=key, title=title, notifications=grouped)
    return sent
