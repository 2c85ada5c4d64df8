"""Reads on submissions. Staff see submissions about orgs in their scope; the public reaches one
submission only through its tracking code."""

from django.db.models import Q, QuerySet

from accounts.models import User
from campaigns.models import Campaign
from ledger.models import Problem
from ledger.selectors import problem_list
from organisations.choices import OrgType, Role
from organisations.models import Org
from organisations.selectors import org_list, path_q, scope_roots, user_has_role
from participation.models import Submission, Whistleblow

# Submissions carry names and phone numbers: only those who handle them see them.
VIEW_ROLES = {Role.OFFICE, Role.HEAD, Role.LEADER, Role.SUPERVISOR, Role.INSPECTOR}
TRIAGE_ROLES = {Role.OFFICE, Role.HEAD, Role.LEADER, Role.SUPERVISOR}
ANSWER_ROLES = {Role.OFFICE, Role.HEAD, Role.LEADER}
PUBLIC_ORG_TYPES = [OrgType.HOSPITAL, OrgType.TOWNSHIP, OrgType.COMMUNITY]


def submission_list(user: User) -> QuerySet[Submission]:
    return Submission.objects.filter(path_q(user, "org__path", VIEW_ROLES)).select_related("org", "campaign")


def submission_get(user: User, pk: int) -> Submission:
    return submission_list(user).select_related("problem", "duplicate_of", "triaged_by", "answered_by").get(pk=pk)


def submission_by_code(code: str) -> Submission | None:
    """The public lookup; `code` already normalised (participation.services.tracking_code_normalise)."""
    if not code:
        return None
    return Submission.objects.select_related("org", "campaign", "problem").filter(tracking_code=code).first()


def public_campaign_get(code: str) -> Campaign:
    return Campaign.objects.select_related("org").get(code=code)


def public_org_list(campaign: Campaign) -> QuerySet[Org]:
    """The units a member of the public may write about: the campaign's own org and the hospitals,
    township centres and community centres under it (never departments or Party branches)."""
    return Org.objects.filter(
        Q(pk=campaign.org_id) | Q(path__startswith=campaign.org.path, type__in=PUBLIC_ORG_TYPES)
    ).order_by("path")


def can_triage(user: User, org: Org) -> bool:
    return user_has_role(user, org, TRIAGE_ROLES)


def can_answer(user: User, org: Org) -> bool:
    return user_has_role(user, org, ANSWER_ROLES)


def record_org_list(user: User) -> QuerySet[Org]:
    """Units the user may record offline submissions for."""
    return org_list(user, TRIAGE_ROLES).exclude(type__in=[OrgType.DEPARTMENT, OrgType.BRANCH]).order_by("path")


def campaign_family_ids(campaign: Campaign) -> list[int]:
    """The campaign and its sub-plans: a commission's campaign is worked in each unit's sub-plan."""
    return [campaign.pk, *Campaign.objects.filter(parent=campaign).values_list("pk", flat=True)]


def attachable_problems(user: User, submission: Submission) -> QuerySet[Problem]:
    return problem_list(user).filter(campaign_id__in=campaign_family_ids(submission.campaign))


# --- whistleblowing (举报) ---------------------------------------------------------------------

# Only the discipline inspectors: not the office, the unit's head or a superuser (who reaches the
# reports, without identities, through the admin only). Hence scope_roots, not path_q.
INSPECT_ROLES = {Role.INSPECTOR}


def can_inspect(user: User, org: Org) -> bool:
    return any(org.path.startswith(root) for root in scope_roots(user, INSPECT_ROLES))


def whistleblow_list(user: User) -> QuerySet[Whistleblow]:
    roots = scope_roots(user, INSPECT_ROLES)
    if not roots:
        return Whistleblow.objects.none()
    q = Q()
    for root in roots:
        q |= Q(org__path__startswith=root)
    return Whistleblow.objects.filter(q).select_related("org", "campaign")


def whistleblow_get(user: User, pk: int) -> Whistleblow:
    return whistleblow_list(user).select_related("accepted_by", "closed_by").get(pk=pk)


def whistleblow_by_code(code: str) -> Whistleblow | None:
    """The reporter's lookup; `code` already normalised."""
    if not code:
        return None
    return Whistleblow.objects.select_related("org").filter(tracking_code=code).first()
