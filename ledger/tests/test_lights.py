"""Deadline lights (红黄绿灯) across weekends, public holidays and 调休 working days."""

import datetime
import random

import pytest
import time_machine

from ledger import services
from ledger.choices import Light, MeasureKind, MeasureStatus
from ledger.deadlines import WorkCalendar, add_months, lag_from, light, report_due, yellow_from
from ledger.models import Holiday, Measure
from ledger.selectors import light_q
from ledger.tests.factories import make_measure

D = datetime.date
# 2026's National Day week as the State Council set it: 1–8 October off, Sunday 27 September and
# Saturday 10 October worked (调休).
NATIONAL_DAY = WorkCalendar(
    holidays=[D(2026, 10, day) for day in range(1, 9)],
    workdays=[D(2026, 9, 27), D(2026, 10, 10)],
)


def test_weekends_are_not_working_days():
    calendar = WorkCalendar()
    friday = D(2026, 11, 20)
    assert calendar.working_days_before(D(2026, 11, 23), 1) == friday  # Monday → the Friday before
    assert calendar.working_days_before(D(2026, 11, 27), 5) == friday  # a whole week back


def test_holidays_push_yellow_earlier_and_make_up_days_count():
    # Due Monday 12 October; counting back five working days: Sat 10 Oct (调休), Fri 9 Oct, then the
    # holiday week is skipped: Wed 30 Sep, Tue 29 Sep, Mon 28 Sep.
    assert NATIONAL_DAY.working_days_before(D(2026, 10, 12), 5) == D(2026, 9, 28)
    assert NATIONAL_DAY.is_working_day(D(2026, 9, 27))  # a Sunday, worked
    assert not NATIONAL_DAY.is_working_day(D(2026, 10, 5))  # a Monday, off
    assert WorkCalendar().working_days_before(D(2026, 10, 12), 5) == D(2026, 10, 5)


def test_yellow_within_n_working_days_of_deadline():
    due = D(2026, 12, 18)  # a Friday
    start = D(2026, 11, 1)
    when = yellow_from(calendar=WorkCalendar(), yellow_days=5, start=start, due=due, percent=80)
    assert when == D(2026, 12, 11)
    assert light(status=MeasureStatus.IN_PROGRESS, due_on=due, yellow_from=when, today=D(2026, 12, 10)) == Light.GREEN
    assert light(status=MeasureStatus.IN_PROGRESS, due_on=due, yellow_from=when, today=D(2026, 12, 11)) == Light.YELLOW
    assert light(status=MeasureStatus.IN_PROGRESS, due_on=due, yellow_from=when, today=due) == Light.YELLOW
    assert light(status=MeasureStatus.IN_PROGRESS, due_on=due, yellow_from=when, today=D(2026, 12, 19)) == Light.RED
    assert light(status=MeasureStatus.CLOSED, due_on=due, yellow_from=when, today=D(2026, 12, 19)) == Light.NONE


def test_yellow_near_an_unfinished_milestone():
    when = yellow_from(
        calendar=WorkCalendar(),
        yellow_days=3,
        start=D(2026, 11, 2),
        due=D(2027, 6, 30),
        percent=90,
        milestone_dates=[D(2026, 12, 4)],
    )
    assert when == D(2026, 12, 1)


def test_yellow_when_progress_lags_elapsed_time_by_more_than_30_points():
    start, due = D(2026, 1, 1), D(2026, 4, 11)  # 100 days
    # 10% done: lagging by more than 30 points once more than 40% of the time has passed.
    assert lag_from(start=start, due=due, percent=10) == D(2026, 2, 11)
    assert lag_from(start=start, due=due, percent=70) is None
    when = yellow_from(calendar=WorkCalendar(), yellow_days=5, start=start, due=due, percent=10)
    assert when == D(2026, 2, 11)


def test_long_term_measures_have_no_deadline_light():
    assert yellow_from(calendar=WorkCalendar(), yellow_days=5, start=D(2026, 1, 1), due=None, percent=0) is None
    assert light(status=MeasureStatus.IN_PROGRESS, due_on=None, yellow_from=None, today=D(2030, 1, 1)) == Light.GREEN


def test_report_due_monthly_or_quarterly():
    assert report_due(kind=MeasureKind.DEADLINE, since=D(2026, 1, 31)) == D(2026, 2, 28)
    assert report_due(kind=MeasureKind.LONG_TERM, since=D(2026, 11, 30)) == D(2027, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)


def test_the_query_and_the_function_agree(measure):
    """light_q (used for filters and counts) gives the same answer as light() for every combination."""
    rng = random.Random(7)
    today = D(2026, 12, 1)
    statuses = list(MeasureStatus.values)
    for _ in range(40):
        due = today + datetime.timedelta(days=rng.randint(-5, 5))
        status = rng.choice(statuses)
        Measure.objects.filter(pk=measure.pk).update(
            status=status,
            due_on=due,
            deadline=due,
            yellow_from=rng.choice([None, today + datetime.timedelta(days=rng.randint(-3, 3))]),
            closed_on=due if status == MeasureStatus.CLOSED else None,
        )
        row = Measure.objects.get(pk=measure.pk)
        expected = light(status=row.status, due_on=row.due_on, yellow_from=row.yellow_from, today=today)
        matches = [value for value in Light.values if Measure.objects.filter(light_q(value, today), pk=row.pk).exists()]
        assert matches == [expected]


def test_holiday_added_later_recomputes_lights(measure, cast, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x-Pass-2026!")
    services.progress_report(actor=cast["owner_a"], measure=measure, text="大部分已完成", percent=80)
    before = Measure.objects.get(pk=measure.pk).yellow_from
    # Three weekdays off between the yellow date and the deadline push it three working days earlier.
    window = [before + datetime.timedelta(days=offset) for offset in range(1, 8)]
    for day in [day for day in window if day.weekday() < 5][:3]:
        services.holiday_save(actor=admin, holiday=Holiday(date=day, kind="holiday", name="测试假日"))
    after = Measure.objects.get(pk=measure.pk).yellow_from
    assert after < before
    assert WorkCalendar.load().working_days_before(measure.due_on, 5) == after


def test_holidays_are_kept_by_the_administrator_only(cast):
    from common.exceptions import DomainError

    with pytest.raises(DomainError, match="系统管理员"):
        services.holiday_save(actor=cast["office"], holiday=Holiday(date=D(2027, 1, 1), kind="holiday"))


def test_campaign_yellow_days_change_recomputes(measure, cast):
    from campaigns import services as campaign_services

    services.progress_report(actor=cast["owner_a"], measure=measure, text="大部分已完成", percent=80)
    before = Measure.objects.get(pk=measure.pk).yellow_from
    campaign_services.campaign_update(actor=cast["office"], campaign=measure.campaign, yellow_days=10)
    assert Measure.objects.get(pk=measure.pk).yellow_from < before


def test_progress_updates_move_the_lag_date(problem, cast):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):
        measure = make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"], deadline=D(2026, 6, 30))
        lagging = Measure.objects.get(pk=measure.pk).yellow_from
        services.progress_report(actor=cast["owner_a"], measure=measure, text="已完成过半", percent=60)
    assert Measure.objects.get(pk=measure.pk).yellow_from > lagging
