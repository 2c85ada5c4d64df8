"""The commitment status machine: every transition and every refusal, by role, scope and state."""

import datetime

import pytest
import time_machine

from audit.models import AuditAction, AuditEntry
from commitments import selectors, services
from commitments.choices import CommitmentStatus, PublicState
from commitments.models import Commitment, CommitmentEvent, CommitmentEvidence
from commitments.tests.conftest import make_commitment
from common.dates import today
from common.exceptions import DomainError
from conftest import make_person
from ledger.tests.factories import exe_file, pdf_file, png_file
from notifications.models import Notification
from organisations.choices import Role
from organisations.services import membership_add


def test_whole_life_writes_events_and_audit(requested, cast):
    services.commitment_verify(actor=cast["supervisor"], commitment=requested, remark="现场核验属实")
    commitment = Commitment.objects.get(pk=requested.pk)
    assert commitment.status == CommitmentStatus.FULFILLED
    assert commitment.fulfilled_on == today() and commitment.verified_by == cast["supervisor"]
    assert commitment.percent == 100
    steps = list(CommitmentEvent.objects.values_list("from_status", "to_status", "actor__username"))
    assert steps == [
        (CommitmentStatus.DRAFT, CommitmentStatus.PUBLISHED, "head_a"),
        (CommitmentStatus.PUBLISHED, CommitmentStatus.REQUESTED, "head_a"),
        (CommitmentStatus.REQUESTED, CommitmentStatus.FULFILLED, "supervisor"),
    ]
    transitions = AuditEntry.objects.filter(action=AuditAction.TRANSITION, target_id=str(commitment.pk))
    assert transitions.count() == 3
    assert transitions.first().after["status"] == CommitmentStatus.FULFILLED
    assert transitions.first().org_path == commitment.org.path
    assert CommitmentEvidence.objects.get().file_type == "pdf"


def test_draft_takes_the_committers_position(campaign, cast, county):
    leader = cast["leader_a"]
    leader.memberships.filter(org=county["a"]).update(position="副院长")
    commitment = make_commitment(actor=leader, campaign=campaign, org=county["a"], responsible=cast["owner_a"])
    assert commitment.position == "副院长" and commitment.status == CommitmentStatus.DRAFT
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, target_id=str(commitment.pk)).exists()


@pytest.mark.parametrize("who", ["owner_a", "office_a", "supervisor", "office"])
def test_only_heads_and_leaders_of_the_org_commit(campaign, cast, county, who):
    with pytest.raises(DomainError, match="主要负责人或班子成员"):
        make_commitment(actor=cast[who], campaign=campaign, org=county["a"], responsible=cast["owner_a"])


def test_head_cannot_commit_for_another_unit(campaign, cast, county):
    with pytest.raises(DomainError, match="乙医院"):
        make_commitment(actor=cast["head_a"], campaign=campaign, org=county["b"], responsible=cast["owner_b"])


def test_responsible_must_work_in_the_org(campaign, cast, county):
    with pytest.raises(DomainError, match="责任人"):
        make_commitment(actor=cast["head_a"], campaign=campaign, org=county["a"], responsible=cast["owner_b"])


def test_deadline_not_in_the_past(campaign, cast, county):
    with pytest.raises(DomainError, match="兑现时限"):
        make_commitment(
            actor=cast["head_a"],
            campaign=campaign,
            org=county["a"],
            responsible=cast["owner_a"],
            deadline=today() - datetime.timedelta(days=1),
        )


def test_org_must_be_inside_the_campaign(rolled_out, cast, county):
    with pytest.raises(DomainError, match="承诺单位"):
        make_commitment(actor=cast["head_a"], campaign=rolled_out["YYY"], org=county["a"], responsible=cast["owner_a"])


def test_draft_edit_by_committer_only_and_never_after_publishing(draft, cast):
    services.commitment_update(actor=cast["head_a"], commitment=draft, target="夜间门诊开放至22时")
    assert Commitment.objects.get(pk=draft.pk).target == "夜间门诊开放至22时"
    with pytest.raises(DomainError, match="承诺人本人"):
        services.commitment_update(actor=cast["office_a"], commitment=draft, target="改")
    with pytest.raises(DomainError, match="不能修改"):
        services.commitment_update(actor=cast["head_a"], commitment=draft, committer=cast["leader_a"])
    services.commitment_publish(actor=cast["head_a"], commitment=draft)
    with pytest.raises(DomainError, match="公开后不能再修改"):
        services.commitment_update(actor=cast["head_a"], commitment=draft, target="改")


def test_only_the_committer_publishes(draft, cast):
    with pytest.raises(DomainError, match="承诺人本人"):
        services.commitment_publish(actor=cast["office_a"], commitment=draft)
    services.commitment_publish(actor=cast["head_a"], commitment=draft)
    assert draft.published_on == today()
    with pytest.raises(DomainError, match="不能公开"):
        services.commitment_publish(actor=cast["head_a"], commitment=draft)


def test_publishing_twice_from_stale_copies_is_refused(draft, cast):
    stale = Commitment.objects.get(pk=draft.pk)
    services.commitment_publish(actor=cast["head_a"], commitment=draft)
    with pytest.raises(DomainError, match="已被他人处理"):
        services.commitment_publish(actor=cast["head_a"], commitment=stale)
    assert CommitmentEvent.objects.count() == 1


def test_progress_by_committer_or_responsible(published, cast):
    services.commitment_report(actor=cast["owner_a"], commitment=published, text="已招聘夜班医师2名", percent=40)
    services.commitment_report(
        actor=cast["head_a"], commitment=published, text="完成诊室改造", percent=60, files=[png_file()]
    )
    assert Commitment.objects.get(pk=published.pk).percent == 60
    with pytest.raises(DomainError, match="承诺人或责任人"):
        services.commitment_report(actor=cast["office_a"], commitment=published, text="代报", percent=70)
    with pytest.raises(DomainError, match="0 至 100"):
        services.commitment_report(actor=cast["owner_a"], commitment=published, text="超", percent=120)


def test_no_progress_on_a_draft(draft, cast):
    with pytest.raises(DomainError, match="不能报告进展"):
        services.commitment_report(actor=cast["head_a"], commitment=draft, text="进展", percent=10)


def test_fulfilment_needs_the_committer_and_evidence(published, cast):
    with pytest.raises(DomainError, match="承诺人本人"):
        services.commitment_request_fulfilment(
            actor=cast["owner_a"], commitment=published, text="已兑现", files=[pdf_file()]
        )
    with pytest.raises(DomainError, match="佐证材料"):
        services.commitment_request_fulfilment(actor=cast["head_a"], commitment=published, text="已兑现")
    assert Commitment.objects.get(pk=published.pk).status == CommitmentStatus.PUBLISHED


def test_fulfilment_evidence_is_checked_by_content(published, cast):
    with pytest.raises(DomainError, match="不是PDF"):
        services.commitment_request_fulfilment(
            actor=cast["head_a"], commitment=published, text="已兑现", files=[pdf_file(), exe_file()]
        )
    assert not CommitmentEvidence.objects.exists()
    assert Commitment.objects.get(pk=published.pk).status == CommitmentStatus.PUBLISHED


def test_verification_refused_to_wrong_roles_and_out_of_scope(requested, cast, county):
    unit_supervisor = make_person("supervisor_a", county["a"], Role.SUPERVISOR)
    for who in (cast["office"], cast["inspector"], cast["owner_a"], unit_supervisor):
        with pytest.raises(DomainError, match="监督考核组"):
            services.commitment_verify(actor=who, commitment=requested)
        with pytest.raises(DomainError, match="监督考核组"):
            services.commitment_send_back(actor=who, commitment=requested, reason="不实")
    assert Commitment.objects.get(pk=requested.pk).status == CommitmentStatus.REQUESTED


def test_no_one_verifies_their_own_commitment(campaign, cast, county):
    supervisor = cast["supervisor"]
    membership_add(actor=None, user=supervisor, org=county["commission"], role=Role.LEADER, position="副主任")
    own = make_commitment(actor=supervisor, campaign=campaign, org=county["commission"], responsible=cast["office"])
    services.commitment_publish(actor=supervisor, commitment=own)
    services.commitment_request_fulfilment(actor=supervisor, commitment=own, text="已兑现", files=[pdf_file()])
    assert not selectors.commitment_actions(supervisor, own).verify
    with pytest.raises(DomainError, match="不能核验自己的承诺"):
        services.commitment_verify(actor=supervisor, commitment=own)
    with pytest.raises(DomainError, match="不能核验自己的承诺"):
        services.commitment_send_back(actor=supervisor, commitment=own, reason="自己退回")


def test_verify_needs_a_fulfilment_report(published, cast):
    with pytest.raises(DomainError, match="不能核验"):
        services.commitment_verify(actor=cast["supervisor"], commitment=published)


def test_send_back_with_reasons_restores_the_reported_progress(published, cast):
    services.commitment_report(actor=cast["owner_a"], commitment=published, text="过半", percent=55)
    services.commitment_request_fulfilment(
        actor=cast["head_a"], commitment=published, text="已兑现", files=[pdf_file()]
    )
    with pytest.raises(DomainError, match="理由"):
        services.commitment_send_back(actor=cast["supervisor"], commitment=published, reason=" ")
    services.commitment_send_back(actor=cast["supervisor"], commitment=published, reason="夜间门诊尚未挂号开放")
    commitment = Commitment.objects.get(pk=published.pk)
    assert commitment.status == CommitmentStatus.PUBLISHED
    assert commitment.percent == 55 and commitment.requested_by is None
    assert CommitmentEvent.objects.last().remark == "夜间门诊尚未挂号开放"


def test_stale_verification_after_send_back_is_refused(requested, cast):
    stale = Commitment.objects.get(pk=requested.pk)
    services.commitment_send_back(actor=cast["supervisor"], commitment=requested, reason="证据不足")
    with pytest.raises(DomainError, match="已被他人处理"):
        services.commitment_verify(actor=cast["supervisor"], commitment=stale)
    assert Commitment.objects.get(pk=requested.pk).status == CommitmentStatus.PUBLISHED


def test_overdue_when_the_deadline_passes_unfulfilled(published, requested, cast):
    later = today() + datetime.timedelta(days=31)
    with time_machine.travel(later, tick=False):
        day = today()
        assert requested.is_overdue(day)
        assert requested.public_state(day) == PublicState.OVERDUE
        assert Commitment.objects.filter(selectors.overdue_q(day)).count() == 1
        services.commitment_verify(actor=cast["supervisor"], commitment=requested)
        assert not requested.is_overdue(day)
        assert requested.public_state(day) == PublicState.FULFILLED
        assert not Commitment.objects.filter(selectors.overdue_q(day)).exists()


def test_drafts_are_never_overdue(draft):
    day = today() + datetime.timedelta(days=60)
    assert not draft.is_overdue(day)
    assert not Commitment.objects.filter(selectors.overdue_q(day)).exists()


def test_supervisors_are_told_of_a_fulfilment_and_the_committer_of_the_verdict(published, cast):
    services.commitment_request_fulfilment(
        actor=cast["head_a"], commitment=published, text="已兑现", files=[pdf_file()]
    )
    told = Notification.objects.filter(kind="commitment")
    assert list(told.values_list("recipient__username", flat=True)) == ["supervisor"]
    services.commitment_send_back(actor=cast["supervisor"], commitment=published, reason="证据不足")
    assert set(told.exclude(recipient=cast["supervisor"]).values_list("recipient__username", flat=True)) == {
        "head_a",
        "owner_a",
    }
    assert told.filter(recipient=cast["head_a"]).get().body == "证据不足"
