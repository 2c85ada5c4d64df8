"""What each official document says, read through the ledger's scoped selectors.

Every figure comes from `ledger.selectors.measure_list(user)` / `problem_list(user)` narrowed to the
campaign with its sub-plans and to one org's subtree, and from the ledger's own statistics
(`ledger_statistics_by_subtree`), so a report never says more than its reader may see on the ledger
page, and its figures are the ledger's. The results are plain data (strings, numbers, dates) that
`reports.documents` turns into documents without touching the database.
"""

import calendar
import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from accounts.models import User
from campaigns.models import Campaign
from campaigns.selectors import campaign_list
from ledger.choices import Light, MeasureKind, MeasureStatus, Priority
from ledger.deadlines import light
from ledger.models import Measure, Problem, Progress
from ledger.selectors import STAT_KEYS as LEDGER_STAT_KEYS
from ledger.selectors import campaign_family_ids, ledger_statistics_by_subtree, light_q, measure_list, problem_list
from organisations.models import Org
from organisations.selectors import org_list

# The monthly bulletin lists overdue items one by one up to this many; the rest are counted.
OVERDUE_LISTED = 100
# The red and black lists hold at most this many units each (fewer when there are few units).
BOARD_SIZE = 3


def report_campaign_visible(user: User, campaign: Campaign) -> bool:
    return campaign_list(user).filter(pk=campaign.pk).exists()


def report_org_list(user: User, campaign: Campaign) -> QuerySet[Org]:
    """The orgs a report of this campaign may be about: the user's, within the campaign org's subtree."""
    return org_list(user).filter(path__startswith=campaign.org.path).order_by("path")


def report_default_org(user: User, campaign: Campaign) -> Org | None:
    """The campaign's own org when the user sees it, else the user's highest org inside it."""
    orgs = report_org_list(user, campaign)
    return orgs.filter(pk=campaign.org_id).first() or orgs.order_by("depth", "path").first()


def report_default_doc_number(campaign: Campaign, today: datetime.date) -> str:
    """The campaign's document number; without one, the org's name as 机关代字 with this year and
    serial 1, for the office to correct before issuing."""
    if campaign.doc_number:
        return campaign.doc_number
    prefix = "".join(ch for ch in campaign.org.display_name if ch.isalnum())
    return f"{prefix}发〔{today.year}〕1号"


def report_measures(user: User, campaign: Campaign, org: Org) -> QuerySet[Measure]:
    return measure_list(user).filter(campaign_id__in=campaign_family_ids(campaign), org__path__startswith=org.path)


def report_problems(user: User, campaign: Campaign, org: Org) -> QuerySet[Problem]:
    return problem_list(user).filter(campaign_id__in=campaign_family_ids(campaign), org__path__startswith=org.path)


def _header(campaign: Campaign, org: Org) -> dict:
    plan_number = campaign.doc_number or (campaign.parent.doc_number if campaign.parent_id else "")
    return {
        "campaign": {"theme": campaign.theme, "doc_number": plan_number, "org": campaign.org.name},
        "org": {"name": org.name, "parent": org.parent.name if org.parent_id else ""},
    }


def _totals(measures: QuerySet[Measure], org: Org, today: datetime.date) -> dict:
    rows = ledger_statistics_by_subtree(measures, orgs=[org], today=today)
    if rows:
        return {key: value for key, value in rows[0].items() if key not in ("org", "category")}
    return {**dict.fromkeys(LEDGER_STAT_KEYS, 0), "completion_rate": None, "on_time_rate": None}


def _category_key(category) -> tuple:
    """Categories in the campaign's order (sub-plans copy it), problems without one last."""
    if category is None:
        return (1, 0, "")
    return (0, category.sort_order, category.name)


def self_inspection_data(user: User, *, campaign: Campaign, org: Org, today: datetime.date) -> dict:
    problems = sorted(
        report_problems(user, campaign, org).select_related("category", "org"),
        key=lambda problem: (_category_key(problem.category), problem.code),
    )
    categories: dict[str | None, dict] = {}
    sources: dict[str, int] = {}
    for problem in problems:
        name = problem.category.name if problem.category else None
        group = categories.setdefault(name, {"name": name, "problems": [], "root_causes": []})
        group["problems"].append(
            {
                "code": problem.code,
                "description": problem.description,
                "high": problem.priority == Priority.HIGH,
                "org": problem.org.name if problem.org_id != org.pk else "",
            }
        )
        cause = problem.root_cause.strip()
        if cause and cause not in group["root_causes"]:
            group["root_causes"].append(cause)
        label = problem.get_source_display()
        sources[label] = sources.get(label, 0) + 1
    measures = sorted(
        report_measures(user, campaign, org).select_related("org", "problem__category"),
        key=lambda measure: (_category_key(measure.problem.category), measure.problem.code, measure.pk),
    )
    by_kind: dict[str, list[dict]] = {kind: [] for kind in MeasureKind.values}
    for measure in measures:
        by_kind[measure.kind].append(
            {"content": measure.content, "org": measure.org.name, "deadline": measure.deadline}
        )
    return {
        **_header(campaign, org),
        "today": today,
        "problem_count": len(problems),
        "high_count": sum(problem.priority == Priority.HIGH for problem in problems),
        "sources": sorted(sources.items(), key=lambda item: -item[1]),
        "categories": list(categories.values()),
        "measure_count": sum(len(items) for items in by_kind.values()),
        "measures_by_kind": [
            {"kind": kind, "label": label, "measures": by_kind[kind]} for kind, label in MeasureKind.choices
        ],
    }


def rectification_data(user: User, *, campaign: Campaign, org: Org, today: datetime.date) -> dict:
    scoped = report_measures(user, campaign, org)
    latest = Progress.objects.filter(measure=OuterRef("pk")).order_by("-reported_on", "-id")
    measures = (
        scoped.select_related("org", "owner", "problem")
        .annotate(latest_text=Subquery(latest.values("text")[:1]), latest_on=Subquery(latest.values("reported_on")[:1]))
        .order_by("problem_id", "id")
    )
    by_problem: dict[int, list[dict]] = {}
    for measure in measures:
        by_problem.setdefault(measure.problem_id, []).append(
            {
                "content": measure.content,
                "kind": measure.get_kind_display(),
                "status": measure.status,
                "status_label": measure.get_status_display(),
                "percent": measure.percent,
                "deadline": measure.deadline,
                "due_on": measure.due_on,
                "closed_on": measure.closed_on,
                "on_time": bool(measure.closed_on and measure.deadline and measure.closed_on <= measure.deadline),
                "light": light(
                    status=measure.status, due_on=measure.due_on, yellow_from=measure.yellow_from, today=today
                ),
                "owner": (measure.owner.name or measure.owner.username) if measure.owner else "",
                "latest_text": measure.latest_text or "",
                "latest_on": measure.latest_on,
            }
        )
    problems = sorted(
        report_problems(user, campaign, org).select_related("category", "org"),
        key=lambda problem: (_category_key(problem.category), problem.code),
    )
    categories: dict[str | None, dict] = {}
    for problem in problems:
        name = problem.category.name if problem.category else None
        categories.setdefault(name, {"name": name, "problems": []})["problems"].append(
            {
                "code": problem.code,
                "org": problem.org.name,
                "description": problem.description,
                "measures": by_problem.get(problem.pk, []),
            }
        )
    by_category = [
        {key: value for key, value in row.items() if key != "org"}
        for row in ledger_statistics_by_subtree(scoped, orgs=[org], today=today, by_category=True)
    ]
    order = {name: index for index, name in enumerate(categories)}
    by_category.sort(key=lambda row: order.get(row["category"], len(order)))
    return {
        **_header(campaign, org),
        "today": today,
        "problem_count": len(problems),
        "totals": _totals(scoped, org, today),
        "by_category": by_category,
        "categories": list(categories.values()),
    }


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _rank_key(row: dict) -> tuple:
    return (-(row["completion_rate"] or 0), -(row["on_time_rate"] or 0), row["red"], row["org"].path)


def monthly_data(user: User, *, campaign: Campaign, org: Org, month: datetime.date, today: datetime.date) -> dict:
    """The month's bulletin. The ledger keeps statuses, not their history: the figures are the
    ledger's as it stands, with deadline lights as at the month's last day (or today, for the
    current month); what happened in the month (new problems, close-outs) is counted by date."""
    first, last = month_bounds(month)
    as_of = min(today, last)
    measures = report_measures(user, campaign, org)
    problems = report_problems(user, campaign, org)
    units = list(org_list(user).filter(parent=org).order_by("sort_order", "path"))
    rows = [row for row in ledger_statistics_by_subtree(measures, orgs=units, today=as_of) if row["total"]]
    ranking = sorted(rows, key=_rank_key)
    size = min(BOARD_SIZE, max(1, len(ranking) // 3))
    red_board = [row for row in ranking[:size] if row["red"] == 0 and row["completion_rate"]]
    black_board = [
        row
        for position, row in enumerate(ranking)
        if row not in red_board and (position >= len(ranking) - size or row["red"])
    ]
    overdue = measures.filter(light_q(Light.RED, as_of))
    overdue_rows = overdue.select_related("org", "owner", "problem").order_by("org__path", "due_on", "id")
    return {
        **_header(campaign, org),
        "today": today,
        "month": first,
        "as_of": as_of,
        "problem_count": problems.count(),
        "new_problems": problems.filter(created_at__date__range=(first, last)).count(),
        "closed_in_month": measures.filter(status=MeasureStatus.CLOSED, closed_on__range=(first, last)).count(),
        "totals": _totals(measures, org, as_of),
        "ranking": [_unit(row, position) for position, row in enumerate(ranking, start=1)],
        "red_board": [_unit(row, ranking.index(row) + 1) for row in red_board],
        "black_board": [_unit(row, ranking.index(row) + 1) for row in black_board],
        "overdue_count": overdue.count(),
        "overdue": [
            {
                "org": measure.org.name,
                "code": measure.problem.code,
                "content": measure.content,
                "due_on": measure.due_on,
                "days": (as_of - measure.due_on).days,
                "owner": (measure.owner.name or measure.owner.username) if measure.owner else "",
            }
            for measure in overdue_rows[:OVERDUE_LISTED]
        ],
    }


def _unit(row: dict, position: int) -> dict:
    return {
        "rank": position,
        "org": row["org"].name,
        **{key: row[key] for key in (*LEDGER_STAT_KEYS, "completion_rate", "on_time_rate")},
    }
