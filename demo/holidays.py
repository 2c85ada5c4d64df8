"""China's public holidays and 调休 working days for the holiday calendar (节假日安排).

The dates below MUST be checked against the State Council General Office's notice
(国务院办公厅关于××年部分节假日安排的通知) each year, usually published in November: the
arrangement of days off and make-up working days is decided anew every year and cannot be derived.

2026 is the published arrangement. For 2027 only the statutory days themselves are listed (the
lunar festivals converted to the Gregorian calendar); the bridging days off and the 调休 working
weekends are unknown until the 2027 notice appears, and an administrator adds them then.
"""

import datetime

from ledger.choices import HolidayKind
from ledger.models import Holiday

# (name, first day off, last day off, 调休 working weekend days)
ARRANGEMENTS = {
    2026: [
        ("元旦", "2026-01-01", "2026-01-03", ["2026-01-04"]),
        ("春节", "2026-02-15", "2026-02-23", ["2026-02-14", "2026-02-28"]),
        ("清明节", "2026-04-04", "2026-04-06", []),
        ("劳动节", "2026-05-01", "2026-05-05", ["2026-05-09"]),
        ("端午节", "2026-06-19", "2026-06-21", []),
        ("中秋节", "2026-09-25", "2026-09-27", []),
        ("国庆节", "2026-10-01", "2026-10-07", ["2026-09-20", "2026-10-10"]),
    ],
    # Statutory days only (全国年节及纪念日放假办法): no 调休 yet — see the module docstring.
    2027: [
        ("元旦", "2027-01-01", "2027-01-01", []),
        ("春节", "2027-02-05", "2027-02-08", []),
        ("清明节", "2027-04-05", "2027-04-05", []),
        ("劳动节", "2027-05-01", "2027-05-02", []),
        ("端午节", "2027-06-09", "2027-06-09", []),
        ("中秋节", "2027-09-15", "2027-09-15", []),
        ("国庆节", "2027-10-01", "2027-10-03", []),
    ],
}


def holiday_rows(year: int) -> list[Holiday]:
    """The calendar rows of a year: weekdays off as 法定节假日 (a weekend day off changes nothing for
    working-day counts and is not stored, as the Holiday model says), weekend days worked as 调休上班."""
    rows = []
    for name, first, last, workdays in ARRANGEMENTS.get(year, []):
        day, last_day = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        while day <= last_day:
            if day.weekday() < 5:
                rows.append(Holiday(date=day, kind=HolidayKind.HOLIDAY, name=name))
            day += datetime.timedelta(days=1)
        rows += [Holiday(date=datetime.date.fromisoformat(d), kind=HolidayKind.WORKDAY, name=name) for d in workdays]
    return rows


def holidays_seed(years: list[int]) -> int:
    """Add the known days of `years` to the calendar; days already there (perhaps corrected by an
    administrator) are left alone. Returns how many were added."""
    rows = [row for year in years for row in holiday_rows(year)]
    existing = set(Holiday.objects.filter(date__in=[row.date for row in rows]).values_list("date", flat=True))
    new = [row for row in rows if row.date not in existing]
    Holiday.objects.bulk_create(new)
    return len(new)
