"""The recurrence figures (回头看复发数 / 已销号数) against a hand-computed fixture."""

import datetime

from campaigns.selectors import campaign_units
from common.dates import today
from lookback import selectors, services
from lookback.choices import Verdict


def test_recurrence_counts_and_rate_by_hand(running, cast, county, campaign, closed_measures):
    # Items by measure: a1, a2, a3 (dept of A), b1. Verdicts: a1 反弹, a3 反弹, a2 巩固, b1 巩固.
    verdicts = {"a1": Verdict.RECURRED, "a2": Verdict.HOLDING, "a3": Verdict.RECURRED, "b1": Verdict.HOLDING}
    for item in running.items.select_related("round", "measure"):
        key = next(k for k, m in closed_measures.items() if m.pk == item.measure_id)
        services.item_verdict(actor=item.checker, item=item, verdict=verdicts[key], remark="核查")

    counts = selectors.recurrence_counts(campaign=campaign)
    assert counts == {county["a"].pk: 1, county["dept_a"].pk: 1}
    day = today()
    assert selectors.recurrence_counts(campaign=campaign, start=day, end=day) == counts
    assert selectors.recurrence_counts(campaign=campaign, start=day + datetime.timedelta(1)) == {}
    assert selectors.recurrence_counts(campaign=campaign, end=day - datetime.timedelta(1)) == {}

    rows = {
        row["org"].code: row for row in selectors.recurrence_summary(campaign=campaign, orgs=[county["a"], county["b"]])
    }
    # A: 3 closed (two since reopened, still counted as closed once), 3 checked, 1 巩固, 2 反弹 → 2/3.
    assert (rows["JYY"]["checked"], rows["JYY"]["holding"], rows["JYY"]["recurred"], rows["JYY"]["closed"]) == (
        3,
        1,
        2,
        3,
    )
    assert rows["JYY"]["rate"] == 2 / 3
    # B: 1 closed, 1 巩固 → 0.
    assert (rows["YYY"]["checked"], rows["YYY"]["recurred"], rows["YYY"]["closed"], rows["YYY"]["rate"]) == (1, 0, 1, 0)


def test_rate_is_none_without_closed_measures():
    assert selectors.recurrence_rate(0, 0) is None
    assert selectors.recurrence_rate(1, 4) == 0.25


def test_summary_units_are_the_rolled_out_orgs(campaign, rolled_out, county):
    assert [org.code for org in campaign_units(campaign)] == ["JYY", "YYY"]
