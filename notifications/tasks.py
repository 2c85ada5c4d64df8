from celery import shared_task

from common.dates import today
from notifications import delivery, reminders


@shared_task(name="notifications.deliver")
def deliver(notification_ids: list[int]) -> int:
    """Email and post new notifications to those who want them at once (after the creating commit)."""
    return delivery.deliver_immediate(notification_ids)


@shared_task(name="notifications.remind")
def remind() -> int:
    """The daily reminder run (as `manage.py remind`); returns its sent=N."""
    return reminders.run_daily(today=today()).sent
