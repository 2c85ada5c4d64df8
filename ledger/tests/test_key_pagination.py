"""Paging by key visits every row exactly once, in order, with long-term measures (no deadline) as
the latest of all."""

import datetime

import pytest

from common.pagination import KeyOrder, key_page
from ledger.choices import MeasureKind
from ledger.models import Measure
from ledger.tests.factories import make_measure


@pytest.mark.parametrize(
    ("order", "value_type"),
    [
        (KeyOrder("due_on"), datetime.date),
        (KeyOrder("due_on", descending=True), datetime.date),
        (KeyOrder("id", nullable=False), int),
        (KeyOrder("id", descending=True, nullable=False), int),
    ],
)
def test_every_row_once_in_order(problem, cast, order, value_type):
    base = datetime.date(2099, 1, 1)
    for days in (5, 1, 5, 3, 9, 1, 5):
        make_measure(actor=cast["office_a"], problem=problem, deadline=base + datetime.timedelta(days=days))
    for _ in range(3):
        make_measure(actor=cast["office_a"], problem=problem, kind=MeasureKind.LONG_TERM)
    far = datetime.date.max

    def key(m):
        value = m.pk if order.field == "id" else (m.due_on or far)
        return (value, m.pk)

    expected = [m.pk for m in sorted(Measure.objects.all(), key=key, reverse=order.descending)]
    seen, cursor = [], None
    while True:
        page = key_page(Measure.objects.all(), order, cursor=cursor, size=3, value_type=value_type)
        seen += [m.pk for m in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == expected


def test_a_malformed_cursor_starts_again(measure):
    page = key_page(Measure.objects.all(), KeyOrder("due_on"), cursor="x_y", size=5, value_type=datetime.date)
    assert [m.pk for m in page.rows] == [measure.pk]
