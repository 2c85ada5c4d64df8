from django import template

from common.dates import cn_date

register = template.Library()


@register.filter
def cndate(value):
    """2026年3月5日."""
    return cn_date(value)


@register.filter
def percent(value):
    if value is None:
        return "—"
    return f"{round(value * 100)}%"
