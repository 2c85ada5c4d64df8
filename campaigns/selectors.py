"""Reads on campaigns, scoped to what the user may see."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import User
from campaigns.choices import PlanItemStatus
from campaigns.models import Campaign, Group, GroupMember, Phase, PlanItem
from organisations.choices import OrgType, Role
from organisations.models import Org
from organisations.selectors import ancestor_org_ids, path_q, user_has_role


def campaign_list(user: User) -> QuerySet[Campaign]:
    """Campaigns of orgs in the user's scope, and of the orgs above the user's own (a department's
    people take part in their hospital's and the commission's campaigns) — never a sibling unit's."""
    campaigns = Campaign.objects.select_related("org", "parent")
    if user.is_authenticated and user.is_active and user.is_superuser:
        # path_q is an empty Q for superusers, and an empty Q vanishes from an OR.
        return campaigns
    return campaigns.filter(path_q(user, "org__path") | Q(org_id__in=ancestor_org_ids(user)))


def campaign_get(user: User, pk: int) -> Campaign:
    return campaign_list(user).get(pk=pk)


def campaign_can_manage(user: User, campaign: Campaign) -> bool:
    """The office of the campaign's org (or of an org above it) edits the plan."""
    return user_has_role(user, campaign.org, {Role.OFFICE})


def campaign_overview(campaign: Campaign, user: User, today: datetime.date) -> dict:
    """Everything the overview page shows, in a fixed number of queries."""
    phases = list(campaign.phases.all())
    plan_items = list(
        PlanItem.objects.filter(campaign=campaign)
        .select_related("phase", "group")
        .order_by("phase__starts_on", "sort_order", "due_on", "id")
    )
    for item in plan_items:
        item.current_status = item.status(today)
    groups = list(
        Group.objects.filter(campaign=campaign).prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.select_related("user").order_by("role", "id"))
        )
    )
    current = next((phase for phase in phases if phase.contains(today)), None)
    counts = {status: 0 for status in PlanItemStatus.values}
    for item in plan_items:
        counts[item.current_status] += 1
    return {
        "phases": phases,
        "current_phase": current,
        "plan_items": plan_items,
        "plan_counts": counts,
        "groups": groups,
        "categories": list(campaign.categories.all()),
        "sub_plans": sub_plan_progress(campaign, user, today),
    }


def sub_plan_progress(campaign: Campaign, user: User, today: datetime.date) -> list[Campaign]:
    """The sub-plans the user may see, each with done/total/overdue plan-item counts and current phase."""
    sub_plans = list(
        campaign_list(user)
        .filter(parent=campaign)
        .annotate(
            items_total=Count("plan_items"),
            items_done=Count("plan_items", filter=Q(plan_items__done_on__isnull=False)),
            items_overdue=Count("plan_items", filter=Q(plan_items__done_on__isnull=True, plan_items__due_on__lt=today)),
        )
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_on")))
        .order_by("org__path")
    )
    for sub in sub_plans:
        sub.progress = sub.items_done / sub.items_total if sub.items_total else None
        sub.today_phase = next((phase for phase in sub.phases.all() if phase.contains(today)), None)
    return sub_plans


def campaign_units(campaign: Campaign, scope: Org | None = None) -> list[Org]:
    """The units that bulletins, rankings and look-back summaries compare, each with its subtree.

    Under the campaign's own org: the units it was rolled out to, plus its other direct children that
    are units (hospitals, township centres…), so a unit without a sub-plan is still counted. Party
    branches never; departments (科室/股室) only when there is nothing else, as in a hospital's own
    campaign. Under an org below: that org's children by the same rule; a leaf org is its own unit."""
    scope = scope or campaign.org
    units: dict[int, Org] = {}
    if scope.pk == campaign.org_id:
        units = {org.pk: org for org in Org.objects.filter(campaigns__parent=campaign)}
    children = list(scope.children.exclude(type=OrgType.BRANCH))
    for org in [org for org in children if org.type != OrgType.DEPARTMENT] or children:
        units.setdefault(org.pk, org)
    return sorted(units.values(), key=lambda org: (org.sort_order, org.path)) or [scope]


def campaign_for_org(campaign: Campaign, org: Org) -> Campaign:
    """Where a problem of `org` goes in `campaign`: the org's own sub-plan (or that of the nearest org
    above it that has one), else the campaign itself. Used for accepted submissions and for findings."""
    ancestor_ids = [int(part) for part in org.path.strip("/").split("/") if part]
    sub_plan = Campaign.objects.filter(parent_id=campaign.pk, org_id__in=ancestor_ids).order_by("-org__depth").first()
    return sub_plan or campaign
