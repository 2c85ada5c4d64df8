import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledger import services as ledger_services
from ledger.models import Holiday, Measure
from ledger.tests.factories import make_measure, pdf_file
from notifications import reminders
from notifications.choices import DeliveryMode, NotificationKind
from notifications.models import Notification, NotificationPreference
from notifications.reminders import run_daily
from notifications.services import notify
from notifications.tests.conftest import MONDAY
from participation import services as participation_services
from participation.choices import Channel, SubmissionKind

D = datetime.date
FRIDAY, SATURDAY, TUESDAY, WEDNESDAY, THURSDAY = (MONDAY + datetime.timedelta(days=n) for n in (-3, -2, 1, 2, 3))


def _set_dates(measure, *, due_on, yellow_from):
    Measure.objects.filter(pk=measure.pk).update(deadline=due_on, due_on=due_on, yellow_from=yellow_from)


def _holiday(day):
    Holiday.objects.create(date=day, kind="holiday", name="测试假日")


def _keys(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", "key"))


def test_red_is_told_once_on_the_next_working_day_after_a_weekend(cast, measure):
    _set_dates(measure, due_on=FRIDAY, yellow_from=FRIDAY - datetime.timedelta(days=5))
    result = run_daily(today=SATURDAY)
    assert not result.working_day and result.sent == 0
    assert run_daily(today=MONDAY).counts["lights"] == 2
    key = f"measure:{measure.pk}:red:{SATURDAY.isoformat()}"
    assert _keys(NotificationKind.MEASURE_RED) == [("leader_a", key), ("owner_a", key)]
    assert run_daily(today=MONDAY).sent == 0
    assert run_daily(today=TUESDAY).sent == 0


def test_a_changed_light_is_told_again(cast, measure):
    _set_dates(measure, due_on=D(2026, 12, 31), yellow_from=MONDAY)
    assert run_daily(today=MONDAY).counts["lights"] == 2
    assert run_daily(today=TUESDAY).counts["lights"] == 0
    _set_dates(measure, due_on=TUESDAY, yellow_from=MONDAY)
    assert run_daily(today=WEDNESDAY).counts["lights"] == 2
    _set_dates(measure, due_on=D(2026, 12, 31), yellow_from=WEDNESDAY)
    assert run_daily(today=THURSDAY).counts["lights"] == 2
    assert Notification.objects.filter(recipient=cast["owner_a"]).count() == 3


def test_a_holiday_on_monday_moves_the_reminder_to_tuesday(cast, measure):
    _set_dates(measure, due_on=D(2026, 12, 31), yellow_from=SATURDAY)
    _holiday(MONDAY)
    assert run_daily(today=MONDAY).sent == 0
    assert run_daily(today=TUESDAY).counts["lights"] == 2


def test_a_green_or_closed_measure_is_not_told(cast, measure):
    _set_dates(measure, due_on=D(2026, 12, 31), yellow_from=D(2026, 12, 20))
    assert run_daily(today=MONDAY).sent == 0


def _waiting_for_verification(measure, cast, since):
    local = datetime.datetime.combine(since, datetime.time(10), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(local, tick=False):
        ledger_services.measure_start(actor=cast["owner_a"], measure=measure)
        ledger_services.measure_request_closeout(
            actor=cast["owner_a"], measure=measure, self_assessment="已按验收标准完成", files=[pdf_file()]
        )
        if measure.status == "pending_review":
            ledger_services.measure_confirm(actor=cast["head_a"], measure=measure)
    measure.refresh_from_db()
    assert measure.status == "pending_acceptance"


@pytest.mark.parametrize(
    ("holiday", "quiet", "told"),
    [(None, MONDAY, TUESDAY), (THURSDAY - datetime.timedelta(days=7), TUESDAY, WEDNESDAY)],
    ids=["weekend", "weekend-and-holiday"],
)
def test_closeouts_waiting_more_than_three_working_days_are_told_to_supervisors(cast, measure, holiday, quiet, told):
    if holiday:
        _holiday(holiday)
    _waiting_for_verification(measure, cast, since=WEDNESDAY - datetime.timedelta(days=7))
    assert run_daily(today=quiet).counts["closeouts"] == 0
    assert run_daily(today=told).counts["closeouts"] == 1
    [notification] = Notification.objects.filter(kind=NotificationKind.CLOSEOUT_WAITING)
    assert notification.recipient == cast["supervisor"]
    assert notification.url == f"/ledger/measures/{measure.pk}/"
    assert run_daily(today=told + datetime.timedelta(days=1)).counts["closeouts"] == 0


def test_the_wait_is_a_setting(cast, measure, settings):
    settings.NOTIFICATIONS_CLOSEOUT_WAIT_WORKING_DAYS = 1
    _waiting_for_verification(measure, cast, since=WEDNESDAY - datetime.timedelta(days=7))
    assert run_daily(today=FRIDAY).counts["closeouts"] == 1


@pytest.fixture
def submission(cast, county, rolled_out):
    record = participation_services.submission_record(
        actor=cast["office_a"],
        campaign=rolled_out["JYY"],
        org=county["a"],
        kind=SubmissionKind.COMPLAINT,
        channel=Channel.BOX,
        text="门诊挂号排队时间太长",
        received_on=D(2026, 11, 2),
    )
    record.answer_due_on = WEDNESDAY
    record.save(update_fields=["answer_due_on"])
    return record


def test_answers_due_within_two_working_days_then_overdue(cast, submission):
    assert run_daily(today=FRIDAY).counts["answers"] == 0
    assert run_daily(today=MONDAY).counts["answers"] == 3
    assert {n.recipient.username for n in Notification.objects.all()} == {"office_a", "head_a", "leader_a"}
    assert run_daily(today=TUESDAY).counts["answers"] == 0
    assert run_daily(today=THURSDAY).counts["answers"] == 3
    assert Notification.objects.filter(key__contains=":overdue:").count() == 3


def test_a_holiday_before_the_due_date_brings_the_reminder_forward(cast, submission):
    _holiday(TUESDAY)
    assert run_daily(today=FRIDAY).counts["answers"] == 3
    assert run_daily(today=MONDAY).counts["answers"] == 0


def test_answered_submissions_are_not_told(cast, submission):
    participation_services.submission_answer(actor=cast["office_a"], submission=submission, text="已增设自助挂号机")
    assert run_daily(today=THURSDAY).counts["answers"] == 0


def _remind(day):
    out = io.StringIO()
    call_command("remind", "--date", day.isoformat(), stdout=out)
    return out.getvalue().splitlines()


def test_command_is_idempotent_and_ends_with_sent(cast, measure, submission, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast["owner_a"].email = "owner@example.cn"
    cast["owner_a"].save()
    NotificationPreference.objects.create(user=cast["owner_a"], mode=DeliveryMode.DIGEST)
    _set_dates(measure, due_on=FRIDAY, yellow_from=FRIDAY)
    lines = _remind(MONDAY)
    # 2 red (owner, leader) + 3 answers due + 1 digest email to owner_a
    assert lines[-1] == "sent=6"
    assert "催办升级：0 件" in lines
    assert len(mailoutbox) == 1 and mailoutbox[0].subject == "【破冰】2026年11月23日消息汇总"
    assert _remind(MONDAY)[-1] == "sent=0"
    assert _remind(SATURDAY)[-1] == "sent=0"


def test_digest_is_one_email_a_day_with_everything_unread(cast, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast["owner_a"].email = "owner@example.cn"
    cast["owner_a"].save()
    NotificationPreference.objects.create(user=cast["owner_a"], mode=DeliveryMode.DIGEST)
    for key in ("a", "b", "c"):
        notify(users=[cast["owner_a"]], kind=NotificationKind.GENERAL, title=f"消息{key}", key=key)
    Notification.objects.filter(key="c").update(read_at=datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC))
    assert run_daily(today=MONDAY).counts["digests"] == 1
    assert run_daily(today=MONDAY).counts["digests"] == 0
    assert len(mailoutbox) == 1
    assert "消息a" in mailoutbox[0].body and "消息b" in mailoutbox[0].body and "消息c" not in mailoutbox[0].body
    notify(users=[cast["owner_a"]], kind=NotificationKind.GENERAL, title="消息d", key="d")
    assert run_daily(today=TUESDAY).counts["digests"] == 1
    assert "消息d" in mailoutbox[1].body and "消息a" not in mailoutbox[1].body


def test_escalation_is_called_and_its_notifications_counted(cast, monkeypatch):
    calls = []

    def urge_notices_escalate(*, today):
        calls.append(today)
        notify(users=[cast["head_a"]], kind=NotificationKind.URGE_ESCALATED, title="督办单", key="urge:1:2")
        return 1

    monkeypatch.setattr(reminders, "urge_notices_escalate", urge_notices_escalate)
    result = run_daily(today=MONDAY)
    assert calls == [MONDAY]
    assert result.counts["escalations"] == 1
    assert "催办升级：1 件" in result.notes
    assert run_daily(today=MONDAY).counts["escalations"] == 0


def test_celery_task_runs_the_same(cast, measure):
    from notifications.tasks import remind

    _set_dates(measure, due_on=D(2026, 1, 2), yellow_from=D(2026, 1, 1))
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        assert remind.delay().get() == 2
        assert remind.delay().get() == 0


def test_a_repeated_run_costs_the_same_however_many_were_told(cast, measure):
    def queries_of_second_run():
        Measure.objects.update(deadline=FRIDAY, due_on=FRIDAY, yellow_from=FRIDAY)
        run_daily(today=MONDAY)
        with CaptureQueriesContext(connection) as second:
            assert run_daily(today=MONDAY).sent == 0
        return len(second)

    few = queries_of_second_run()
    for _ in range(5):
        make_measure(actor=cast["office_a"], problem=measure.problem, owner=cast["owner_a"], deadline=D(2027, 1, 4))
    assert queries_of_second_run() == few
