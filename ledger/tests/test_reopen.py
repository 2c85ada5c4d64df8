"""Reopening a measure that came back (反弹回潮), and marking a problem as a recurrence (屡查屡犯)."""

import datetime
import threading

import pytest
from django.db import connection

from audit.models import AuditAction, AuditEntry
from campaigns import services as campaign_services
from common.dates import today
from common.exceptions import DomainError
from ledger import services
from ledger.choices import MeasureKind, MeasureStatus
from ledger.deadlines import add_months
from ledger.models import Measure, MeasureEvent, StatusCount
from ledger.tests.factories import make_measure, make_problem, pdf_file
from organisations.choices import Role


def close(measure, cast):
    services.progress_report(actor=cast["owner_a"], measure=measure, text="已完成", percent=90)
    services.measure_request_closeout(
        actor=cast["owner_a"], measure=measure, self_assessment="达到验收标准", files=[pdf_file()]
    )
    services.measure_confirm(actor=cast["head_a"], measure=measure)
    services.measure_verify(actor=cast["supervisor"], measure=measure)
    return measure


def counts(measure):
    return dict(StatusCount.objects.filter(campaign=measure.campaign, org=measure.org).values_list("status", "count"))


@pytest.fixture
def closed(measure, cast):
    return close(measure, cast)


def test_reopen_closed_measure_keeps_deadline_sets_new_due_and_logs(closed, cast):
    deadline = closed.deadline
    services.measure_reopen(actor=cast["supervisor"], measure=closed, reason="排队时间又超过30分钟")

    closed.refresh_from_db()
    assert closed.status == MeasureStatus.IN_PROGRESS
    assert closed.deadline == deadline
    assert closed.due_on == max(add_months(today(), 1), deadline)
    assert closed.closed_on is None and closed.requested_by is None and closed.confirmed_by is None
    assert closed.percent == 0 and closed.started_on == today()
    event = MeasureEvent.objects.filter(measure=closed).latest("id")
    assert (event.from_status, event.to_status, event.actor) == (
        MeasureStatus.CLOSED,
        MeasureStatus.IN_PROGRESS,
        cast["supervisor"],
    )
    assert event.remark == "排队时间又超过30分钟"
    assert counts(closed)[MeasureStatus.CLOSED] == 0
    assert counts(closed)[MeasureStatus.IN_PROGRESS] == 1
    audit = AuditEntry.objects.filter(action=AuditAction.TRANSITION, target_id=str(closed.pk)).first()
    assert audit.after["status"] == MeasureStatus.IN_PROGRESS


def test_reopen_with_given_due_date(closed, cast):
    due = closed.deadline + datetime.timedelta(days=90)
    services.measure_reopen(actor=cast["supervisor"], measure=closed, reason="反弹", due_on=due)
    closed.refresh_from_db()
    assert closed.due_on == due


def test_reopen_refuses_due_before_original_deadline_or_today(closed, cast):
    with pytest.raises(DomainError, match="不能早于原整改时限"):
        services.measure_reopen(
            actor=cast["supervisor"], measure=closed, reason="反弹", due_on=closed.deadline - datetime.timedelta(1)
        )
    with pytest.raises(DomainError, match="须晚于今天"):
        services.measure_reopen(actor=cast["supervisor"], measure=closed, reason="反弹", due_on=today())
    closed.refresh_from_db()
    assert closed.status == MeasureStatus.CLOSED


def test_reopen_ongoing_long_term_measure_keeps_no_deadline(problem, cast):
    measure = make_measure(actor=cast["office_a"], problem=problem, kind=MeasureKind.LONG_TERM, owner=cast["owner_a"])
    close(measure, cast)
    assert measure.status == MeasureStatus.ONGOING
    services.measure_reopen(actor=cast["supervisor"], measure=measure, reason="制度未执行")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    assert measure.deadline is None and measure.due_on is None
    assert counts(measure)[MeasureStatus.ONGOING] == 0


@pytest.mark.parametrize("status", [MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS])
def test_reopen_refused_from_open_states(measure, cast, status):
    if status == MeasureStatus.IN_PROGRESS:
        services.measure_start(actor=cast["owner_a"], measure=measure)
    with pytest.raises(DomainError, match="不能重新打开"):
        services.measure_reopen(actor=cast["supervisor"], measure=measure, reason="反弹")


@pytest.mark.parametrize("step", ["pending_review", "pending_acceptance"])
def test_reopen_refused_while_close_out_is_pending(measure, cast, step):
    services.progress_report(actor=cast["owner_a"], measure=measure, text="已完成", percent=90)
    services.measure_request_closeout(
        actor=cast["owner_a"], measure=measure, self_assessment="达到验收标准", files=[pdf_file()]
    )
    if step == "pending_acceptance":
        services.measure_confirm(actor=cast["head_a"], measure=measure)
    assert measure.status == step
    with pytest.raises(DomainError, match="不能重新打开"):
        services.measure_reopen(actor=cast["supervisor"], measure=measure, reason="反弹")


@pytest.mark.parametrize("who", ["office", "office_a", "head_a", "leader_a", "owner_a", "inspector", "owner_b"])
def test_reopen_refused_for_other_roles(closed, cast, who):
    with pytest.raises(DomainError, match="监督考核组"):
        services.measure_reopen(actor=cast[who], measure=closed, reason="反弹")
    assert Measure.objects.get(pk=closed.pk).status == MeasureStatus.CLOSED


def test_reopen_refused_for_supervisor_of_another_unit(closed, cast, county):
    from conftest import make_person

    other = make_person("supervisor_b", county["b"], Role.SUPERVISOR)
    with pytest.raises(DomainError, match="监督考核组"):
        services.measure_reopen(actor=other, measure=closed, reason="反弹")


def test_reopen_needs_a_reason(closed, cast):
    with pytest.raises(DomainError, match="写明理由"):
        services.measure_reopen(actor=cast["supervisor"], measure=closed, reason="  ")


def test_stale_reopen_is_refused_and_counts_stay_right(closed, cast):
    stale = Measure.objects.get(pk=closed.pk)
    services.measure_reopen(actor=cast["supervisor"], measure=closed, reason="反弹")
    with pytest.raises(DomainError, match="可能已被他人处理"):
        services.measure_reopen(actor=cast["supervisor"], measure=stale, reason="反弹")
    assert MeasureEvent.objects.filter(measure=closed, to_status=MeasureStatus.IN_PROGRESS).count() == 2
    assert counts(closed)[MeasureStatus.IN_PROGRESS] == 1
    assert sum(counts(closed).values()) == 1


def test_reopened_measure_can_be_closed_again(closed, cast):
    services.measure_reopen(actor=cast["supervisor"], measure=closed, reason="反弹")
    close(closed, cast)
    assert closed.status == MeasureStatus.CLOSED
    assert counts(closed)[MeasureStatus.CLOSED] == 1


# --- recurrence mark ---------------------------------------------------------------------------


@pytest.fixture
def earlier_and_new(rolled_out, cast, county):
    earlier = make_problem(actor=cast["office_a"], campaign=rolled_out["JYY"], org=county["a"])
    later_campaign = campaign_services.campaign_create(
        actor=cast["office"],
        org=county["commission"],
        code="2027-PB",
        theme="回头看",
        kind="pobing",
        doc_number="测卫发〔2027〕1号",
        starts_on=datetime.date(2027, 3, 1),
        template_key="pobing",
    )
    new = make_problem(actor=cast["office"], campaign=later_campaign, org=county["a"])
    return earlier, new


def test_office_marks_and_clears_recurrence(earlier_and_new, cast):
    earlier, new = earlier_and_new
    services.problem_mark_recurrence(actor=cast["office_a"], problem=new, earlier=earlier)
    new.refresh_from_db()
    assert new.recurrence_of == earlier
    assert list(earlier.recurrences.all()) == [new]
    entry = AuditEntry.objects.filter(target_id=str(new.pk), action=AuditAction.UPDATE).first()
    assert entry.after["recurrence_of"] == earlier.pk
    services.problem_mark_recurrence(actor=cast["office"], problem=new, earlier=None)
    new.refresh_from_db()
    assert new.recurrence_of is None


@pytest.mark.parametrize("who", ["head_a", "supervisor", "owner_a", "owner_b"])
def test_mark_recurrence_refused_for_others(earlier_and_new, cast, who):
    earlier, new = earlier_and_new
    with pytest.raises(DomainError, match="活动办公室"):
        services.problem_mark_recurrence(actor=cast[who], problem=new, earlier=earlier)


def test_mark_recurrence_refuses_later_self_and_other_units(earlier_and_new, cast, county, rolled_out):
    earlier, new = earlier_and_new
    with pytest.raises(DomainError, match="更早"):
        services.problem_mark_recurrence(actor=cast["office"], problem=earlier, earlier=new)
    with pytest.raises(DomainError, match="自身"):
        services.problem_mark_recurrence(actor=cast["office"], problem=new, earlier=new)
    other = make_problem(actor=cast["office"], campaign=rolled_out["YYY"], org=county["b"])
    with pytest.raises(DomainError, match="管辖范围"):
        services.problem_mark_recurrence(actor=cast["office_a"], problem=new, earlier=other)
    with pytest.raises(DomainError, match="上下级单位"):
        services.problem_mark_recurrence(actor=cast["office"], problem=new, earlier=other)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="真实的并发行锁只在 PostgreSQL 上测试")
@pytest.mark.django_db(transaction=True)
def test_two_supervisors_reopening_at_once_exactly_one_wins(closed, cast, county):
    from conftest import make_person

    second = make_person("supervisor2", county["commission"], Role.SUPERVISOR)
    barrier = threading.Barrier(2)
    outcomes = []

    def reopen(actor):
        from django.db import connection as thread_connection

        mine = Measure.objects.select_related("org", "campaign").get(pk=closed.pk)
        barrier.wait()
        try:
            services.measure_reopen(actor=actor, measure=mine, reason="反弹")
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=reopen, args=(actor,)) for actor in (cast["supervisor"], second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert MeasureEvent.objects.filter(measure=closed, from_status=MeasureStatus.CLOSED).count() == 1
    assert counts(closed)[MeasureStatus.IN_PROGRESS] == 1 and counts(closed)[MeasureStatus.CLOSED] == 0
