"""Telling people things: in-app notifications, then email and group robots now or in the daily digest."""

import uuid
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record, snapshot
from common.exceptions import DomainError
from common.services import full_clean_or_refuse, save_changes, save_new
from notifications import delivery, selectors, tasks
from notifications.choices import Channel, NotificationKind, WebhookKind
from notifications.models import Delivery, Notification, NotificationPreference, WebhookEndpoint
from organisations.models import Org

# The robot's address and signing key are credentials: never copied into the audit log.
WEBHOOK_SECRET_FIELDS = {"url", "secret"}


def notify(*, users: Iterable, kind: str, title: str, body: str = "", url: str = "", key: str) -> int:
    """Create one notification per active user for the event named `key`; return how many are new.

    `users` may name a person twice (told once) or hold None (a measure without a leader; skipped).

    Idempotent on (user, key): a user who already has a notification with this key gets nothing
    more. Each insert runs in its own savepoint, so two runs racing on the same key (SQLite or
    PostgreSQL) create it once and only the winner sends it. People who chose immediate delivery
    are emailed / posted to their org's group robots by a Celery task queued after the caller's
    transaction commits (so a slow or failing robot never holds up or breaks the caller); the
    others get it in the daily digest.
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    taken = set(
        Notification.objects.filter(key=key, recipient__in=list(recipients)).values_list("recipient", flat=True)
    )
    created = []
    for user_id in sorted(recipients.keys() - taken):
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient_id=user_id, kind=kind, title=title[:200], body=body, url=url, key=key
                    )
                )
        except IntegrityError:
            continue
    if created:
        ids = [notification.pk for notification in created]
        transaction.on_commit(lambda: tasks.deliver.delay(ids), robust=True)
    return len(created)


# --- reading (one's own messages; not audited, like opening a letter) ---------------------------


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise DomainError("只能标记自己的消息。")
    now = timezone.now()
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, actor: User) -> int:
    return selectors.notification_list(actor).filter(read_at__isnull=True).update(read_at=timezone.now())


# --- preferences -------------------------------------------------------------------------------


@transaction.atomic
def preference_save(*, actor: User, mode: str, email_enabled: bool) -> NotificationPreference:
    """The person's own choice: immediate or daily digest, and whether to be emailed."""
    preference = selectors.preference_get(actor)
    if preference.pk is None:
        preference.mode, preference.email_enabled = mode, email_enabled
        return save_new(actor=actor, instance=preference)
    return save_changes(actor=actor, instance=preference, changes={"mode": mode, "email_enabled": email_enabled})


# --- group robots ------------------------------------------------------------------------------


def _loggable(endpoint: WebhookEndpoint) -> dict:
    return {name: value for name, value in snapshot(endpoint).items() if name not in WEBHOOK_SECRET_FIELDS}


def _require_office(actor: User, org: Org) -> None:
    if not selectors.can_manage_webhooks(actor, org):
        raise DomainError(f"只有“{org}”或其上级单位的活动办公室可以配置该单位的群机器人。")


def _save_endpoint(endpoint: WebhookEndpoint) -> None:
    if endpoint.kind != WebhookKind.DINGTALK:
        endpoint.secret = ""
    full_clean_or_refuse(endpoint)
    endpoint.save()


@transaction.atomic
def webhook_create(
    *, actor: User, org: Org, kind: str, name: str, url: str, secret: str = "", is_active: bool = True
) -> WebhookEndpoint:
    """A 企业微信 or 钉钉 group robot for an org; its address and key are kept out of the audit log."""
    _require_office(actor, org)
    endpoint = WebhookEndpoint(org=org, kind=kind, name=name, url=url, secret=secret.strip(), is_active=is_active)
    _save_endpoint(endpoint)
    audit_record(actor=actor, action=AuditAction.CREATE, target=endpoint, after=_loggable(endpoint))
    return endpoint


@transaction.atomic
def webhook_update(
    *, actor: User, endpoint: WebhookEndpoint, kind: str, name: str, url: str, secret: str = "", is_active: bool
) -> WebhookEndpoint:
    """Change a robot; a blank `secret` keeps the stored one."""
    _require_office(actor, endpoint.org)
    before = _loggable(endpoint)
    credentials_changed = url != endpoint.url or bool(secret.strip())
    endpoint.kind, endpoint.name, endpoint.url, endpoint.is_active = kind, name, url, is_active
    if secret.strip():
        endpoint.secret = secret.strip()
    _save_endpoint(endpoint)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=endpoint,
        before=before,
        after=_loggable(endpoint),
        remark="已修改机器人地址或加签密钥" if credentials_changed else "",
    )
    return endpoint


def webhook_test(*, actor: User, endpoint: WebhookEndpoint) -> Delivery | None:
    """Post a test message now and record the attempt; the office sees at once whether the robot works."""
    _require_office(actor, endpoint.org)
    return delivery.send_and_record(
        channel=Channel.WEBHOOK,
        target=f"webhook:{endpoint.pk}",
        key=f"test:{uuid.uuid4().hex}",
        endpoint=endpoint,
        send=lambda: delivery.webhook_post(
            endpoint,
            title=f"{delivery.SUBJECT_PREFIX}测试消息",
            text=f"### {delivery.SUBJECT_PREFIX}测试消息\n{endpoint.org}：群机器人配置成功。",
        ),
    )
