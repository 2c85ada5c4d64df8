"""Pagination by key ("seek"): the next page starts after the last row seen, so page 10,000 costs what
page 1 costs. The cursor is the last row's sort value and id."""

import contextlib
import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet


@dataclass(frozen=True)
class KeyOrder:
    """Rows ordered by `field`, then by id, in one direction.

    A null (a measure with no deadline) counts as later than every value: last going up, first going
    down. That is also PostgreSQL's own order for an index read forwards or backwards, so one
    index on (field, id) serves both directions.
    """

    field: str
    descending: bool = False
    nullable: bool = True

    def order_by(self) -> list:
        if not self.nullable:
            return [f"-{self.field}" if self.descending else self.field, "-id" if self.descending else "id"]
        if self.descending:
            return [F(self.field).desc(nulls_first=True), "-id"]
        return [F(self.field).asc(nulls_last=True), "id"]

    def after(self, value, pk: int) -> Q:
        beyond = "lt" if self.descending else "gt"
        same_value_beyond = Q(**{f"id__{beyond}": pk})
        if value is None:
            same = Q(**{f"{self.field}__isnull": True}) & same_value_beyond
            return same | Q(**{f"{self.field}__isnull": False}) if self.descending else same
        rest = Q(**{f"{self.field}__{beyond}": value}) | (Q(**{self.field: value}) & same_value_beyond)
        if self.nullable and not self.descending:
            rest |= Q(**{f"{self.field}__isnull": True})
        return rest


def _encode(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _decode(text: str, value_type: type):
    if text == "-":
        return None
    if value_type is datetime.date:
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
