"""Reads on urge notices, inspections and spot checks, scoped to what the user may see, and the rules
of who may do what (the services refuse with them; the pages show buttons with them)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.models import Campaign
from common.todo import Todo
from ledger.choices import MeasureStatus
from ledger.models import Measure
from ledger.selectors import campaign_family_ids, measure_list
from organisations.choices import Role
from organisations.models import Membership, Org
from organisations.selectors import path_q, scope_roots, user_has_role
from supervision.choices import AWAITING_ANSWER, CheckResult, UrgeStatus
from supervision.models import EscalationStep, Finding, Inspection, SpotCheck, SpotCheckItem, UrgeNotice

# Who issues notices and decides on answers; who records inspections; who draws spot checks.
ISSUE_ROLES = {Role.OFFICE, Role.SUPERVISOR}
INSPECT_ROLES = {Role.OFFICE, Role.SUPERVISOR, Role.INSPECTOR}
SPOT_CHECK_ROLES = {Role.OFFICE, Role.SUPERVISOR}
# The roles in the target org itself that receive a notice.
RECIPIENT_ROLES = (Role.HEAD, Role.OFFICE)


def ladder_campaign_id(campaign: Campaign) -> int:
    """A family of campaigns climbs one ladder: the top campaign's."""
    return campaign.parent_id or campaign.pk


def escalation_steps(campaign: Campaign) -> list[EscalationStep]:
    return list(EscalationStep.objects.filter(campaign_id=ladder_campaign_id(campaign)).order_by("level"))


def _scope_or(user: User, also: Q) -> Q:
    """Rows of orgs in the user's scope, or matching `also`. (A superuser's scope is an empty Q, and an
    empty Q vanishes from an OR.)"""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Q()
    return path_q(user, "org__path") | also


# --- urge notices ------------------------------------------------------------------------------


def urge_notice_list(user: User) -> QuerySet[UrgeNotice]:
    """Notices to orgs in the user's scope, and those about measures the user answers for by name."""
    notices = UrgeNotice.objects.select_related("org", "campaign", "measure", "measure__problem", "issued_by")
    return notices.filter(_scope_or(user, Q(measure__owner_id=user.pk) | Q(measure__leader_id=user.pk)))


def urge_notice_get(user: User, pk: int) -> UrgeNotice:
    return urge_notice_list(user).get(pk=pk)


def urge_notice_filtered(
    user: User, *, level: int | None, status: str, overdue: bool, today: datetime.date
) -> QuerySet[UrgeNotice]:
    notices = urge_notice_list(user)
    if level:
        notices = notices.filter(level=level)
    if status:
        notices = notices.filter(status=status)
    if overdue:
        notices = notices.filter(overdue_q(today))
    return notices


def overdue_q(today: datetime.date) -> Q:
    return Q(status__in=AWAITING_ANSWER, answer_by__lt=today)


def urge_level_counts(notices: QuerySet[UrgeNotice]) -> list[tuple[int, str, int]]:
    """(level, name, how many) for the list's counts, one grouped query."""
    rows = notices.order_by().values("level").annotate(n=Count("id"), name=Max("level_name")).order_by("level")
    return [(row["level"], row["name"], row["n"]) for row in rows]


def urge_notice_recipients(notice: UrgeNotice) -> list[User]:
    """The target org's head and office, and for a measure notice its owner and leader."""
    ids = set(
        Membership.objects.filter(org_id=notice.org_id, role__in=RECIPIENT_ROLES, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    if notice.measure is not None:
        ids |= {pk for pk in (notice.measure.owner_id, notice.measure.leader_id) if pk}
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


def can_issue(user: User, org: Org) -> bool:
    return user_has_role(user, org, ISSUE_ROLES)


def is_recipient(user: User, notice: UrgeNotice) -> bool:
    if notice.measure is not None and user.pk in (notice.measure.owner_id, notice.measure.leader_id):
        return True
    return Membership.objects.filter(user=user, org_id=notice.org_id, role__in=RECIPIENT_ROLES).exists()


def can_decide(user: User, notice: UrgeNotice) -> bool:
    """The office or supervisors over the target org accept or return an answer — never a recipient."""
    return can_issue(user, notice.org) and not is_recipient(user, notice)


@dataclass(frozen=True)
class NoticeActions:
    acknowledge: bool
    answer: bool
    decide: bool


def urge_notice_actions(user: User, notice: UrgeNotice) -> NoticeActions:
    recipient = is_recipient(user, notice)
    return NoticeActions(
        acknowledge=recipient and notice.status == UrgeStatus.ISSUED,
        answer=recipient and notice.status in (UrgeStatus.ACKNOWLEDGED, UrgeStatus.RETURNED),
        decide=notice.status == UrgeStatus.ANSWERED and can_decide(user, notice),
    )


def urge_notice_counts(*, campaign: Campaign, start: datetime.date, end: datetime.date) -> dict[int, int]:
    """Notices issued in [start, end] in the campaign and its sub-plans, per target org id. A notice
    that climbed the ladder is still one notice (counted once, at its highest level)."""
    rows = (
        UrgeNotice.objects.filter(campaign_id__in=campaign_family_ids(campaign), issued_on__range=(start, end))
        .order_by()
        .values("org_id")
        .annotate(n=Count("id"))
    )
    return {row["org_id"]: row["n"] for row in rows}


# --- inspections -------------------------------------------------------------------------------


def inspection_list(user: User) -> QuerySet[Inspection]:
    return Inspection.objects.filter(path_q(user, "org__path")).select_related("org", "campaign")


def inspection_get(user: User, pk: int) -> Inspection:
    return inspection_list(user).get(pk=pk)


def finding_get(user: User, pk: int) -> Finding:
    return Finding.objects.select_related("inspection", "inspection__org", "inspection__campaign").get(
        pk=pk, inspection__in=inspection_list(user)
    )


def can_inspect(user: User, org: Org) -> bool:
    return user_has_role(user, org, INSPECT_ROLES)


def inspection_finding_counts(*, campaign: Campaign, start: datetime.date, end: datetime.date) -> dict[int, int]:
    """Findings of inspections dated in [start, end] (campaign and sub-plans), per inspected org id."""
    rows = (
        Finding.objects.filter(
            inspection__campaign_id__in=campaign_family_ids(campaign), inspection__visited_on__range=(start, end)
        )
        .order_by()
        .values("inspection__org_id")
        .annotate(n=Count("id"))
    )
    return {row["inspection__org_id"]: row["n"] for row in rows}


# --- spot checks -------------------------------------------------------------------------------


def spot_check_list(user: User) -> QuerySet[SpotCheck]:
    checks = SpotCheck.objects.select_related("org", "campaign", "category", "checker", "drawn_by")
    return checks.filter(_scope_or(user, Q(checker_id=user.pk)))


def spot_check_get(user: User, pk: int) -> SpotCheck:
    return spot_check_list(user).get(pk=pk)


def spot_check_item_get(user: User, pk: int) -> SpotCheckItem:
    return SpotCheckItem.objects.select_related("spot_check", "measure", "measure__org").get(
        pk=pk, spot_check__in=spot_check_list(user)
    )


def can_draw(user: User, org: Org) -> bool:
    return user_has_role(user, org, SPOT_CHECK_ROLES)


def can_check(user: User, spot_check: SpotCheck) -> bool:
    """The assigned checker re-verifies; so may the office or supervisors over the scope."""
    return spot_check.checker_id == user.pk or can_draw(user, spot_check.org)


def spot_check_population(*, campaign: Campaign, org: Org, category=None) -> QuerySet[Measure]:
    """Closed (已销号) measures of the campaign family in the org's subtree, optionally of one category."""
    measures = Measure.objects.filter(
        campaign_id__in=campaign_family_ids(campaign), status=MeasureStatus.CLOSED, org__path__startswith=org.path
    )
    if category is not None:
        measures = measures.filter(problem__category__name=category.name)
    return measures


def measure_for_notice(user: User, pk: int) -> Measure:
    return measure_list(user).select_related("org", "campaign", "problem").get(pk=pk)


def issue_orgs(user: User) -> QuerySet[Org]:
    return Org.objects.filter(path_q(user, "path", ISSUE_ROLES))


def has_any_role(user: User, roles) -> bool:
    return user.is_superuser or bool(scope_roots(user, roles))


# --- 我的待办 -----------------------------------------------------------------------------------


def _recipient_q(user: User) -> Q:
    """Notices the user answers for: about a measure they own or lead, or to an org they head or run."""
    orgs = Membership.objects.filter(user_id=user.pk, role__in=RECIPIENT_ROLES).values("org_id")
    return Q(measure__owner_id=user.pk) | Q(measure__leader_id=user.pk) | Q(org_id__in=orgs)


def todo(user: User) -> list[Todo]:
    """Notices to sign for or answer, answers to accept, spot-check items to re-verify."""
    to_answer = UrgeNotice.objects.filter(_recipient_q(user), status__in=AWAITING_ANSWER).count()
    to_decide = (
        UrgeNotice.objects.filter(path_q(user, "org__path", ISSUE_ROLES), status=UrgeStatus.ANSWERED)
        .exclude(_recipient_q(user))
        .count()
    )
    to_check = SpotCheckItem.objects.filter(spot_check__checker_id=user.pk, result=CheckResult.PENDING).count()
    notices = reverse("supervision:urgenotice-list")
    return [
        Todo(_("待签收、待反馈的催办督办单"), to_answer, notices),
        Todo(_("待办结的催办督办反馈"), to_decide, f"{notices}?status={UrgeStatus.ANSWERED}"),
        Todo(_("待复核的随机抽查措施"), to_check, reverse("supervision:spotcheck-list")),
    ]
