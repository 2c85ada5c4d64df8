"""The measure status machine: every allowed and every refused transition, by role and by scope."""

import threading

import pytest
from django.db import connection

from audit.models import AuditAction, AuditEntry
from campaigns import services as campaign_services
from common.exceptions import DomainError
from ledger import selectors, services
from ledger.choices import MeasureKind, MeasureStatus
from ledger.models import Measure, MeasureEvent, StatusCount
from ledger.tests.factories import make_measure, pdf_file
from organisations.choices import Role
from organisations.services import membership_add


def request_closeout(measure, owner):
    services.progress_report(actor=owner, measure=measure, text="已完成自助机安装", percent=80)
    return services.measure_request_closeout(
        actor=owner, measure=measure, self_assessment="达到验收标准", files=[pdf_file()]
    )


def counts(measure):
    return dict(StatusCount.objects.filter(campaign=measure.campaign, org=measure.org).values_list("status", "count"))


def test_three_step_close_out_writes_events_counts_and_audit(measure, cast):
    assert counts(measure)[MeasureStatus.NOT_STARTED] == 1
    request_closeout(measure, cast["owner_a"])
    assert measure.status == MeasureStatus.PENDING_REVIEW
    services.measure_confirm(actor=cast["head_a"], measure=measure, remark="情况属实")
    services.measure_verify(actor=cast["supervisor"], measure=measure, remark="现场核验通过")

    measure.refresh_from_db()
    assert measure.status == MeasureStatus.CLOSED
    assert measure.closed_on is not None
    assert measure.percent == 100
    steps = list(
        MeasureEvent.objects.filter(measure=measure).values_list("from_status", "to_status", "actor__username")
    )
    assert steps == [
        (MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS, "owner_a"),
        (MeasureStatus.IN_PROGRESS, MeasureStatus.PENDING_REVIEW, "owner_a"),
        (MeasureStatus.PENDING_REVIEW, MeasureStatus.PENDING_ACCEPTANCE, "head_a"),
        (MeasureStatus.PENDING_ACCEPTANCE, MeasureStatus.CLOSED, "supervisor"),
    ]
    assert counts(measure) == {**dict.fromkeys(MeasureStatus.values, 0), MeasureStatus.CLOSED: 1}
    transitions = AuditEntry.objects.filter(action=AuditAction.TRANSITION, target_id=str(measure.pk))
    assert transitions.count() == 4
    assert transitions.first().after["status"] == MeasureStatus.CLOSED


def test_responsible_leader_may_confirm(measure, cast):
    request_closeout(measure, cast["owner_a"])
    services.measure_confirm(actor=cast["leader_a"], measure=measure)
    assert measure.status == MeasureStatus.PENDING_ACCEPTANCE


def test_two_step_campaign_skips_unit_confirmation(measure, cast):
    campaign_services.campaign_update(actor=cast["office"], campaign=measure.campaign, review_steps=2)
    measure.refresh_from_db()
    request_closeout(measure, cast["owner_a"])
    assert measure.status == MeasureStatus.PENDING_ACCEPTANCE
    services.measure_verify(actor=cast["supervisor"], measure=measure)
    assert measure.status == MeasureStatus.CLOSED


def test_long_term_measure_moves_to_ongoing_and_keeps_reporting(problem, cast):
    measure = make_measure(actor=cast["office_a"], problem=problem, kind=MeasureKind.LONG_TERM, owner=cast["owner_a"])
    assert measure.deadline is None and measure.due_on is None
    request_closeout(measure, cast["owner_a"])
    services.measure_confirm(actor=cast["head_a"], measure=measure)
    services.measure_verify(actor=cast["supervisor"], measure=measure)
    assert measure.status == MeasureStatus.ONGOING
    services.progress_report(actor=cast["owner_a"], measure=measure, text="季度执行情况良好", percent=100)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ONGOING and measure.last_report_on is not None


@pytest.mark.parametrize("step", ["review", "acceptance"])
def test_send_back_from_each_review_step(measure, cast, step):
    request_closeout(measure, cast["owner_a"])
    reviewer = cast["head_a"]
    if step == "acceptance":
        services.measure_confirm(actor=cast["head_a"], measure=measure)
        reviewer = cast["supervisor"]
    with pytest.raises(DomainError, match="退回须写明理由"):
        services.measure_send_back(actor=reviewer, measure=measure, reason="  ")
    services.measure_send_back(actor=reviewer, measure=measure, reason="佐证材料不足，缺少现场照片")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    assert measure.requested_by is None
    assert measure.percent == 80  # the last real report, not the request's 100%
    assert MeasureEvent.objects.filter(measure=measure).last().remark == "佐证材料不足，缺少现场照片"
    # Sent back, the owner can apply again.
    services.measure_request_closeout(actor=cast["owner_a"], measure=measure, self_assessment="已补充照片")
    assert measure.status == MeasureStatus.PENDING_REVIEW


def test_close_out_needs_self_assessment_and_evidence(measure, cast):
    services.measure_start(actor=cast["owner_a"], measure=measure)
    with pytest.raises(DomainError, match="至少上传一份佐证材料"):
        services.measure_request_closeout(actor=cast["owner_a"], measure=measure, self_assessment="已完成")
    with pytest.raises(DomainError, match="自评"):
        services.measure_request_closeout(
            actor=cast["owner_a"], measure=measure, self_assessment="", files=[pdf_file()]
        )
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    assert not measure.progress.exists()


@pytest.mark.parametrize("who", ["office_a", "head_a", "supervisor", "owner_b"])
def test_only_the_owner_requests_close_out(measure, cast, who):
    services.measure_start(actor=cast["owner_a"], measure=measure)
    with pytest.raises(DomainError, match="只有该措施的责任人"):
        services.measure_request_closeout(actor=cast[who], measure=measure, self_assessment="完成", files=[pdf_file()])


@pytest.mark.parametrize("who", ["owner_b", "supervisor", "office", "office_a", "inspector"])
def test_confirm_refused_to_wrong_role_or_scope(measure, cast, who):
    request_closeout(measure, cast["owner_a"])
    with pytest.raises(DomainError, match="主要负责人或该措施的责任领导"):
        services.measure_confirm(actor=cast[who], measure=measure)
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.PENDING_REVIEW


@pytest.mark.parametrize("who", ["head_a", "leader_a", "office", "owner_b", "inspector"])
def test_verify_refused_to_anyone_but_a_supervisor(measure, cast, who):
    request_closeout(measure, cast["owner_a"])
    services.measure_confirm(actor=cast["head_a"], measure=measure)
    with pytest.raises(DomainError, match="监督考核组"):
        services.measure_verify(actor=cast[who], measure=measure)


def test_supervisor_of_another_unit_cannot_verify(measure, cast, county):
    from conftest import make_person

    outsider = make_person("supervisor_b", county["b"], Role.SUPERVISOR)
    request_closeout(measure, cast["owner_a"])
    services.measure_confirm(actor=cast["head_a"], measure=measure)
    with pytest.raises(DomainError, match="监督考核组"):
        services.measure_verify(actor=outsider, measure=measure)


def test_nobody_approves_their_own_request(problem, cast, county):
    # The unit head is also the owner of this measure: they may apply, never confirm their own application.
    membership_add(actor=None, user=cast["head_a"], org=county["dept_a"], role=Role.OWNER)
    membership_add(actor=None, user=cast["head_a"], org=county["a"], role=Role.SUPERVISOR)
    measure = make_measure(actor=cast["office_a"], problem=problem, owner=cast["head_a"], leader=cast["leader_a"])
    request_closeout(measure, cast["head_a"])
    with pytest.raises(DomainError, match="不能审核自己提出的销号申请"):
        services.measure_confirm(actor=cast["head_a"], measure=measure)
    services.measure_confirm(actor=cast["leader_a"], measure=Measure.objects.get(pk=measure.pk))
    with pytest.raises(DomainError, match="不能审核自己提出的销号申请"):
        services.measure_verify(actor=cast["head_a"], measure=Measure.objects.get(pk=measure.pk))
    assert not selectors.measure_actions(cast["head_a"], Measure.objects.get(pk=measure.pk)).verify


def test_transition_from_a_state_that_has_moved_on(measure, cast):
    request_closeout(measure, cast["owner_a"])
    services.measure_confirm(actor=cast["head_a"], measure=measure)
    stale = Measure.objects.get(pk=measure.pk)
    services.measure_verify(actor=cast["supervisor"], measure=Measure.objects.get(pk=measure.pk))
    with pytest.raises(DomainError, match="可能已被他人处理"):
        services.measure_verify(actor=cast["supervisor"], measure=stale)
    with pytest.raises(DomainError, match="不能申请销号"):
        services.measure_request_closeout(
            actor=cast["owner_a"], measure=Measure.objects.get(pk=measure.pk), self_assessment="x"
        )
    with pytest.raises(DomainError, match="报送进展"):
        services.progress_report(actor=cast["owner_a"], measure=Measure.objects.get(pk=measure.pk), text="x", percent=5)
    assert MeasureEvent.objects.filter(measure=measure, to_status=MeasureStatus.CLOSED).count() == 1


def test_events_cannot_be_edited_or_deleted(measure, cast):
    services.measure_start(actor=cast["owner_a"], measure=measure)
    event = MeasureEvent.objects.get(measure=measure)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        MeasureEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="真实的并发行锁只在 PostgreSQL 上测试")
@pytest.mark.django_db(transaction=True)
def test_two_supervisors_verifying_at_once_exactly_one_wins(measure, cast, county):
    from conftest import make_person

    second = make_person("supervisor2", county["commission"], Role.SUPERVISOR)
    request_closeout(measure, cast["owner_a"])
    services.measure_confirm(actor=cast["head_a"], measure=measure)
    barrier = threading.Barrier(2)
    outcomes = []

    def verify(actor):
        from django.db import connection as thread_connection

        mine = Measure.objects.select_related("org", "campaign").get(pk=measure.pk)
        barrier.wait()
        try:
            services.measure_verify(actor=actor, measure=mine)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=verify, args=(actor,)) for actor in (cast["supervisor"], second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert any("可能已被他人处理" in outcome for outcome in outcomes)
    assert MeasureEvent.objects.filter(measure=measure, to_status=MeasureStatus.CLOSED).count() == 1
    assert counts(measure)[MeasureStatus.CLOSED] == 1
