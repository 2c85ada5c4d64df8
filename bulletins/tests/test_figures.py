"""The bulletin's figures against the hand computation of the October ledger in conftest.py."""

import datetime
from decimal import Decimal

import pytest

from bulletins import selectors, services
from bulletins.tests.conftest import OCTOBER, ledger_row
from ledger.choices import HolidayKind, MeasureStatus
from ledger.models import Holiday, Measure

D = datetime.date


def by_name(rows):
    return {row["name"]: row for row in rows}


def test_totals_and_lights_as_at_month_end(bulletin):
    figures = bulletin.figures
    assert figures["as_of"] == "2026-10-31"
    totals = figures["totals"]
    # a5 (made in November) is left out; a4, closed on 5 November, was still open (and overdue) on 31 October.
    assert totals["problems"] == 9
    assert totals["new_problems"] == 8  # b1's problem dates from September
    assert totals["total"] == 9
    assert totals["closed"] == 4  # a1, a2, b1, c1
    assert totals["in_progress"] == 5
    assert totals["overdue"] == 2  # a3, a4
    assert totals["closed_in_month"] == 4
    assert totals["completion_rate"] == pytest.approx(4 / 9)
    assert totals["on_time_rate"] == pytest.approx(3 / 4)  # a2 was closed after its deadline
    assert figures["lights"] == {"red": 2, "yellow": 1, "green": 2}


def test_each_unit_counts_its_subtree(bulletin):
    units = by_name(bulletin.figures["units"])
    assert list(units) == ["甲医院", "乙医院", "丙医院", "丁医院"]
    a = units["甲医院"]  # a3 belongs to its department
    assert (a["total"], a["closed"], a["overdue"], a["yellow"]) == (4, 2, 2, 0)
    assert a["completion_rate"] == pytest.approx(0.5)
    assert a["on_time_rate"] == pytest.approx(0.5)
    b = units["乙医院"]
    assert (b["total"], b["closed"], b["overdue"], b["yellow"]) == (2, 1, 0, 1)
    assert b["on_time_rate"] == 1
    assert (units["丙医院"]["closed"], units["丙医院"]["total"]) == (1, 1)
    assert (units["丁医院"]["closed"], units["丁医院"]["total"]) == (0, 1)
    assert units["丁医院"]["on_time_rate"] is None


def test_overdue_items_in_working_days(bulletin, cast):
    items = bulletin.figures["overdue"]
    assert [item["content"] for item in items] == ["优化挂号流程，增设自助机"] * 2
    a3, a4 = items
    assert (a3["org"], a3["owner"], a3["due_on"], a3["days"]) == ("甲医院医务科", "owner_a", "2026-10-20", 8)
    assert (a4["org"], a4["owner"], a4["due_on"], a4["days"]) == ("甲医院", "", "2026-10-25", 5)
    assert bulletin.figures["overdue_count"] == 2


def test_overdue_days_skip_holidays(october, campaign, county):
    Holiday.objects.create(date=D(2026, 10, 22), kind=HolidayKind.HOLIDAY, name="测试")
    figures = selectors.bulletin_figures(campaign=campaign, scope=county["commission"], month=OCTOBER)
    assert [item["days"] for item in figures["overdue"]] == [7, 5]


def test_ranking_ties_share_a_rank_and_the_next_skips(bulletin):
    ranking = selectors.bulletin_ranking(bulletin.figures)
    assert [(row["name"], row["rank"], row["tied"]) for row in ranking] == [
        ("丙医院", 1, False),
        ("甲医院", 2, True),
        ("乙医院", 2, True),
        ("丁医院", 4, False),
    ]


def test_units_without_measures_are_unranked(october, campaign, county):
    figures = selectors.bulletin_figures(campaign=campaign, scope=county["commission"], month=datetime.date(2026, 9, 1))
    ranking = selectors.bulletin_ranking(figures)
    # Only b1 (made 20 September) existed by the end of September.
    assert [(row["name"], row["rank"]) for row in ranking] == [
        ("乙医院", 1),
        ("甲医院", None),
        ("丙医院", None),
        ("丁医院", None),
    ]


def test_boards_follow_the_thresholds(bulletin, cast):
    red, black = selectors.bulletin_boards(
        bulletin.figures, red_threshold=bulletin.red_threshold, black_threshold=bulletin.black_threshold
    )
    assert [row["name"] for row in red] == ["丙医院"]
    assert [row["name"] for row in black] == ["甲医院", "乙医院", "丁医院"]
    services.bulletin_update(
        actor=cast["office"], bulletin=bulletin, red_threshold=Decimal(50), black_threshold=Decimal(50)
    )
    bulletin.refresh_from_db()
    red, black = selectors.bulletin_boards(
        bulletin.figures, red_threshold=bulletin.red_threshold, black_threshold=bulletin.black_threshold
    )
    assert [row["name"] for row in red] == ["丙医院", "甲医院", "乙医院"]  # exactly 50% reaches a 50% line
    assert [row["name"] for row in black] == ["丁医院"]


def test_scope_below_the_campaign_org_ranks_its_children(october, campaign, county):
    figures = selectors.bulletin_figures(campaign=campaign, scope=county["a"], month=OCTOBER)
    assert figures["totals"]["total"] == 4
    assert [(unit["name"], unit["total"]) for unit in figures["units"]] == [("甲医院医务科", 1)]


def test_a_published_bulletin_never_changes(bulletin, cast, october, units):
    before = bulletin.figures
    services.bulletin_submit(actor=cast["office"], bulletin=bulletin)
    services.bulletin_publish(actor=cast["supervisor"], bulletin=bulletin, visibility="internal")
    # The ledger moves on: an overdue measure is closed with an October date, a new one is back-dated.
    Measure.objects.filter(pk=october["a3"].pk).update(status=MeasureStatus.CLOSED, closed_on=D(2026, 10, 30))
    a, a_plan = units["JYY"]
    ledger_row(cast["office"], a_plan, a, status=MeasureStatus.IN_PROGRESS, deadline=D(2026, 10, 2))
    bulletin.refresh_from_db()
    assert bulletin.figures == before
    fresh = selectors.bulletin_figures(campaign=bulletin.campaign, scope=bulletin.org, month=OCTOBER)
    assert fresh["totals"]["total"] == before["totals"]["total"] + 1
    assert fresh["totals"]["closed"] == before["totals"]["closed"] + 1
