"""The Celery beat entry for the daily reminders.

config/settings.py takes it in with `CELERY_BEAT_SCHEDULE = {**notifications.beat.BEAT_SCHEDULE}` and
sets `CELERY_TIMEZONE = TIME_ZONE`, so that 08:00 is local time rather than UTC.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "notifications-remind-daily": {
        "task": "notifications.remind",
        "schedule": crontab(hour=8, minute=0),
    },
}
