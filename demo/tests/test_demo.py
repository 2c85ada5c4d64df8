import datetime
import hashlib
import pathlib
import re
from collections import deque
from html.parser import HTMLParser

from django.core.management import call_command
from django.db.models import F
from django.test import Client

from accounts.models import User
from audit.models import AuditEntry
from campaigns.models import Campaign
from common.dates import today
from demo.holidays import holiday_rows, holidays_seed
from ledger.choices import ExtensionStatus, HolidayKind, Light, MeasureKind, MeasureStatus, ProblemSource
from ledger.models import Evidence, Extension, Holiday, Measure, MeasureEvent, Problem, Progress, Urge
from ledger.selectors import light_q, report_missing_q
from organisations.models import Org
from participation.choices import Channel, Rating, SubmissionKind, SubmissionStatus, WhistleblowStatus
from participation.models import Submission, SubmissionEvent, Whistleblow

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
    Submission,
    SubmissionEvent,
    Whistleblow,
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

    assert_voices_of_the_public()
    assert_every_page_opens()

    call_command("demo")
    assert counts() == first


def assert_voices_of_the_public() -> None:
    """The demo campaign's submissions and whistleblowing reports (demo.voices_data)."""
    campaign = Campaign.objects.get(code="2026-PB")
    submissions = Submission.objects.filter(campaign=campaign)
    assert submissions.count() >= 180
    assert set(submissions.values_list("status", flat=True)) == set(SubmissionStatus.values)
    assert set(submissions.values_list("channel", flat=True)) == set(Channel.values)
    assert set(submissions.values_list("kind", flat=True)) == set(SubmissionKind.values)
    assert submissions.filter(status=SubmissionStatus.DUPLICATE).count() >= 2
    assert not submissions.filter(status=SubmissionStatus.DECLINED, decline_reason="").exists()
    # Most of the texts are worded differently, not copies.
    assert submissions.values("text").distinct().count() == submissions.count()
    assert len(set(submissions.values_list("org", flat=True))) >= 10
    assert submissions.exclude(name="").exists() and submissions.exclude(phone="").exists()
    assert not submissions.exclude(channel=Channel.ONLINE).filter(recorded_by__isnull=True).exists()
    # Accepted ones became problems of the ledger; some were attached to a problem already there.
    accepted = submissions.filter(status=SubmissionStatus.ACCEPTED)
    assert Problem.objects.filter(source=ProblemSource.PUBLIC, pk__in=accepted.values("problem")).count() == (
        accepted.count()
    )
    assert submissions.filter(status=SubmissionStatus.MERGED).exists()
    # Answered, rated, and some overdue: history reaches back before today.
    day = today()
    assert submissions.filter(answered_at__isnull=False).count() >= 20
    assert submissions.filter(answered_at__isnull=True, answer_due_on__lt=day).exists()
    assert set(submissions.exclude(rating="").values_list("rating", flat=True)) == set(Rating.values)
    assert submissions.filter(received_on__lt=day - datetime.timedelta(days=7)).exists()
    assert not submissions.filter(triaged_at__lt=F("created_at")).exists()
    assert not submissions.filter(answered_at__lt=F("triaged_at")).exists()
    assert SubmissionEvent.objects.filter(submission__campaign=campaign).count() >= 100

    reports = Whistleblow.objects.filter(campaign=campaign)
    assert reports.count() >= 3
    assert reports.filter(identity_token="").exists() and reports.exclude(identity_token="").exists()
    assert set(reports.values_list("status", flat=True)) == set(WhistleblowStatus.values)
    assert not reports.filter(status=WhistleblowStatus.CLOSED, reply="").exists()


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


class _Links(HTMLParser):
    """The site's own addresses linked from a page (no query, no fragment)."""

    def __init__(self):
        super().__init__()
        self.paths: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag != "a":
            return
        path = (dict(attrs).get("href") or "").split("#")[0].split("?")[0]
        if path.startswith("/") and not re.match(r"/(static|media|i18n|admin)/", path):
            self.paths.append(path)


def _crawl(client: Client, start: str) -> set[str]:
    """Follow links from `start`, one page per address shape (ids as N); returns the shapes opened. Fails
    on any server error."""
    opened: set[str] = set()
    queue = deque([start])
    while queue:
        path = queue.popleft()
        shape = re.sub(r"\d+", "N", path)
        if shape in opened:
            continue
        opened.add(shape)
        response = client.get(path)
        assert response.status_code < 500, f"{path}: HTTP {response.status_code}"
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            links = _Links()
            links.feed(response.content.decode())
            queue.extend(links.paths)
    return opened


def assert_every_page_opens() -> None:
    """Every page a demo login (and the public) can reach by following links opens without a server error."""
    for username in ("office", "head", "supervisor", "inspector", "qszyy-office", "qsrmyy-ywk", "xz01-staff"):
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        opened = _crawl(client, "/")
        assert len(opened) >= 30, username
    public = _crawl(Client(raise_request_exception=False), "/voices/c/2026-PB/")
    public |= _crawl(Client(raise_request_exception=False), "/commitments/wall/2026-PB/")
    assert len(public) >= 3
