"""Working days, deadline lights (红黄绿灯) and report due dates: pure functions of dates.

A measure's light depends on today only through two stored dates, `due_on` (red after it) and
`yellow_from` (yellow from it). The services recompute `yellow_from` whenever the deadline, a
milestone, the progress or the holiday calendar changes, so lights can be filtered and counted in
the database with plain date comparisons, at any scale, with no nightly job.
"""

import calendar
import datetime
from collections.abc import Iterable

from ledger.choices import OPEN_STATUSES, Light, MeasureKind

# Progress lagging the share of time elapsed by more than this many points turns a light yellow.
LAG_POINTS = 30
REPORT_MONTHS = {MeasureKind.LONG_TERM: 3}


class WorkCalendar:
    """Weekdays are working days, except public holidays; weekend days marked 调休 are working days."""

    def __init__(self, *, holidays: Iterable[datetime.date] = (), workdays: Iterable[datetime.date] = ()):
        self.holidays = frozenset(holidays)
        self.workdays = frozenset(workdays)

    @classmethod
    def load(cls) -> "WorkCalendar":
        from ledger.models import Holiday

        rows = list(Holiday.objects.values_list("date", "kind"))
        return cls(
            holidays=[day for day, kind in rows if kind == "holiday"],
            workdays=[day for day, kind in rows if kind == "workday"],
        )

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def working_days_before(self, day: datetime.date, count: int) -> datetime.date:
        """The date `count` working days before `day`."""
        return self._step(day, count, datetime.timedelta(days=-1))

    def working_days_after(self, day: datetime.date, count: int) -> datetime.date:
        """The date `count` working days after `day` (an answer due within 15 working days)."""
        return self._step(day, count, datetime.timedelta(days=1))

    def _step(self, day: datetime.date, count: int, step: datetime.timedelta) -> datetime.date:
        while count > 0:
            day += step
            if self.is_working_day(day):
                count -= 1
        return day


def lag_from(*, start: datetime.date, due: datetime.date, percent: int) -> datetime.date | None:
    """The first day on which the share of time elapsed exceeds `percent` by more than LAG_POINTS."""
    span = (due - start).days
    threshold = percent + LAG_POINTS
    if span <= 0 or threshold >= 100:
        return None
    return start + datetime.timedelta(days=threshold * span // 100 + 1)


def yellow_from(
    *,
    calendar: WorkCalendar,
    yellow_days: int,
    start: datetime.date,
    due: datetime.date | None,
    percent: int,
    milestone_dates: Iterable[datetime.date] = (),
) -> datetime.date | None:
    """The first day the light is yellow: N working days before the deadline or an unfinished
    milestone, or the day progress starts to lag; None when nothing will turn it yellow."""
    candidates = [calendar.working_days_before(day, yellow_days) for day in milestone_dates]
    if due is not None:
        candidates.append(calendar.working_days_before(due, yellow_days))
        lag = lag_from(start=start, due=due, percent=percent)
        if lag is not None:
            candidates.append(lag)
    return min(candidates, default=None)


def light(*, status: str, due_on: datetime.date | None, yellow_from: datetime.date | None, today: datetime.date) -> str:
    """The light of one measure today; `ledger.selectors.light_q` is the same rule as a query."""
    if status not in OPEN_STATUSES:
        return Light.NONE
    if due_on is not None and today > due_on:
        return Light.RED
    if yellow_from is not None and today >= yellow_from:
        return Light.YELLOW
    return Light.GREEN


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def report_due(*, kind: str, since: datetime.date) -> datetime.date:
    """The date by which the next progress report is expected: monthly, or quarterly for 长期坚持."""
    return add_months(since, REPORT_MONTHS.get(kind, 1))
