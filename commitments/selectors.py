"""Reads on commitments, scoped to what the user may see, and the rules of who may do what.

The public wall reads through `wall_*`: published commitments only, and only the fields a member
of the public may see (names and positions, never phone numbers or email addresses).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.models import Campaign
from commitments.choices import PUBLIC_STATUSES, RUNNING_STATUSES, CommitmentStatus, PublicState
from commitments.models import Commitment, CommitmentEvidence, CommitmentReport
from common.todo import Todo
from ledger.selectors import campaign_family_ids
from organisations.choices import Role
from organisations.models import Membership, Org
from organisations.selectors import org_list, org_tree, path_q, user_has_role

COMMITTER_ROLES = (Role.HEAD, Role.LEADER)


# --- scope -------------------------------------------------------------------------------------


def commitment_list(user: User) -> QuerySet[Commitment]:
    """Commitments of orgs in the user's scope, and those the user made or answers for."""
    return Commitment.objects.filter(
        Q(org__in=org_list(user)) | Q(committer_id=user.pk) | Q(responsible_id=user.pk)
    ).select_related("campaign", "org", "committer", "responsible", "category")


def commitment_get(user: User, pk: int) -> Commitment:
    return commitment_list(user).get(pk=pk)


def evidence_get(user: User, pk: int) -> CommitmentEvidence:
    return CommitmentEvidence.objects.get(pk=pk, report__commitment__in=commitment_list(user))


def overdue_q(today: datetime.date) -> Q:
    return Q(status__in=RUNNING_STATUSES, deadline__lt=today)


def commitment_filter(commitments: QuerySet[Commitment], filters: dict, today: datetime.date) -> QuerySet[Commitment]:
    """The internal list's filters (already validated against the user's scope)."""
    if filters.get("campaign") is not None:
        commitments = commitments.filter(campaign_id__in=campaign_family_ids(filters["campaign"]))
    if filters.get("org") is not None:
        commitments = commitments.filter(org__path__startswith=filters["org"].path)
    if filters.get("status"):
        commitments = commitments.filter(status=filters["status"])
    if filters.get("overdue"):
        commitments = commitments.filter(overdue_q(today))
    text = (filters.get("q") or "").strip()
    if text:
        commitments = commitments.filter(Q(content__icontains=text) | Q(target__icontains=text))
    return commitments


def committer_orgs(user: User) -> QuerySet[Org]:
    """The orgs in which the user is the head or a leader: those they may commit for."""
    return Org.objects.filter(memberships__user=user, memberships__role__in=COMMITTER_ROLES).distinct().order_by("path")


def committer_position(user: User, org: Org) -> str | None:
    """The user's position (职务) as head or leader of `org`; None when they are neither."""
    positions = Membership.objects.filter(user=user, org=org, role__in=COMMITTER_ROLES).values_list("position", "role")
    for position, role in sorted(positions, key=lambda row: COMMITTER_ROLES.index(row[1])):
        return position or Role(role).label
    return None


# --- rules -------------------------------------------------------------------------------------


def is_committer(user: User, commitment: Commitment) -> bool:
    return commitment.committer_id == user.pk


def can_report(user: User, commitment: Commitment) -> bool:
    """Progress is reported by the committer or the person responsible."""
    return user.pk in (commitment.committer_id, commitment.responsible_id)


def campaign_supervisors(commitment: Commitment) -> QuerySet[User]:
    """The supervisors (监督考核组) of the campaign's org and the orgs above it: who may verify."""
    ids = [int(part) for part in commitment.campaign.org.path.strip("/").split("/") if part]
    return User.objects.filter(memberships__org_id__in=ids, memberships__role=Role.SUPERVISOR).distinct()


def can_verify(user: User, commitment: Commitment) -> bool:
    """A supervisor (监督考核组) of the campaign's org or above verifies fulfilment."""
    return user_has_role(user, commitment.campaign.org, {Role.SUPERVISOR})


@dataclass(frozen=True)
class CommitmentActions:
    edit: bool
    publish: bool
    report: bool
    request_fulfilment: bool
    verify: bool


def commitment_actions(user: User, commitment: Commitment) -> CommitmentActions:
    status = commitment.status
    verify = (
        status == CommitmentStatus.REQUESTED
        and can_verify(user, commitment)
        and user.pk not in (commitment.committer_id, commitment.requested_by_id)
    )
    return CommitmentActions(
        edit=status == CommitmentStatus.DRAFT and is_committer(user, commitment),
        publish=status == CommitmentStatus.DRAFT and is_committer(user, commitment),
        report=status == CommitmentStatus.PUBLISHED and can_report(user, commitment),
        request_fulfilment=status == CommitmentStatus.PUBLISHED and is_committer(user, commitment),
        verify=verify,
    )


def commitment_history(commitment: Commitment) -> list[tuple[datetime.datetime, str, object]]:
    """Events and reports, newest first: ("event"|"report", row)."""
    items: list[tuple[datetime.datetime, str, object]] = [
        (event.at, "event", event) for event in commitment.events.select_related("actor")
    ]
    for report in commitment.reports.select_related("created_by").prefetch_related("evidence"):
        items.append((report.created_at, "report", report))
    items.sort(key=lambda item: item[0], reverse=True)
    return items


# --- the public wall ---------------------------------------------------------------------------


def wall_campaign_get(code: str) -> Campaign:
    return Campaign.objects.select_related("org").get(code=code)


def wall_commitments(campaign: Campaign) -> QuerySet[Commitment]:
    """Published commitments of the campaign and its sub-plans; drafts are never public."""
    return (
        Commitment.objects.filter(campaign_id__in=campaign_family_ids(campaign), status__in=PUBLIC_STATUSES)
        .select_related("org", "committer", "responsible")
        .only(
            "id",
            "org__name",
            "org__short_name",
            "org__path",
            "org__depth",
            "committer__name",
            "responsible__name",
            "position",
            "content",
            "target",
            "deadline",
            "status",
            "percent",
            "published_on",
            "fulfilled_on",
        )
    )


def wall_units(commitments: list[Commitment], today: datetime.date) -> list[dict]:
    """The wall's commitments grouped by unit (in tree order), each with its public state."""
    units: dict[int, dict] = {}
    tree_order = {org.pk: index for index, org in enumerate(org_tree({c.org for c in commitments}))}
    for commitment in sorted(commitments, key=lambda c: (tree_order[c.org_id], c.deadline, c.pk)):
        commitment.state = commitment.public_state(today)
        unit = units.setdefault(commitment.org_id, {"org": commitment.org, "rows": [], "fulfilled": 0})
        unit["rows"].append(commitment)
        unit["fulfilled"] += commitment.state == PublicState.FULFILLED
    return list(units.values())


def wall_fulfilment(commitment: Commitment) -> CommitmentReport | None:
    """The fulfilment report the wall shows, once verified."""
    if commitment.status != CommitmentStatus.FULFILLED:
        return None
    return commitment.reports.filter(is_fulfilment=True).only("text", "reported_on", "percent").first()


def wall_progress(commitment: Commitment) -> QuerySet[CommitmentReport]:
    return commitment.reports.filter(is_fulfilment=False).only("text", "reported_on", "percent")


def todo(user: User) -> list[Todo]:
    """Fulfilment reports waiting for this supervisor's verification (never their own)."""
    waiting = (
        Commitment.objects.filter(
            path_q(user, "campaign__org__path", {Role.SUPERVISOR}), status=CommitmentStatus.REQUESTED
        )
        .exclude(committer_id=user.pk)
        .exclude(requested_by_id=user.pk)
        .count()
    )
    url = f"{reverse('commitments:commitment-list')}?status={CommitmentStatus.REQUESTED}"
    return [Todo(_("待核验的承诺兑现"), waiting, url)]
