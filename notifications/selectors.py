"""Reads on notifications: everyone sees only their own; group robots are the office's."""

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from notifications.models import Delivery, Notification, NotificationPreference, WebhookEndpoint
from organisations.choices import Role
from organisations.models import Org
from organisations.selectors import org_list, path_q, user_has_role


def notification_list(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk)


def notification_get(user: User, pk: int) -> Notification:
    return notification_list(user).get(pk=pk)


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return notification_list(user).filter(read_at__isnull=True).count()


def preference_get(user: User) -> NotificationPreference:
    """The person's preference, or the unsaved default (immediate, with email)."""
    return NotificationPreference.objects.filter(user_id=user.pk).first() or NotificationPreference(user=user)


def webhook_org_list(user: User) -> QuerySet[Org]:
    """Orgs whose group robots the user may configure: those under their office role."""
    return org_list(user, {Role.OFFICE})


def can_manage_webhooks(user: User, org: Org) -> bool:
    return user_has_role(user, org, {Role.OFFICE})


def webhook_list(user: User) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(path_q(user, "org__path", {Role.OFFICE})).select_related("org")


def webhook_list_with_recent(user: User, recent: int = 3) -> QuerySet[WebhookEndpoint]:
    """The user's robots, each with its last few delivery attempts as `recent`."""
    return webhook_list(user).prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.order_by("-sent_at", "-id")[:recent], to_attr="recent")
    )


def webhook_get(user: User, pk: int) -> WebhookEndpoint:
    return webhook_list(user).get(pk=pk)
