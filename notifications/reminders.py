"""The daily reminder run: deadline lights, close-outs waiting for verification, answers falling due,
urge-notice escalation, then the digest. Safe to run any number of times a day.

Every reminder's key names the event and the date it began (a measure's light and the day it came
on, a close-out request, a submission's due date), so a measure that stays red is told once and is
told again only when its light or its dates change. The run does nothing on days off (weekends and
holidays of the ledger's calendar): what happened over a weekend is told on the next working day.
"""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.dates import cn_date
from ledger.choices import Light, MeasureStatus
from ledger.deadlines import WorkCalendar, light
from ledger.models import Measure
from ledger.selectors import light_q
from notifications import services
from notifications.choices import NotificationKind
from notifications.delivery import retry_failed, send_digests
from notifications.models import Notification
from organisations.choices import Role
from organisations.models import Membership
from participation.models import Submission
from participation.selectors import ANSWER_ROLES
from supervision.services import urge_notices_escalate

# A close-out waiting for verification longer than this many working days is told to the supervisors.
CLOSEOUT_WAIT_WORKING_DAYS = 3
# An unanswered submission due within this many working days (or overdue) is told to its answerers.
ANSWER_DUE_WORKING_DAYS = 2
# Reminders are checked against those already told this many keys at a time.
KEY_BATCH = 500
# Failed immediate e-mails and robot posts of the last days are tried again by each daily run.
RETRY_DAYS = 3
LIGHT_KINDS = {Light.YELLOW: NotificationKind.MEASURE_YELLOW, Light.RED: NotificationKind.MEASURE_RED}


@dataclass
class DailyResult:
    """What one run did; `sent` is the command's `sent=N`."""

    working_day: bool = True
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Reminder:
    users: list
    kind: str
    title: str
    body: str
    url: str
    key: str


def _tell(reminders: Iterable[Reminder]) -> int:
    """Notify each reminder's people, skipping in bulk those already told (one query per 500 keys),
    so that a daily run over a large ledger costs little once everything has been told."""
    created = 0
    pending = iter(reminders)
    while batch := list(itertools.islice(pending, KEY_BATCH)):
        told = set(
            Notification.objects.filter(key__in=[reminder.key for reminder in batch]).values_list("recipient", "key")
        )
        for reminder in batch:
            users = [user for user in reminder.users if user is not None and (user.pk, reminder.key) not in told]
            if users:
                created += services.notify(
                    users=users,
                    kind=reminder.kind,
                    title=reminder.title,
                    body=reminder.body,
                    url=reminder.url,
                    key=reminder.key,
                )
    return created


def _measure_label(measure: Measure) -> str:
    return f"{measure.problem.code} {measure.content[:40]}"


def light_reminders(*, today: datetime.date) -> Iterator[Reminder]:
    """Each yellow or red measure's owner and responsible leader, keyed by the light and the day it came on."""
    measures = (
        Measure.objects.filter(light_q(Light.YELLOW, today) | light_q(Light.RED, today))
        .filter(Q(owner__isnull=False) | Q(leader__isnull=False))
        .select_related("problem", "owner", "leader")
        .order_by("id")
    )
    for measure in measures.iterator(chunk_size=KEY_BATCH):
        current = light(status=measure.status, due_on=measure.due_on, yellow_from=measure.yellow_from, today=today)
        if current == Light.RED:
            began = measure.due_on + datetime.timedelta(days=1)
            title = f"红灯：整改措施已超过时限（{cn_date(measure.due_on)}）"
        else:
            began = measure.yellow_from
            title = "黄灯：整改措施临近时限或进度滞后" + (
                f"（时限{cn_date(measure.due_on)}）" if measure.due_on else ""
            )
        yield Reminder(
            users=[measure.owner, measure.leader],
            kind=LIGHT_KINDS[current],
            title=title,
            body=_measure_label(measure),
            url=reverse("ledger:measure-detail", args=[measure.pk]),
            key=f"measure:{measure.pk}:{current}:{began.isoformat()}",
        )


def _people_by_org_path(roles) -> dict[str, list[User]]:
    people = defaultdict(list)
    for membership in Membership.objects.filter(role__in=roles, user__is_active=True).select_related("user", "org"):
        people[membership.org.path].append(membership.user)
    return people


def _above(people: dict[str, list[User]], path: str) -> list[User]:
    """People holding the role in the org of `path` or any org above it, each once."""
    found = {
        person.pk: person for org_path, persons in people.items() if path.startswith(org_path) for person in persons
    }
    return list(found.values())


def _nearest(people: dict[str, list[User]], path: str) -> list[User]:
    """People holding the role in the nearest org, going up from `path`, where anyone holds it."""
    above = [org_path for org_path in people if path.startswith(org_path)]
    return people[max(above, key=len)] if above else []


def closeout_reminders(*, today: datetime.date, calendar: WorkCalendar) -> Iterator[Reminder]:
    """The supervisors over a measure's org (those who may verify it) when its close-out has waited for
    verification more than the configured number of working days; keyed by when the wait began."""
    wait = getattr(settings, "NOTIFICATIONS_CLOSEOUT_WAIT_WORKING_DAYS", CLOSEOUT_WAIT_WORKING_DAYS)
    supervisors = _people_by_org_path([Role.SUPERVISOR])
    measures = (
        Measure.objects.filter(status=MeasureStatus.PENDING_ACCEPTANCE)
        .annotate(waiting_since=Max("events__at", filter=Q(events__to_status=MeasureStatus.PENDING_ACCEPTANCE)))
        .select_related("problem", "org")
        .order_by("id")
    )
    for measure in measures:
        if measure.waiting_since is None:
            continue
        since = timezone.localdate(measure.waiting_since)
        if calendar.working_days_after(since, wait) >= today:
            continue
        yield Reminder(
            users=_above(supervisors, measure.org.path),
            kind=NotificationKind.CLOSEOUT_WAITING,
            title=f"销号待验收已超过{wait}个工作日（{cn_date(since)}提交）",
            body=f"{measure.org}：{_measure_label(measure)}",
            url=reverse("ledger:measure-detail", args=[measure.pk]),
            key=f"closeout:{measure.pk}:{measure.waiting_since.isoformat()}",
        )


def answer_reminders(*, today: datetime.date, calendar: WorkCalendar) -> Iterator[Reminder]:
    """The unit's answerers (office, head, leaders of the nearest org that has any) about unanswered
    submissions due within two working days, and once more when they are overdue."""
    horizon = calendar.working_days_after(today, ANSWER_DUE_WORKING_DAYS)
    answerers = _people_by_org_path(ANSWER_ROLES)
    submissions = (
        Submission.objects.filter(answered_at__isnull=True, answer_due_on__lte=horizon)
        .select_related("org")
        .order_by("id")
    )
    for submission in submissions.iterator(chunk_size=KEY_BATCH):
        overdue = submission.answer_due_on < today
        title = (
            f"群众意见答复已逾期（期限{cn_date(submission.answer_due_on)}）"
            if overdue
            else f"群众意见须在{cn_date(submission.answer_due_on)}前答复"
        )
        yield Reminder(
            users=_nearest(answerers, submission.org.path),
            kind=NotificationKind.ANSWER_DUE,
            title=title,
            body=f"{submission.org}：{submission.get_kind_display()} {submission.text[:40]}",
            url=reverse("participation:submission-detail", args=[submission.pk]),
            key=f"answer:{submission.pk}:{'overdue' if overdue else 'due'}:{submission.answer_due_on.isoformat()}",
        )


def escalate_urge_notices(*, today: datetime.date, result: DailyResult) -> int:
    """Let supervision escalate unanswered urge notices; count the notifications that created."""
    last_id = Notification.objects.aggregate(last=Max("id"))["last"] or 0
    escalated = urge_notices_escalate(today=today)
    result.notes.append(f"催办升级：{escalated} 件")
    return Notification.objects.filter(pk__gt=last_id).count()


def run_daily(*, today: datetime.date) -> DailyResult:
    """The whole daily run for `today`; nothing happens on a day off."""
    result = DailyResult()
    calendar = WorkCalendar.load()
    if not calendar.is_working_day(today):
        result.working_day = False
        result.notes.append(f"{cn_date(today)}不是工作日，不发送提醒。")
        return result
    result.counts["lights"] = _tell(light_reminders(today=today))
    result.counts["closeouts"] = _tell(closeout_reminders(today=today, calendar=calendar))
    result.counts["answers"] = _tell(answer_reminders(today=today, calendar=calendar))
    result.counts["escalations"] = escalate_urge_notices(today=today, result=result)
    result.counts["digests"] = send_digests(today=today)
    result.counts["retries"] = retry_failed(since=timezone.now() - datetime.timedelta(days=RETRY_DAYS))
    return result
