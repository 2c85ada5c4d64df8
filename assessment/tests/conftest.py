"""A hand-computed ledger for October 2026, seen on the 20th (the frozen clock).

Unit A (甲医院, with its 医务科): four measures — one closed on time, one closed late, one yellow,
one red — and three 回访 ratings (满意, 基本满意, 不满意). Unit B (乙医院): two closed on time and one
green, and no ratings. Expected figures are worked out in the tests.
"""

import datetime
import itertools

import pytest
import time_machine
from django.utils import timezone

from assessment import services
from assessment.models import AssessmentPeriod
from ledger.choices import MeasureStatus
from ledger.models import Measure
from ledger.tests.factories import make_measure, make_problem
from participation.choices import Rating, SubmissionKind
from participation.models import Submission

D = datetime.date
TODAY = D(2026, 10, 20)
_codes = itertools.count(1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(
        datetime.datetime(2026, 10, 20, 10, 0, tzinfo=timezone.get_default_timezone()), tick=False
    ):
        yield


def add_measure(*, actor, campaign, org, status, deadline, due_on=None, closed_on=None, yellow_from=None):
    """A measure in the state a test needs: made by the services, then set to the wanted status and
    dates directly (the close-out path itself is the ledger's to test)."""
    problem = make_problem(actor=actor, campaign=campaign, org=org)
    measure = make_measure(actor=actor, problem=problem)
    Measure.objects.filter(pk=measure.pk).update(
        status=status, deadline=deadline, due_on=due_on or deadline, closed_on=closed_on, yellow_from=yellow_from
    )
    return measure


def rate_submission(*, campaign, org, rating, rated_on=TODAY):
    moment = timezone.make_aware(datetime.datetime.combine(rated_on, datetime.time(9)))
    return Submission.objects.create(
        campaign=campaign,
        org=org,
        kind=SubmissionKind.OPINION,
        text="希望缩短候诊时间。",
        tracking_code=f"TEST{next(_codes):08d}",
        received_on=rated_on,
        answer_due_on=rated_on,
        answer="已增设导诊台。",
        answered_at=moment,
        rating=rating,
        rated_at=moment,
    )


@pytest.fixture
def ledger(campaign, cast, county):
    office = cast["office"]
    closed = MeasureStatus.CLOSED
    working = MeasureStatus.IN_PROGRESS
    a, dept_a, b = county["a"], county["dept_a"], county["b"]
    add_measure(
        actor=office, campaign=campaign, org=a, status=closed, deadline=D(2026, 10, 10), closed_on=D(2026, 10, 5)
    )
    add_measure(
        actor=office,
        campaign=campaign,
        org=dept_a,
        status=closed,
        deadline=D(2026, 10, 10),
        due_on=D(2026, 10, 20),
        closed_on=D(2026, 10, 15),
    )
    yellow = add_measure(
        actor=office, campaign=campaign, org=a, status=working, deadline=D(2026, 10, 30), yellow_from=D(2026, 10, 15)
    )
    add_measure(actor=office, campaign=campaign, org=a, status=working, deadline=D(2026, 10, 10))
    add_measure(
        actor=office, campaign=campaign, org=b, status=closed, deadline=D(2026, 10, 10), closed_on=D(2026, 10, 1)
    )
    add_measure(
        actor=office, campaign=campaign, org=b, status=closed, deadline=D(2026, 10, 12), closed_on=D(2026, 10, 12)
    )
    add_measure(
        actor=office, campaign=campaign, org=b, status=working, deadline=D(2026, 12, 31), yellow_from=D(2026, 12, 20)
    )
    for rating in (Rating.SATISFIED, Rating.BASICALLY, Rating.UNSATISFIED):
        rate_submission(campaign=campaign, org=a, rating=rating)
    rate_submission(campaign=campaign, org=b, rating=Rating.SATISFIED, rated_on=D(2026, 9, 30))  # before the period
    return {"yellow": yellow}


@pytest.fixture
def period(campaign, cast) -> AssessmentPeriod:
    return services.period_create(
        actor=cast["office"], campaign=campaign, name="2026年10月", starts_on=D(2026, 10, 1), ends_on=D(2026, 10, 31)
    )


@pytest.fixture
def computed(period, ledger, cast) -> AssessmentPeriod:
    services.period_compute(actor=cast["office"], period=period)
    return period


@pytest.fixture
def locked(computed, cast) -> AssessmentPeriod:
    return services.period_lock(actor=cast["office"], period=computed)
