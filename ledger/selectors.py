"""Reads on the ledger, scoped to what the user may see, and the rules of who may do what.

The `can_*` predicates are the one statement of each rule: the services refuse with them and the
pages and API use them to decide which buttons to show.
"""

import datetime
import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count, F, Q, QuerySet, Sum

from accounts.models import User
from campaigns.models import Campaign, ProblemCategory
from campaigns.selectors import campaign_list
from ledger.choices import OPEN_STATUSES, REPORTING_STATUSES, ExtensionStatus, Light, MeasureKind, MeasureStatus
from ledger.models import CampaignStatusCount, Extension, Measure, MeasureEvent, Problem, StatusCount
from organisations.choices import Role
from organisations.models import Membership, Org
from organisations.selectors import near_q, org_list, path_q, scope_roots, user_has_role

# Who may put problems on the list and write measures for an org in their scope.
REGISTER_ROLES = {Role.OFFICE, Role.HEAD, Role.LEADER, Role.OWNER, Role.SUPERVISOR}
MEASURE_ROLES = {Role.OFFICE, Role.HEAD, Role.LEADER, Role.OWNER}
URGE_ROLES = {Role.OFFICE, Role.SUPERVISOR, Role.INSPECTOR}


# --- scope -------------------------------------------------------------------------------------


def problem_list(user: User) -> QuerySet[Problem]:
    return Problem.objects.filter(org__in=org_list(user)).select_related("campaign", "org", "category")


def problem_get(user: User, pk: int) -> Problem:
    return problem_list(user).get(pk=pk)


def _scope_parts(user: User) -> list[Q]:
    """The four ways a measure is the user's to see: its org or its department is in the user's scope,
    or the user is its owner or its responsible leader."""
    scope = org_list(user)
    return [Q(org__in=scope), Q(department__in=scope), Q(owner_id=user.pk), Q(leader_id=user.pk)]


def measure_scope_ids(user: User) -> QuerySet[Measure]:
    """The ids of the measures in `measure_list`, as a UNION of four index lookups. For a page in
    deadline order, PostgreSQL answers the OR of the four by walking the whole campaign in that order
    and testing each row: 55 ms for a unit office at 1,000,000 measures, against 12 ms for this."""
    first, *rest = (Measure.objects.filter(part).order_by().values("pk") for part in _scope_parts(user))
    return first.union(*rest)


def measure_list(user: User) -> QuerySet[Measure]:
    """Measures of orgs in the user's scope, plus those the user answers for by name or department."""
    return Measure.objects.filter(reduce(operator.or_, _scope_parts(user)))


def measure_get(user: User, pk: int) -> Measure:
    return measure_list(user).select_related("problem", "problem__category", "campaign", "org", "owner").get(pk=pk)


def extension_get(user: User, pk: int) -> Extension:
    return Extension.objects.select_related("measure").get(pk=pk, measure__in=measure_list(user))


# --- rules -------------------------------------------------------------------------------------


def can_register_problem(user: User, org: Org) -> bool:
    return user_has_role(user, org, REGISTER_ROLES)


def can_write_measures(user: User, org: Org) -> bool:
    return user_has_role(user, org, MEASURE_ROLES)


def can_edit_measure(user: User, measure: Measure) -> bool:
    return user_has_role(user, measure.org, MEASURE_ROLES) or measure.owner_id == user.pk


def can_report(user: User, measure: Measure) -> bool:
    """The owner reports progress; the office may report on an owner's behalf."""
    return measure.owner_id == user.pk or user_has_role(user, measure.org, {Role.OFFICE})


def measure_reportable_list(user: User) -> QuerySet[Measure]:
    """`can_report` as a query, on measures that expect reports now (the bulk progress sheet's rows)."""
    return measure_list(user).filter(
        Q(owner_id=user.pk) | Q(org__in=org_list(user, {Role.OFFICE})), status__in=REPORTING_STATUSES
    )


def can_request_closeout(user: User, measure: Measure) -> bool:
    return measure.owner_id == user.pk


def can_confirm(user: User, measure: Measure) -> bool:
    """The unit head, or the measure's responsible leader, confirms a close-out request."""
    return user_has_role(user, measure.org, {Role.HEAD}) or measure.leader_id == user.pk


def can_verify(user: User, measure: Measure) -> bool:
    """A supervisor (监督考核组) over the measure's org verifies against the acceptance standard."""
    return user_has_role(user, measure.org, {Role.SUPERVISOR})


def measure_to_confirm_list(user: User) -> QuerySet[Measure]:
    """`can_confirm` as a query, on the close-out requests that wait for it (not the user's own)."""
    return (
        Measure.objects.filter(Q(org__in=org_list(user, {Role.HEAD})) | Q(leader_id=user.pk))
        .filter(status=MeasureStatus.PENDING_REVIEW)
        .exclude(requested_by_id=user.pk)
    )


def measure_to_verify_list(user: User) -> QuerySet[Measure]:
    """`can_verify` as a query, on the confirmed requests that wait for it (not the user's own)."""
    return Measure.objects.filter(
        org__in=org_list(user, {Role.SUPERVISOR}), status=MeasureStatus.PENDING_ACCEPTANCE
    ).exclude(requested_by_id=user.pk)


def can_reopen(user: User, measure: Measure) -> bool:
    """Reopening a closed measure that came back (反弹) is for a supervisor over its org, as verifying is."""
    return can_verify(user, measure)


def can_mark_recurrence(user: User, org: Org) -> bool:
    """The office over a problem's org marks it as a recurrence of an earlier one (屡查屡犯)."""
    return user_has_role(user, org, {Role.OFFICE})


def can_decide_extension(user: User, measure: Measure) -> bool:
    return user_has_role(user, measure.org, {Role.OFFICE})


def can_urge(user: User, measure: Measure) -> bool:
    return user_has_role(user, measure.org, URGE_ROLES)


def can_manage(user: User, measure: Measure) -> bool:
    """Bulk actions on the ledger (assign owner, extend) are the office's."""
    return user_has_role(user, measure.org, {Role.OFFICE})


@dataclass(frozen=True)
class MeasureActions:
    report: bool
    request_closeout: bool
    confirm: bool
    verify: bool
    send_back: bool
    request_extension: bool
    urge: bool
    manage: bool
    edit: bool


def measure_actions(user: User, measure: Measure) -> MeasureActions:
    """What the user may do to this measure now (the detail page's buttons)."""
    status = measure.status
    not_own_request = measure.requested_by_id != user.pk
    confirm = status == MeasureStatus.PENDING_REVIEW and can_confirm(user, measure) and not_own_request
    verify = status == MeasureStatus.PENDING_ACCEPTANCE and can_verify(user, measure) and not_own_request
    return MeasureActions(
        report=status in REPORTING_STATUSES and can_report(user, measure),
        request_closeout=status == MeasureStatus.IN_PROGRESS and can_request_closeout(user, measure),
        confirm=confirm,
        verify=verify,
        send_back=confirm or verify,
        request_extension=status in OPEN_STATUSES
        and measure.kind != MeasureKind.LONG_TERM
        and (can_request_closeout(user, measure) or can_report(user, measure)),
        urge=status in OPEN_STATUSES and can_urge(user, measure),
        manage=can_manage(user, measure),
        edit=status == MeasureStatus.NOT_STARTED and can_edit_measure(user, measure),
    )


# --- lights as queries -------------------------------------------------------------------------


def light_q(light: str, today: datetime.date) -> Q:
    """The rule of `ledger.deadlines.light` as a filter."""
    open_ = Q(status__in=OPEN_STATUSES)
    red = open_ & Q(due_on__lt=today)
    yellow = open_ & Q(yellow_from__lte=today) & ~Q(due_on__lt=today)
    if light == Light.RED:
        return red
    if light == Light.YELLOW:
        return yellow
    if light == Light.GREEN:
        return open_ & ~Q(due_on__lt=today) & ~Q(yellow_from__lte=today)
    return ~open_


def report_missing_q(today: datetime.date) -> Q:
    return Q(status__in=REPORTING_STATUSES, report_due_on__lt=today)


# --- counts and statistics ---------------------------------------------------------------------


def campaign_family_ids(campaign: Campaign) -> list[int]:
    """A campaign and its sub-plans: a commission follows its units' ledgers under its own campaign."""
    return [campaign.pk, *campaign.sub_plans.values_list("pk", flat=True)]


def campaign_paths(campaigns: QuerySet[Campaign]) -> dict[int, str]:
    """Campaign id → the path of the campaign's org, in one query."""
    return dict(campaigns.order_by().values_list("pk", "org__path"))


def ledger_campaigns(user: User, campaign: Campaign | None = None) -> dict[int, str]:
    """The campaigns the ledger reads, each with its org's path: a chosen campaign and its sub-plans, or
    every campaign the user sees."""
    if campaign is not None:
        return campaign_paths(Campaign.objects.filter(Q(pk=campaign.pk) | Q(parent_id=campaign.pk)))
    return campaign_paths(campaign_list(user))


def _split_by_cover(user: User, campaigns: dict[int, str], roles=None) -> tuple[list[int], list[int]]:
    """(covered, followed): a campaign whose org lies in the user's scope (through `roles`, or any) has
    all its measures there (a problem's org is the campaign's org or below it, `Problem.clean`); the
    others the user follows from below, and sees only the measures of their own scope in them."""
    covered = [pk for pk, path in campaigns.items() if _covers(user, path, roles)]
    return covered, [pk for pk in campaigns if pk not in covered]


def office_measures(user: User, campaigns: dict[int, str]) -> QuerySet[Measure]:
    """The measures of these campaigns in the orgs where the user runs the office (活动办公室): a covered
    campaign's by campaign alone (an index walk), a followed one's by org."""
    covered, followed = _split_by_cover(user, campaigns, {Role.OFFICE})
    visible = Q(campaign_id__in=covered)
    if followed:
        visible |= Q(campaign_id__in=followed, org__in=org_list(user, {Role.OFFICE}))
    return Measure.objects.filter(visible)


def status_counts(*, user: User, campaigns: dict[int, str], org: Org | None = None) -> dict[str, int]:
    """Measures per status in the user's scope, read from the maintained counters (no ledger scan):
    with no org chosen, a covered campaign's counts are its few `CampaignStatusCount` rows; a followed
    campaign's are summed from the per-org `StatusCount` rows of the orgs in the user's scope."""
    covered, by_org = _split_by_cover(user, campaigns) if org is None else ([], list(campaigns))
    totals = dict.fromkeys(MeasureStatus.values, 0)
    if covered:
        rows = CampaignStatusCount.objects.filter(campaign_id__in=covered).order_by().values_list("status")
        for status, count in rows.annotate(n=Sum("count")).values_list("status", "n"):
            totals[status] += count or 0
    if by_org:
        orgs = StatusCount.objects.filter(org__in=org_list(user), campaign_id__in=by_org)
        if org is not None:
            orgs = orgs.filter(org__path__startswith=org.path)
        for status, count in orgs.values_list("status").annotate(n=Sum("count")).values_list("status", "n"):
            totals[status] += count or 0
    return totals


def _covers(user: User, path: str, roles=None) -> bool:
    """True when the org at `path` and everything under it are in the user's scope (through `roles`)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return any(path.startswith(root) for root in scope_roots(user, roles))


def status_counts_live(measures: QuerySet[Measure]) -> dict[str, int]:
    """Measures per status of an already filtered queryset."""
    totals = dict.fromkeys(MeasureStatus.values, 0)
    for status, count in measures.order_by().values_list("status").annotate(n=Count("id")):
        totals[status] = count
    return totals


STAT_KEYS = ("total", "closed", "closed_on_time", "closed_with_deadline", "overdue", "yellow", "red")


def _statistics_rows(measures: QuerySet[Measure], fields: list[str], today: datetime.date):
    """Counts per group. Long-term measures (长期坚持) count as done when they reach 持续推进;
    "on time" compares the close-out date with the original deadline, not an extended one."""
    done = Q(status__in=[MeasureStatus.CLOSED, MeasureStatus.ONGOING])
    return (
        measures.order_by()
        .values(*fields)
        .annotate(
            total=Count("id"),
            closed=Count("id", filter=done),
            closed_on_time=Count("id", filter=Q(status=MeasureStatus.CLOSED, closed_on__lte=F("deadline"))),
            closed_with_deadline=Count("id", filter=Q(status=MeasureStatus.CLOSED)),
            overdue=Count("id", filter=light_q(Light.RED, today)),
            yellow=Count("id", filter=light_q(Light.YELLOW, today)),
            red=Count("id", filter=light_q(Light.RED, today)),
        )
    )


def _with_rates(counts: dict) -> dict:
    """Completion rate = 已销号 / 应整改; on-time rate = closed by the original deadline / closed."""
    counts["completion_rate"] = counts["closed"] / counts["total"] if counts["total"] else None
    counts["on_time_rate"] = (
        counts["closed_on_time"] / counts["closed_with_deadline"] if counts["closed_with_deadline"] else None
    )
    return counts


def ledger_statistics(measures: QuerySet[Measure], *, group_by: str, today: datetime.date) -> list[dict]:
    """Per value of one field (`org`, `problem__category`, `campaign`…): the counts and rates."""
    result = []
    for row in _statistics_rows(measures, [group_by], today):
        row["key"] = row.pop(group_by)
        result.append(_with_rates(row))
    return result


def ledger_statistics_by_subtree(
    measures: QuerySet[Measure], *, orgs: list[Org], today: datetime.date, by_category: bool = False
) -> list[dict]:
    """For each org, the counts and rates of its whole subtree (optionally per category name), from
    one grouped query rolled up by path."""
    fields = ["org__path", "problem__category__name"] if by_category else ["org__path"]
    sums: dict[tuple[int, str | None], dict] = {}
    for row in _statistics_rows(measures, fields, today):
        for org in orgs:
            if row["org__path"].startswith(org.path):
                key = (org.pk, row.get("problem__category__name"))
                totals = sums.setdefault(key, dict.fromkeys(STAT_KEYS, 0))
                for name in STAT_KEYS:
                    totals[name] += row[name]
    result = []
    for org in orgs:
        for (org_pk, category), totals in sorted(sums.items(), key=lambda item: str(item[0][1])):
            if org_pk == org.pk:
                result.append({"org": org, "category": category, **_with_rates(totals)})
    return result


def ledger_statistics_as_of(measures: QuerySet[Measure], *, orgs: list[Org], as_of: datetime.date) -> dict[int, dict]:
    """Per org id (with its subtree), the counts as they stood at the end of `as_of`, for bulletins and
    rankings of a past month.

    The ledger keeps each measure's current status, not its history, so: the caller leaves out the
    measures made after that day; a measure closed (销号) on or before it counts as closed; one closed
    later counts as still open then — red (overdue) when its deadline in force had passed, yellow when
    it was already yellow. Everything else is as the ledger stands now."""
    counts = {org.pk: dict.fromkeys(STAT_KEYS, 0) for org in orgs}
    for row in ledger_statistics_by_subtree(measures.exclude(closed_on__gt=as_of), orgs=orgs, today=as_of):
        counts[row["org"].pk].update({key: row[key] for key in STAT_KEYS})
    closed_later = (
        measures.filter(closed_on__gt=as_of)
        .order_by()
        .values("org__path")
        .annotate(
            total=Count("id"),
            red=Count("id", filter=Q(due_on__lt=as_of)),
            yellow=Count("id", filter=Q(due_on__gte=as_of, yellow_from__lte=as_of)),
        )
    )
    for row in closed_later:
        for org in orgs:
            if row["org__path"].startswith(org.path):
                totals = counts[org.pk]
                totals["total"] += row["total"]
                totals["overdue"] += row["red"]
                totals["red"] += row["red"]
                totals["yellow"] += row["yellow"]
    return counts


# --- timeline ----------------------------------------------------------------------------------


def measure_timeline(measure: Measure) -> list[tuple[datetime.datetime, str, object]]:
    """Everything that happened to a measure, newest first: ("event"|"progress"|"extension"|"urge", row)."""
    items: list[tuple[datetime.datetime, str, object]] = []
    for event in MeasureEvent.objects.filter(measure=measure).select_related("actor"):
        items.append((event.at, "event", event))
    for progress in measure.progress.select_related("created_by").prefetch_related("evidence"):
        items.append((progress.created_at, "progress", progress))
    for extension in measure.extensions.select_related("requested_by", "decided_by"):
        items.append((extension.requested_at, "extension", extension))
    for urge in measure.urges.select_related("urged_by"):
        items.append((urge.urged_at, "urge", urge))
    items.sort(key=lambda item: item[0], reverse=True)
    return items


def pending_extensions(user: User) -> QuerySet[Extension]:
    return Extension.objects.filter(status=ExtensionStatus.PENDING, measure__in=measure_list(user))


# --- the ledger page ---------------------------------------------------------------------------


def ledger_measures(
    user: User, filters: dict, today: datetime.date, campaigns: dict[int, str] | None = None
) -> QuerySet[Measure]:
    """The measures the ledger shows for these (already validated) filters, unsorted. `campaigns` is
    `ledger_campaigns(user, filters["campaign"])`, when the caller has it already.

    The measures of a covered campaign are all in the user's scope, so they need no scope filter: the
    first page of a county office's ledger is then a walk down the (due_on, id) index."""
    if campaigns is None:
        campaigns = ledger_campaigns(user, filters.get("campaign"))
    covered, followed = _split_by_cover(user, campaigns)
    visible = Q(campaign_id__in=covered)
    if followed:
        visible |= Q(campaign_id__in=followed, pk__in=measure_scope_ids(user))
    measures = Measure.objects.filter(visible)
    if filters.get("org") is not None:
        measures = measures.filter(org__path__startswith=filters["org"].path)
    for key, lookup in (
        ("category", "problem__category__name"),
        ("source", "problem__source"),
        ("kind", "kind"),
        ("status", "status"),
        ("leader", "leader"),
        ("owner", "owner"),
    ):
        if filters.get(key):
            measures = measures.filter(**{lookup: filters[key]})
    if filters.get("light"):
        measures = measures.filter(light_q(filters["light"], today))
    if filters.get("overdue"):
        measures = measures.filter(light_q(Light.RED, today))
    if filters.get("missing"):
        measures = measures.filter(report_missing_q(today))
    text = (filters.get("q") or "").strip()
    if text:
        measures = measures.filter(
            Q(problem__code__icontains=text) | Q(problem__description__icontains=text) | Q(content__icontains=text)
        )
    return measures


def ledger_filters_narrow(filters: dict) -> bool:
    """True when filters go beyond campaign and org: the maintained counters no longer apply. (A
    status filter keeps them: the counts then show every status, and each is a link to its rows.)"""
    return any(filters.get(key) for key in filters if key not in ("campaign", "org", "status", "sort"))


def ledger_categories(campaign_ids) -> list[str]:
    """The category names of these campaigns (ids, or a query of them), for the filter."""
    names = ProblemCategory.objects.filter(campaign_id__in=campaign_ids).order_by().values_list("name", flat=True)
    return sorted(set(names))


def ledger_people_choices(user: User, selected: Org | None) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(leaders, owners) for the drop-downs, from one query: those of the user's top orgs and the level
    below, and everyone in the chosen org's subtree — short lists at any scale."""
    near = near_q(user, "org__")
    if selected is not None:
        near |= Q(org__path__startswith=selected.path)
    rows = (
        Membership.objects.filter(path_q(user, "org__path"), near, role__in=[Role.HEAD, Role.LEADER, Role.OWNER])
        .values_list("user_id", "user__name", "user__username", "role")
        .order_by("user__name", "user_id")
    )
    leaders: dict[int, str] = {}
    owners: dict[int, str] = {}
    for pk, name, username, role in rows:
        (owners if role == Role.OWNER else leaders)[pk] = name or username
    return list(leaders.items()), list(owners.items())
