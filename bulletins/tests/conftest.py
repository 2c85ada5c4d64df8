"""A small ledger whose October 2026 figures are worked out by hand in the tests.

Units (the campaign is rolled out to all four): 甲医院 JYY (with its department), 乙医院 YYY, 丙医院
BYY, 丁医院 DYY; the commission has one measure of its own.
"""

import datetime

import pytest
from django.utils import timezone

from bulletins import services
from campaigns.models import Campaign
from ledger.choices import MeasureStatus, ProblemSource
from ledger.models import Measure, Problem
from organisations import services as org_services
from organisations.choices import OrgType

D = datetime.date
OCTOBER = D(2026, 10, 1)
MADE = D(2026, 10, 5)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def ledger_row(office, campaign, org, *, status, deadline, closed_on=None, made=MADE, yellow_from=None, owner=None):
    """A problem with one measure, written straight to the tables: the services only act today,
    and these rows have October's dates."""
    problem = Problem.objects.create(
        campaign=campaign,
        org=org,
        code=f"{campaign.code}-{Problem.objects.count() + 1:03d}",
        source=ProblemSource.SELF,
        description="门诊挂号排队时间长，群众反映强烈",
        created_by=office,
    )
    measure = Measure.objects.create(
        problem=problem,
        campaign=campaign,
        org=org,
        content="优化挂号流程，增设自助机",
        status=status,
        deadline=deadline,
        due_on=deadline,
        closed_on=closed_on,
        yellow_from=yellow_from,
        owner=owner,
        created_by=office,
    )
    Problem.objects.filter(pk=problem.pk).update(created_at=at(made))
    Measure.objects.filter(pk=measure.pk).update(created_at=at(made))
    return measure


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def units(county, campaign, cast):
    c = org_services.org_create(
        actor=None, name="丙医院", code="BYY", type=OrgType.HOSPITAL, parent=county["commission"]
    )
    d = org_services.org_create(
        actor=None, name="丁医院", code="DYY", type=OrgType.HOSPITAL, parent=county["commission"]
    )
    subs = {}
    for org in (county["a"], county["b"], c, d):
        # What campaign_roll_out makes, without the copied plan the figures never read.
        subs[org.code] = Campaign.objects.create(
            org=org,
            parent=campaign,
            code=f"{campaign.code}-{org.code}",
            theme=campaign.theme,
            kind=campaign.kind,
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
        )
    return {code: (sub.org, sub) for code, sub in subs.items()}


@pytest.fixture
def october(units, county, campaign, cast):
    """The ledger as the tests' hand computation describes it."""
    office = cast["office"]
    closed, doing = MeasureStatus.CLOSED, MeasureStatus.IN_PROGRESS
    a, a_plan = units["JYY"]
    b, b_plan = units["YYY"]
    c, c_plan = units["BYY"]
    d, d_plan = units["DYY"]
    return {
        # 甲: 4 measures in October, 2 closed by month end (1 on time), 2 overdue; one more made in November.
        "a1": ledger_row(office, a_plan, a, status=closed, deadline=D(2026, 10, 15), closed_on=D(2026, 10, 10)),
        "a2": ledger_row(office, a_plan, a, status=closed, deadline=D(2026, 10, 15), closed_on=D(2026, 10, 20)),
        "a3": ledger_row(
            office, a_plan, county["dept_a"], status=doing, deadline=D(2026, 10, 20), owner=cast["owner_a"]
        ),
        "a4": ledger_row(office, a_plan, a, status=closed, deadline=D(2026, 10, 25), closed_on=D(2026, 11, 5)),
        "a5": ledger_row(office, a_plan, a, status=doing, deadline=D(2026, 12, 31), made=D(2026, 11, 2)),
        # 乙: 2 measures, 1 closed on time (its problem is from September), 1 yellow.
        "b1": ledger_row(
            office, b_plan, b, status=closed, deadline=D(2026, 10, 30), closed_on=D(2026, 10, 1), made=D(2026, 9, 20)
        ),
        "b2": ledger_row(office, b_plan, b, status=doing, deadline=D(2026, 12, 31), yellow_from=D(2026, 10, 20)),
        # 丙: 1 of 1 closed on time. 丁: 0 of 1, green.
        "c1": ledger_row(office, c_plan, c, status=closed, deadline=D(2026, 10, 30), closed_on=D(2026, 10, 12)),
        "d1": ledger_row(office, d_plan, d, status=doing, deadline=D(2026, 12, 31)),
        # The commission's own measure: counted in the totals, in no unit.
        "w1": ledger_row(
            office, campaign, county["commission"], status=MeasureStatus.NOT_STARTED, deadline=D(2026, 12, 31)
        ),
    }


@pytest.fixture
def bulletin(october, campaign, county, cast):
    return services.bulletin_create(actor=cast["office"], campaign=campaign, org=county["commission"], month=OCTOBER)
