"""Every source feeds its indicator: urge notices and inspection findings (supervision), 反弹 verdicts
(look-back) and the unit ratings of a closed evaluation (participation), each rolled up per unit."""

from decimal import Decimal

from assessment import services
from assessment.models import Score
from assessment.tests.conftest import D
from ledger.models import Measure
from lookback.choices import Verdict
from lookback.models import LookbackItem, LookbackRound
from participation import survey_services
from participation.choices import Rating, SurveyAudience
from supervision.choices import InspectionType
from supervision.models import Finding, Inspection, UrgeNotice


def notice(campaign, org, office, issued_on, level=1):
    return UrgeNotice.objects.create(
        campaign=campaign,
        org=org,
        text="请加快整改进度。",
        level=level,
        level_name="催办单" if level == 1 else "督办单",
        issued_on=issued_on,
        answer_by=issued_on,
        issued_by=office,
    )


def evaluation(campaign, office, org, votes):
    survey = survey_services.survey_create(
        actor=office,
        campaign=campaign,
        title="十月民主测评",
        audience=SurveyAudience.EVALUATION,
        evaluation_kind="democratic",
        opens_on=D(2026, 10, 15),
        closes_on=D(2026, 10, 20),
        audience_orgs=[campaign.org],
    )
    (target,) = survey_services.targets_add(actor=office, survey=survey, names=[], orgs=[org])
    survey_services.survey_open(actor=office, survey=survey)
    for person, rating in votes:
        survey_services.survey_answer(survey=survey, answers={}, ratings={target.pk: rating}, user=person)
    survey_services.survey_close(actor=office, survey=survey)


def test_every_source_counts_in_the_score(period, ledger, campaign, cast, county):
    office = cast["office"]
    notice(campaign, county["dept_a"], office, D(2026, 10, 8), level=2)
    notice(campaign, county["a"], office, D(2026, 10, 9))
    notice(campaign, county["b"], office, D(2026, 9, 30))  # before the period
    inspection = Inspection.objects.create(
        campaign=campaign, type=InspectionType.WORK, visited_on=D(2026, 10, 12), org=county["b"], created_by=office
    )
    Finding.objects.bulk_create([Finding(inspection=inspection, text=f"台账不规范{n}") for n in range(3)])
    round_ = LookbackRound.objects.create(
        campaign=campaign,
        name="十月回头看",
        org=county["commission"],
        starts_on=D(2026, 10, 1),
        ends_on=D(2026, 10, 31),
        created_by=office,
    )
    closed_in_a = Measure.objects.filter(org=county["a"], status="closed").get()
    LookbackItem.objects.create(
        round=round_,
        measure=closed_in_a,
        checker=cast["supervisor"],
        verdict=Verdict.RECURRED,
        checked_on=D(2026, 10, 18),
    )
    evaluation(
        campaign, office, county["b"], [(cast["supervisor"], Rating.SATISFIED), (cast["inspector"], Rating.UNSATISFIED)]
    )

    services.period_compute(actor=office, period=period)
    a = Score.objects.get(period=period, org=county["a"])
    b = Score.objects.get(period=period, org=county["b"])
    assert (a.notices, a.escalations, a.findings, a.recurrence_rate) == (2, 1, 0, Decimal("50.00"))
    assert (b.notices, b.findings, b.satisfaction) == (0, 3, Decimal("50.00"))
    # A: 20 + 15 + 15×(1 − ½) + 10 − 0.5 − 2 − 2×2 (notices) − 1 (one rung up: the 督办单)
    assert (a.contributions["notices"], a.contributions["escalations"]) == ("-4.00", "-1.00")
    assert a.score == Decimal("45.00")
    # B: 40×⅔ + 30 + 15 + 15×½ − 3×1 (findings)
    assert b.score == Decimal("76.17")
