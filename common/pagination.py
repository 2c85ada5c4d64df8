"""Pagination by key ("seek"): the next page starts after the last row seen, so page 10,000 costs what
page 1 costs. The cursor is the last row's sort value and id."""

import contextlib
import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet


@dataclass(frozen=True)
class KeyOrder:
    """Rows ordered by `field` (a date or an integer; nulls last), then by id, in one direction."""

    field: str
    descending: bool = False

    def order_by(self) -> list:
        column = F(self.field).desc(nulls_last=True) if self.descending else F(self.field).asc(nulls_last=True)
        return [column, "-id" if self.descending else "id"]

    def after(self, value, pk: int) -> Q:
        beyond = "lt" if self.descending else "gt"
        id_beyond = Q(**{f"id__{beyond}": pk})
        if value is None:
            return Q(**{f"{self.field}__isnull": True}) & id_beyond
        return (
            Q(**{f"{self.field}__{beyond}": value})
            | (Q(**{self.field: value}) & id_beyond)
            | Q(**{f"{self.field}__isnull": True})
        )


def _encode(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _decode(text: str, sample_type: type):
    if text == "-":
        return None
    if sample_type is datetime.date:
        return datetime.date.fromisoformat(text)
    return int(text)


@dataclass
class KeyPage:
    rows: list
    next_cursor: str | None


def key_page(queryset: QuerySet, order: KeyOrder, *, cursor: str | None, size: int, value_type: type) -> KeyPage:
    """One page of `queryset` in `order`, starting after `cursor` (as returned with the previous page).
    A malformed cursor starts from the beginning rather than failing."""
    queryset = queryset.order_by(*order.order_by())
    if cursor:
        value_text, _, pk_text = cursor.rpartition("_")
        with contextlib.suppress(ValueError):
            queryset = queryset.filter(order.after(_decode(value_text, value_type), int(pk_text)))
    rows = list(queryset[: size + 1])
    if len(rows) <= size:
        return KeyPage(rows=rows, next_cursor=None)
    last = rows[size - 1]
    return KeyPage(rows=rows[:size], next_cursor=f"{_encode(getattr(last, order.field))}_{last.pk}")
