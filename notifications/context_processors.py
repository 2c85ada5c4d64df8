from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def unread_notifications(request) -> dict:
    """`unread_notification_count` for the badge in the top bar: one COUNT query, made only when a page
    shows it (anonymous visitors: none)."""
    user = getattr(request, "user", None)
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user) if user is not None else 0)}
