import datetime
import hashlib
import pathlib

from django.core.management import call_command
from django.db.models import F

from accounts.models import User
from audit.models import AuditEntry
from campaigns.models import Campaign
from common.dates import today
from demo.holidays import holiday_rows, holidays_seed
from ledger.choices import ExtensionStatus, HolidayKind, Light, MeasureKind, MeasureStatus, ProblemSource
from ledger.models import Evidence, Extension, Holiday, Measure, MeasureEvent, Problem, Progress, Urge
from ledger.selectors import light_q, report_missing_q
from organisations.models import Org

COUNTED = (
    Org,
    User,
    Campaign,
    Problem,
    Measure,
    Progress,
    Evidence,
    Extension,
    Urge,
    MeasureEvent,
    AuditEntry,
    Holiday,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_demo_loads_a_living_ledger_and_is_idempotent(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo")
    first = counts()
    assert first["Org"] >= 20 and first["User"] >= 55 and first["Campaign"] == 3

    problems, measures = Problem.objects.all(), Measure.objects.all()
    assert problems.count() >= 140
    assert set(problems.values_list("source", flat=True)) == set(ProblemSource.values)
    assert set(problems.values_list("campaign", flat=True)) == set(Campaign.objects.values_list("pk", flat=True))
    assert problems.exclude(major_kind="").filter(lead_leader__isnull=False).exists()
    assert problems.filter(person__isnull=False).exists()
    assert measures.count() >= 280
    assert set(measures.values_list("status", flat=True)) == set(MeasureStatus.values)
    assert set(measures.values_list("kind", flat=True)) == set(MeasureKind.values)
    day = today()
    for light in (Light.RED, Light.YELLOW, Light.GREEN):
        assert measures.filter(light_q(light, day)).count() >= 10, light
    assert measures.filter(report_missing_q(day)).exists()
    assert measures.filter(status=MeasureStatus.CLOSED, closed_on__lt=day).exists()
    assert measures.filter(status=MeasureStatus.CLOSED, closed_on__gt=F("deadline")).exists()
    assert not measures.filter(confirmed_by=F("requested_by")).exists()
    assert set(Extension.objects.values_list("status", flat=True)) == set(ExtensionStatus.values)
    sent_back = MeasureEvent.objects.filter(
        from_status__in=[MeasureStatus.PENDING_REVIEW, MeasureStatus.PENDING_ACCEPTANCE],
        to_status=MeasureStatus.IN_PROGRESS,
    )
    assert sent_back.exists()
    assert Urge.objects.exists()
    # History reaches back before today, through the services' own rows.
    assert Progress.objects.filter(reported_on__lt=day - datetime.timedelta(days=7)).exists()
    assert measures.filter(created_at__date__lt=day - datetime.timedelta(days=14)).exists()

    evidence = Evidence.objects.order_by("id").first()
    path = pathlib.Path(evidence.file.path)
    assert path.is_relative_to(tmp_path) and path.exists()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == evidence.sha256
    assert first["Evidence"] >= 100

    assert first["Holiday"] == len(holiday_rows(day.year)) + len(holiday_rows(day.year + 1))

    call_command("demo")
    assert counts() == first


def test_holiday_calendar_2026_follows_the_published_arrangement(db):
    rows = {row.date: row for row in holiday_rows(2026)}
    assert rows[datetime.date(2026, 10, 1)].kind == HolidayKind.HOLIDAY
    assert rows[datetime.date(2026, 10, 10)].kind == HolidayKind.WORKDAY  # Saturday worked (调休)
    assert rows[datetime.date(2026, 2, 14)].name == "春节"
    assert datetime.date(2026, 10, 3) not in rows  # a Saturday off changes no working-day count
    assert all(row.date.weekday() < 5 for row in rows.values() if row.kind == HolidayKind.HOLIDAY)
    assert all(row.date.weekday() >= 5 for row in rows.values() if row.kind == HolidayKind.WORKDAY)
    assert sum(row.kind == HolidayKind.HOLIDAY for row in rows.values()) == 19

    assert holidays_seed([2026]) == len(rows)
    assert holidays_seed([2026]) == 0
