"""Dates the Chinese way, and "today" in the configured time zone."""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def cn_date(value: datetime.date | None) -> str:
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"
