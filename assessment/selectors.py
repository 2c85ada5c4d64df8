"""Reads on scoring schemes, periods and scores, scoped to what the user may see.

Who sees what: anyone who sees the campaign sees its periods. The campaign org's office, heads and
supervisors (or those of an org above it) see every score, draft or published, and every unit's
breakdown. Everyone else sees nothing of a draft; once a period is published (locked) they see the
whole ranking, and the breakdown of their own unit only.
"""

from django.db.models import QuerySet

from accounts.models import User
from assessment.choices import PeriodStatus
from assessment.models import AssessmentPeriod, Score, ScoringScheme
from campaigns.models import Campaign
from campaigns.selectors import campaign_can_manage, campaign_list
from organisations.choices import Role
from organisations.models import Org
from organisations.selectors import path_q, scope_roots, user_has_role

OVERSIGHT_ROLES = {Role.OFFICE, Role.HEAD, Role.SUPERVISOR}
DECIDE_ROLES = {Role.OFFICE, Role.SUPERVISOR}


def can_manage(user: User, campaign: Campaign) -> bool:
    """The campaign office edits the scheme, opens periods, computes and publishes."""
    return campaign_can_manage(user, campaign)


def can_see_all(user: User, campaign: Campaign) -> bool:
    return user_has_role(user, campaign.org, OVERSIGHT_ROLES)


def can_decide(user: User, campaign: Campaign) -> bool:
    """The office or the supervisors (监督考核组) record what happens to the bottom units."""
    return user_has_role(user, campaign.org, DECIDE_ROLES)


def is_own_unit(user: User, org: Org) -> bool:
    """The user works in `org` or below it."""
    return user.is_superuser or any(root.startswith(org.path) for root in scope_roots(user))


def scheme_active(campaign: Campaign) -> ScoringScheme:
    """The campaign's scheme in force, or (unsaved) the default one a campaign without a scheme gets."""
    return ScoringScheme.objects.filter(campaign=campaign, is_active=True).first() or ScoringScheme(campaign=campaign)


def period_list(user: User) -> QuerySet[AssessmentPeriod]:
    return AssessmentPeriod.objects.filter(campaign__in=campaign_list(user)).select_related("campaign", "campaign__org")


def period_get(user: User, pk: int) -> AssessmentPeriod:
    return period_list(user).select_related("scheme", "computed_by", "locked_by").get(pk=pk)


def scores_visible(user: User, period: AssessmentPeriod) -> bool:
    return period.status == PeriodStatus.LOCKED or can_see_all(user, period.campaign)


def ranking(user: User, period: AssessmentPeriod) -> list[Score]:
    """The ranking table's rows (empty for those who may not see it yet), best first, each with
    `can_open` telling whether the user may open its breakdown."""
    if not scores_visible(user, period):
        return []
    rows = list(
        Score.objects.filter(period=period)
        .select_related("org", "follow_up", "follow_up__decided_by")
        .order_by("rank", "org__path")
    )
    all_rows = can_see_all(user, period.campaign)
    for row in rows:
        row.can_open = all_rows or is_own_unit(user, row.org)
    return rows


def score_get(user: User, pk: int) -> Score:
    """One unit's breakdown: for those who see everything, or, once published, for the unit's own people."""
    score = Score.objects.select_related("org", "period", "period__scheme", "period__campaign__org").get(
        pk=pk, period__in=period_list(user)
    )
    if can_see_all(user, score.period.campaign):
        return score
    if score.period.status == PeriodStatus.LOCKED and is_own_unit(user, score.org):
        return score
    raise Score.DoesNotExist


def manageable_campaigns(user: User) -> QuerySet[Campaign]:
    """Campaigns whose office the user is (`can_manage` as a query, for the new-period form)."""
    return (
        Campaign.objects.filter(path_q(user, "org__path", {Role.OFFICE})).select_related("org").order_by("-starts_on")
    )
