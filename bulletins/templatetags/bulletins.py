from django import template

from reports.documents import percent

register = template.Library()


@register.filter
def rate(value: float | None) -> str:
    """A rate as the bulletin's document writes it, to one decimal (50.0%): whole percents would
    show two units of different rank with the same figure."""
    return percent(value)
