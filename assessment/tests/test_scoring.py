"""Scores against the hand-computed October ledger of conftest.py, under both methods; ties; bottom N."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from assessment import scoring, services
from assessment.choices import ScoringMethod
from assessment.models import Score, ScoringScheme
from assessment.tests.conftest import D, add_measure
from common.exceptions import DomainError
from conftest import make_person
from ledger.choices import MeasureStatus
from ledger.models import Measure
from organisations import services as org_services
from organisations.choices import OrgType, Role


def rows(period) -> dict[str, Score]:
    return {score.org.code: score for score in Score.objects.filter(period=period).select_related("org")}


def test_default_scheme_is_created_and_figures_match_the_ledger(computed, campaign):
    scheme = ScoringScheme.objects.get(campaign=campaign, is_active=True)
    assert scheme.method == ScoringMethod.WEIGHTED and scheme.bottom_n == 1
    assert computed.scheme == scheme
    a, b = rows(computed)["JYY"], rows(computed)["YYY"]
    # A: 4 measures (its department's included), 2 closed, 1 of them by the original deadline; one
    # yellow and one red on the 20th; ratings 满意 + 基本满意 of 3.
    assert (a.completion_rate, a.on_time_rate, a.recurrence_rate) == (Decimal("50.00"), Decimal("50.00"), Decimal(0))
    assert a.satisfaction == Decimal("66.67")
    assert (a.yellow, a.red, a.findings, a.notices) == (1, 1, 0, 0)
    assert a.figures["total"] == 4 and a.figures["votes"] == 3
    # B: 3 measures, 2 closed on time, no rating inside the period.
    assert (b.completion_rate, b.on_time_rate, b.satisfaction) == (Decimal("66.67"), Decimal("100.00"), None)
    assert (b.yellow, b.red) == (0, 0)


def test_weighted_scores_by_hand(computed):
    a, b = rows(computed)["JYY"], rows(computed)["YYY"]
    # A: 40×50% + 30×50% + 15×(1−0) + 15×⅔ − 0.5 (yellow) − 2 (red)
    assert a.contributions == {
        "completion_rate": "20.00",
        "on_time_rate": "15.00",
        "recurrence_rate": "15.00",
        "satisfaction": "10.00",
        "findings": "0.00",
        "notices": "0.00",
        "escalations": "0.00",
        "yellow": "-0.50",
        "red": "-2.00",
    }
    assert a.score == Decimal("57.50")
    # B has no satisfaction votes: the other weights (85) are scaled up to 100.
    # 40×100/85×⅔ = 31.37; 30×100/85 = 35.29; 15×100/85 = 17.65
    assert b.contributions["completion_rate"] == "31.37"
    assert b.contributions["on_time_rate"] == "35.29"
    assert b.contributions["recurrence_rate"] == "17.65"
    assert "satisfaction" not in b.contributions
    assert b.score == Decimal("84.31")
    assert (b.rank, a.rank) == (1, 2)
    assert a.is_bottom and not b.is_bottom
    assert not a.tied and not b.tied


def test_deduction_scores_by_hand(period, ledger, cast, campaign):
    services.scheme_save(actor=cast["office"], campaign=campaign, method=ScoringMethod.DEDUCTION)
    services.period_compute(actor=cast["office"], period=period)
    a, b = rows(period)["JYY"], rows(period)["YYY"]
    # A: 100 − 50 points × 0.5 − 50 × 0.3 − 0 − 33⅓ × 0.2 − 0.5 − 2
    assert a.contributions["base"] == "100"
    assert a.contributions["completion_rate"] == "-25.00"
    assert a.contributions["on_time_rate"] == "-15.00"
    assert a.contributions["recurrence_rate"] == "0.00"
    assert a.contributions["satisfaction"] == "-6.67"
    assert a.score == Decimal("50.83")
    # B: 100 − 33⅓ × 0.5; no votes, no satisfaction deduction.
    assert b.score == Decimal("83.33")
    assert sum(Decimal(v) for v in b.contributions.values()) == b.score


def test_a_measure_closed_after_the_period_counts_as_open_then(period, ledger, cast, county):
    Measure.objects.filter(org=county["b"], deadline=D(2026, 10, 12)).update(closed_on=D(2026, 11, 3))
    with time_machine.travel(datetime.datetime(2026, 11, 5, 9, tzinfo=timezone.get_default_timezone()), tick=False):
        services.period_compute(actor=cast["office"], period=period)
    b = rows(period)["YYY"]
    # On 31 October it was open and past its deadline (12 October): not closed, and red.
    assert (b.figures["total"], b.figures["closed"], b.figures["closed_with_deadline"]) == (3, 1, 1)
    assert b.figures["ever_closed"] == 1  # the recurrence rate's denominator too
    assert (b.completion_rate, b.on_time_rate, b.red, b.yellow) == (Decimal("33.33"), Decimal("100.00"), 1, 0)
    # A's yellow measure (due 30 October) is red on the 31st.
    assert rows(period)["JYY"].red == 2


def test_score_is_never_negative():
    scheme = ScoringScheme(method=ScoringMethod.DEDUCTION, red_deduction=Decimal(30))
    points = scoring.contributions(scheme, scoring.rates_from({"total": 5}), {"red": 5})
    assert points["red"] == Decimal("-150.00")
    assert scoring.total(points) == 0


def test_weighted_without_any_rate_gives_full_marks():
    points = scoring.contributions(ScoringScheme(), scoring.rates_from({}), {"notices": 1})
    assert points == {"base": 100, "findings": 0, "notices": Decimal("-2.00"), "escalations": 0, "yellow": 0, "red": 0}
    assert scoring.total(points) == Decimal(98)


def test_recurrence_rate_is_recurrences_over_closed():
    assert scoring.rates_from({"ever_closed": 4, "recurrences": 1})["recurrence_rate"] == Decimal("0.25")
    assert scoring.rates_from({"ever_closed": 0, "recurrences": 2})["recurrence_rate"] == 1
    assert scoring.rates_from({"ever_closed": 0})["recurrence_rate"] is None


@pytest.mark.parametrize(
    ("scores", "ranks", "tied"),
    [
        ([80, 80, 70], [1, 1, 3], [True, True, False]),
        ([90, 80, 80, 70], [1, 2, 2, 4], [False, True, True, False]),
        ([70, 90, 70], [2, 1, 2], [True, False, True]),
        ([50, 50, 50], [1, 1, 1], [True, True, True]),
    ],
)
def test_ties_share_a_rank_and_the_next_rank_skips(scores, ranks, tied):
    placings = scoring.placings([Decimal(s) for s in scores], bottom_n=1)
    assert [p.rank for p in placings] == ranks
    assert [p.tied for p in placings] == tied


@pytest.mark.parametrize(
    ("bottom_n", "flagged"),
    [
        (1, [False, False, True, True]),  # the last place is shared: both flagged
        (2, [False, False, True, True]),
        (3, [False, True, True, True]),
        (9, [True, True, True, True]),
    ],
)
def test_bottom_n_includes_ties_at_the_boundary(bottom_n, flagged):
    placings = scoring.placings([Decimal(s) for s in (90, 80, 70, 70)], bottom_n=bottom_n)
    assert [p.is_bottom for p in placings] == flagged


def test_tied_units_in_a_computed_period(period, cast, campaign, county):
    """Three units with identical ledgers share first place; the bottom of one is all three."""
    c = org_services.org_create(
        actor=None, name="丙卫生院", code="BWSY", type=OrgType.TOWNSHIP, parent=county["commission"]
    )
    make_person("office_c", c, Role.OFFICE)
    for org in (county["a"], county["b"], c):
        add_measure(
            actor=cast["office"],
            campaign=campaign,
            org=org,
            status=MeasureStatus.CLOSED,
            deadline=D(2026, 10, 10),
            closed_on=D(2026, 10, 9),
        )
    add_measure(
        actor=cast["office"], campaign=campaign, org=c, status=MeasureStatus.IN_PROGRESS, deadline=D(2026, 10, 1)
    )
    services.period_compute(actor=cast["office"], period=period)
    by_code = rows(period)
    assert [(by_code[code].rank, by_code[code].tied) for code in ("JYY", "YYY", "BWSY")] == [
        (1, True),
        (1, True),
        (3, False),
    ]
    assert [code for code, row in by_code.items() if row.is_bottom] == ["BWSY"]


def test_scheme_validation_messages(cast, campaign):
    with pytest.raises(DomainError, match="四项权重之和须为100（当前为90）"):
        services.scheme_save(actor=cast["office"], campaign=campaign, completion_weight=Decimal(30))
    with pytest.raises(DomainError, match="权重和扣分不能为负数"):
        services.scheme_save(actor=cast["office"], campaign=campaign, red_deduction=Decimal(-1))
    # The deduction method does not need the weights to add up.
    scheme = services.scheme_save(
        actor=cast["office"], campaign=campaign, method=ScoringMethod.DEDUCTION, completion_weight=Decimal(30)
    )
    assert scheme.completion_weight == 30
    with pytest.raises(DomainError, match="只有"):
        services.scheme_save(actor=cast["supervisor"], campaign=campaign, bottom_n=2)
