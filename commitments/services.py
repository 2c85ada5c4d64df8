"""Every change to a commitment: one function each, refusing in Chinese.

draft → published (公开) → requested (兑现待核验) → fulfilled (已兑现), or sent back to published with
reasons. Transitions are race-safe like the ledger's: the row changes only where its status is still
the expected one, and each one appends a CommitmentEvent and an audit entry.
"""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record, snapshot
from campaigns.models import Campaign, ProblemCategory
from commitments import selectors
from commitments.choices import CommitmentStatus
from commitments.models import Commitment, CommitmentEvent, CommitmentEvidence, CommitmentReport
from common.dates import today as local_today
from common.exceptions import DomainError
from common.services import save_changes, save_new
from common.uploads import check_evidence_file
from notifications.choices import NotificationKind
from notifications.services import notify
from organisations.models import Org

LABELS = dict(CommitmentStatus.choices)
EDITABLE = ("content", "target", "deadline", "responsible", "category", "position")


def _check_responsible(person: User, org: Org) -> None:
    if not person.memberships.filter(org__path__startswith=org.path).exists():
        raise DomainError(f"责任人“{person}”不在“{org}”或其下级单位任职，请选择本单位的人员。")


def _check_deadline(deadline: datetime.date) -> None:
    if deadline < local_today():
        raise DomainError("兑现时限不能早于今天。")


@transaction.atomic
def commitment_create(
    *,
    actor: User,
    campaign: Campaign,
    org: Org,
    content: str,
    target: str,
    deadline: datetime.date,
    responsible: User,
    category: ProblemCategory | None = None,
) -> Commitment:
    """A draft commitment of `org`, made by its head or a leader in person."""
    position = selectors.committer_position(actor, org)
    if position is None:
        raise DomainError(f"只有“{org}”的主要负责人或班子成员可以作出公开承诺。")
    if not content.strip() or not target.strip():
        raise DomainError("请填写承诺内容和衡量标准。")
    _check_deadline(deadline)
    _check_responsible(responsible, org)
    return save_new(
        actor=actor,
        instance=Commitment(
            campaign=campaign,
            org=org,
            committer=actor,
            position=position,
            category=category,
            content=content.strip(),
            target=target.strip(),
            deadline=deadline,
            responsible=responsible,
            created_by=actor,
        ),
    )


@transaction.atomic
def commitment_update(*, actor: User, commitment: Commitment, **changes) -> Commitment:
    """Edit a draft; once public, a commitment is what was promised and stays so."""
    if not selectors.is_committer(actor, commitment):
        raise DomainError("只有承诺人本人可以修改承诺。")
    if commitment.status != CommitmentStatus.DRAFT:
        raise DomainError(f"承诺已{LABELS[commitment.status]}，公开后不能再修改。")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError("活动、承诺单位和承诺人登记后不能修改。")
    if "deadline" in changes:
        _check_deadline(changes["deadline"])
    if "responsible" in changes:
        _check_responsible(changes["responsible"], commitment.org)
    return save_changes(actor=actor, instance=commitment, changes=changes)


def _transition(
    *, actor: User, commitment: Commitment, expected: str, to: str, remark: str = "", **fields
) -> Commitment:
    """Move the commitment from `expected` to `to` only if it is still in `expected`."""
    if Commitment.objects.filter(pk=commitment.pk, status=expected).update(status=to, **fields) != 1:
        now = Commitment.objects.values_list("status", flat=True).get(pk=commitment.pk)
        raise DomainError(f"该承诺现为“{LABELS[now]}”，已被他人处理，请刷新页面查看。")
    before = snapshot(commitment)
    for name, value in fields.items():
        setattr(commitment, name, value)
    commitment.status = to
    event = CommitmentEvent.objects.create(
        commitment=commitment, actor=actor, from_status=expected, to_status=to, remark=remark
    )
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        target=commitment,
        before={**before, "status": expected},
        after=snapshot(commitment),
        remark=remark,
    )
    _notify(commitment, event)
    return commitment


def _notify(commitment: Commitment, event: CommitmentEvent) -> None:
    """Fulfilment reported: the campaign's supervisors are told; verified or sent back: the committer
    and the person responsible. Keyed on the event, so it is told once."""
    if event.to_status == CommitmentStatus.REQUESTED:
        users = selectors.campaign_supervisors(commitment)
        title = f"{commitment.org.display_name}报告承诺已兑现，请核验"
    elif event.from_status == CommitmentStatus.REQUESTED:
        users = User.objects.filter(pk__in=[commitment.committer_id, commitment.responsible_id])
        title = f"公开承诺{LABELS[event.to_status]}：{commitment.content[:30]}"
    else:
        return
    notify(
        users=users.exclude(pk=event.actor_id),
        kind=NotificationKind.COMMITMENT,
        title=title,
        body=event.remark,
        url=reverse("commitments:commitment-detail", args=[commitment.pk]),
        key=f"commitment-event-{event.pk}",
    )


def _require(commitment: Commitment, status: str, doing: str) -> None:
    if commitment.status != status:
        raise DomainError(f"该承诺当前为“{LABELS[commitment.status]}”，不能{doing}。")


@transaction.atomic
def commitment_publish(*, actor: User, commitment: Commitment) -> Commitment:
    """Make the commitment public: it appears on the campaign's wall."""
    if not selectors.is_committer(actor, commitment):
        raise DomainError("只有承诺人本人可以公开承诺。")
    _require(commitment, CommitmentStatus.DRAFT, "公开")
    _check_deadline(commitment.deadline)
    return _transition(
        actor=actor,
        commitment=commitment,
        expected=CommitmentStatus.DRAFT,
        to=CommitmentStatus.PUBLISHED,
        remark="公开承诺",
        published_on=local_today(),
    )


def _add_report(
    *, actor: User, commitment: Commitment, text: str, percent: int, files: Sequence, is_fulfilment: bool
) -> CommitmentReport:
    if not text.strip():
        raise DomainError("请填写进展或兑现情况。")
    if not 0 <= percent <= 100:
        raise DomainError("完成进度须在 0 至 100 之间。")
    checked = [(upload, check_evidence_file(upload)) for upload in files]
    report = save_new(
        actor=actor,
        instance=CommitmentReport(
            commitment=commitment,
            reported_on=local_today(),
            text=text.strip(),
            percent=percent,
            is_fulfilment=is_fulfilment,
            created_by=actor,
        ),
    )
    for upload, check in checked:
        evidence = CommitmentEvidence(report=report, uploaded_by=actor)
        evidence.keep_upload(upload, check)
        save_new(actor=actor, instance=evidence)
    Commitment.objects.filter(pk=commitment.pk).update(percent=percent)
    commitment.percent = percent
    return report


@transaction.atomic
def commitment_report(
    *, actor: User, commitment: Commitment, text: str, percent: int, files: Sequence = ()
) -> CommitmentReport:
    """A progress report (text, percent, optional evidence) on a public commitment."""
    if not selectors.can_report(actor, commitment):
        raise DomainError("只有承诺人或责任人可以报告承诺进展。")
    _require(commitment, CommitmentStatus.PUBLISHED, "报告进展")
    return _add_report(actor=actor, commitment=commitment, text=text, percent=percent, files=files, is_fulfilment=False)


@transaction.atomic
def commitment_request_fulfilment(
    *, actor: User, commitment: Commitment, text: str, files: Sequence = ()
) -> Commitment:
    """The committer reports the commitment kept, with evidence, for a supervisor to verify."""
    if not selectors.is_committer(actor, commitment):
        raise DomainError("只有承诺人本人可以报告承诺已兑现。")
    _require(commitment, CommitmentStatus.PUBLISHED, "报告兑现")
    if not files:
        raise DomainError("报告兑现须至少上传一份佐证材料。")
    _add_report(actor=actor, commitment=commitment, text=text, percent=100, files=files, is_fulfilment=True)
    return _transition(
        actor=actor,
        commitment=commitment,
        expected=CommitmentStatus.PUBLISHED,
        to=CommitmentStatus.REQUESTED,
        remark=text.strip(),
        requested_by=actor,
    )


def _check_verifier(actor: User, commitment: Commitment) -> None:
    if actor.pk in (commitment.committer_id, commitment.requested_by_id):
        raise DomainError("不能核验自己的承诺。")
    if not selectors.can_verify(actor, commitment):
        raise DomainError(f"只有“{commitment.campaign.org}”或其上级单位的监督考核组成员可以核验承诺兑现情况。")
    _require(commitment, CommitmentStatus.REQUESTED, "核验")


@transaction.atomic
def commitment_verify(*, actor: User, commitment: Commitment, remark: str = "") -> Commitment:
    """A supervisor of the campaign confirms the commitment kept (已兑现)."""
    _check_verifier(actor, commitment)
    return _transition(
        actor=actor,
        commitment=commitment,
        expected=CommitmentStatus.REQUESTED,
        to=CommitmentStatus.FULFILLED,
        remark=remark.strip() or "核验通过，承诺已兑现",
        verified_by=actor,
        fulfilled_on=local_today(),
    )


@transaction.atomic
def commitment_send_back(*, actor: User, commitment: Commitment, reason: str) -> Commitment:
    """Not kept yet: back to 承诺中 with the reasons; the progress returns to the last real report."""
    if not reason.strip():
        raise DomainError("退回须写明理由。")
    _check_verifier(actor, commitment)
    reported = (
        commitment.reports.filter(is_fulfilment=False)
        .order_by("-reported_on", "-id")
        .values_list("percent", flat=True)
        .first()
    )
    return _transition(
        actor=actor,
        commitment=commitment,
        expected=CommitmentStatus.REQUESTED,
        to=CommitmentStatus.PUBLISHED,
        remark=reason.strip(),
        requested_by=None,
        percent=reported or 0,
    )
