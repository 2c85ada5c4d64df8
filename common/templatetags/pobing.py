import io

import segno
from django import template
from django.forms import Select
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from common.dates import cn_date

register = template.Library()


@register.filter
def cndate(value):
    """2026年3月5日."""
    return cn_date(value)


@register.filter
def person(user, empty="—"):
    """A person's name (or username); `empty` when there is nobody, e.g. a step the system took."""
    if not user:
        return empty
    return user.name or user.username


@register.filter
def percent(value):
    if value is None:
        return "—"
    return f"{round(value * 100)}%"


@register.simple_tag
def fast_select(field):
    """A <select> for a bound form field, built in Python: Django renders each <option> through a
    template, which costs more than the whole ledger query when a drop-down holds a hundred units.
    Plain string building with `conditional_escape` (a thousand options in about half a millisecond;
    `format_html` per option took ten times that)."""
    value = field.value()
    chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value if value is not None else "")}
    options = "".join(
        f'<option value="{conditional_escape(key)}"{" selected" if str(key) in chosen else ""}>'
        f"{conditional_escape(label)}</option>"
        for key, label in field.field.widget.choices
    )
    return format_html('<select name="{}" id="{}">{}</select>', field.html_name, field.id_for_label, mark_safe(options))


@register.filter
def is_select(field) -> bool:
    return isinstance(field.field.widget, Select) and not field.field.widget.allow_multiple_selected


@register.simple_tag
def qr_svg(url: str, scale: int = 6):
    """A QR code of `url` as inline SVG (drawn here: no outside service, no image file)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, xmldecl=False, svgclass="qr", lineclass=None, omitsize=True
    )
    return mark_safe(buffer.getvalue().decode())
