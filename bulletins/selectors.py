"""Reads on bulletins, the rules of who may do what, and the figures a bulletin freezes.

Who sees a bulletin: the office and the reviewers (head, leaders, supervisors) of its scope see it
at every step; once published (internally), everyone whose org is in the scope, or above it, reads
it; a bulletin published to the public is also readable without logging in, under the campaign's
code, without anyone's name.
"""

import datetime
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from bulletins.choices import BulletinStatus, Visibility
from bulletins.models import Bulletin
from campaigns.models import Campaign
from campaigns.selectors import campaign_units
from common.todo import Todo
from ledger.choices import OPEN_STATUSES, MeasureStatus
from ledger.deadlines import WorkCalendar
from ledger.models import Measure, Problem
from ledger.selectors import campaign_family_ids, ledger_statistics_as_of
from organisations.choices import Role
from organisations.models import Org
from organisations.selectors import ancestor_org_ids, org_list, path_q, user_has_role
from reports.selectors import month_bounds

DRAFT_ROLES = {Role.OFFICE}
REVIEW_ROLES = {Role.HEAD, Role.LEADER, Role.SUPERVISOR}
# The overdue items a bulletin lists one by one; the rest are counted.
OVERDUE_LISTED = 20


# --- scope -------------------------------------------------------------------------------------


def bulletin_list(user: User) -> QuerySet[Bulletin]:
    if user.is_authenticated and user.is_active and user.is_superuser:
        # path_q is an empty Q for superusers, and an empty Q vanishes from an OR.
        return Bulletin.objects.all()
    published_here = Q(status=BulletinStatus.PUBLISHED) & (
        Q(org__in=org_list(user)) | Q(org_id__in=ancestor_org_ids(user))
    )
    return Bulletin.objects.filter(published_here | path_q(user, "org__path", DRAFT_ROLES | REVIEW_ROLES))


def bulletin_get(user: User, pk: int) -> Bulletin:
    return bulletin_list(user).select_related("campaign", "org", "drafted_by", "published_by").get(pk=pk)


def public_bulletin_list(campaign_code: str) -> QuerySet[Bulletin]:
    return Bulletin.objects.filter(
        campaign__code=campaign_code, status=BulletinStatus.PUBLISHED, visibility=Visibility.PUBLIC
    ).select_related("campaign", "org")


def public_bulletin_get(campaign_code: str, pk: int) -> Bulletin:
    return public_bulletin_list(campaign_code).get(pk=pk)


def bulletin_scope_choices(user: User, campaign: Campaign) -> QuerySet[Org]:
    """The orgs the user may draft a bulletin about in this campaign: theirs as office, inside the campaign's org."""
    return org_list(user, DRAFT_ROLES).filter(path__startswith=campaign.org.path).order_by("path")


# --- rules -------------------------------------------------------------------------------------


def can_draft(user: User, org: Org) -> bool:
    """The office of the scope org (or above it) drafts, edits and submits the bulletin."""
    return user_has_role(user, org, DRAFT_ROLES)


def can_review(user: User, bulletin: Bulletin) -> bool:
    """The head or a leader of the scope org, or a supervisor over it, reviews and publishes — never
    the person who drafted or submitted it."""
    own = user.pk in (bulletin.drafted_by_id, bulletin.submitted_by_id)
    return not own and user_has_role(user, bulletin.org, REVIEW_ROLES)


def bulletin_actions(user: User, bulletin: Bulletin) -> dict[str, bool]:
    draft = bulletin.status == BulletinStatus.DRAFT and can_draft(user, bulletin.org)
    review = bulletin.status == BulletinStatus.REVIEW and can_review(user, bulletin)
    return {"edit": draft, "submit": draft, "publish": review, "return": review}


# --- the figures -------------------------------------------------------------------------------


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day`, in the configured time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _figures_row(counts: dict) -> dict:
    return {
        "total": counts["total"],
        "closed": counts["closed"],
        "in_progress": counts["total"] - counts["closed"],
        "closed_on_time": counts["closed_on_time"],
        "closed_with_deadline": counts["closed_with_deadline"],
        "overdue": counts["overdue"],
        "yellow": counts["yellow"],
        "completion_rate": _rate(counts["closed"], counts["total"]),
        "on_time_rate": _rate(counts["closed_on_time"], counts["closed_with_deadline"]),
    }


def working_days_between(calendar: WorkCalendar, start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`."""
    days = (end - start).days
    return sum(calendar.is_working_day(start + datetime.timedelta(days=n)) for n in range(1, days + 1))


def bulletin_figures(*, campaign: Campaign, scope: Org, month: datetime.date) -> dict:
    """The bulletin's snapshot: JSON-ready figures of the campaign (with its sub-plans) in the scope's
    subtree as at the month's last day (see `ledger.selectors.ledger_statistics_as_of` for what that
    means).

    Not scoped by user: only the scope's office generates it (`bulletin_generate`), and it sees the
    whole subtree. Owners' names are kept for the internal pages and document; the public page
    never shows them.
    """
    first, as_of = month_bounds(month)
    made_by_then = Q(created_at__lt=_start_of(as_of + datetime.timedelta(days=1)))
    family = campaign_family_ids(campaign)
    measures = Measure.objects.filter(made_by_then, campaign_id__in=family, org__path__startswith=scope.path)
    problems = Problem.objects.filter(made_by_then, campaign_id__in=family, org__path__startswith=scope.path)
    units = campaign_units(campaign, scope)
    orgs = [scope, *(unit for unit in units if unit.pk != scope.pk)]
    counts = ledger_statistics_as_of(measures, orgs=orgs, as_of=as_of)
    totals = _figures_row(counts[scope.pk])
    open_then = Q(status__in=OPEN_STATUSES) | Q(closed_on__gt=as_of)
    overdue = measures.filter(open_then, due_on__lt=as_of)
    calendar = WorkCalendar.load()
    overdue_rows = overdue.select_related("org", "owner", "problem").order_by("due_on", "org__path", "id")
    return {
        "month": first.isoformat(),
        "as_of": as_of.isoformat(),
        "scope": {"id": scope.pk, "name": scope.name},
        "totals": {
            **totals,
            "problems": problems.count(),
            "new_problems": problems.filter(created_at__gte=_start_of(first)).count(),
            "closed_in_month": measures.filter(status=MeasureStatus.CLOSED, closed_on__range=(first, as_of)).count(),
        },
        "lights": {
            "red": totals["overdue"],
            "yellow": totals["yellow"],
            "green": totals["in_progress"] - totals["overdue"] - totals["yellow"],
        },
        "units": [{"id": unit.pk, "name": unit.name, **_figures_row(counts[unit.pk])} for unit in units],
        "overdue_count": overdue.count(),
        "overdue": [
            {
                "measure_id": measure.pk,
                "code": measure.problem.code,
                "content": measure.content,
                "org": measure.org.name,
                "owner": (measure.owner.name or measure.owner.username) if measure.owner else "",
                "deadline": measure.deadline.isoformat(),
                "due_on": measure.due_on.isoformat(),
                "days": working_days_between(calendar, measure.due_on, as_of),
            }
            for measure in overdue_rows[:OVERDUE_LISTED]
        ],
    }


# --- ranking and boards, from a snapshot -------------------------------------------------------


def bulletin_ranking(figures: dict) -> list[dict]:
    """The units by completion rate, highest first. Equal rates share a rank (并列) and the next rank
    skips (1, 1, 3); units without measures are listed last, unranked."""
    units = [unit for unit in figures.get("units", []) if unit["total"]]
    units.sort(key=lambda unit: -Fraction(unit["closed"], unit["total"]))
    ranking = []
    for position, unit in enumerate(units, start=1):
        rate = Fraction(unit["closed"], unit["total"])
        rank = ranking[-1]["rank"] if ranking and ranking[-1]["exact_rate"] == rate else position
        ranking.append({**unit, "rank": rank, "exact_rate": rate, "tied": False})
    for row in ranking:
        row["tied"] = sum(other["rank"] == row["rank"] for other in ranking) > 1
    unranked = [
        {**unit, "rank": None, "exact_rate": None, "tied": False}
        for unit in figures.get("units", [])
        if not unit["total"]
    ]
    return ranking + unranked


def bulletin_boards(figures: dict, *, red_threshold: Decimal, black_threshold: Decimal) -> tuple[list, list]:
    """(红榜, 黑榜): ranked units whose completion rate is at least `red_threshold` percent, and those
    below `black_threshold` percent, compared exactly (no rounding)."""
    ranking = [row for row in bulletin_ranking(figures) if row["rank"] is not None]
    red = [row for row in ranking if row["exact_rate"] * 100 >= Fraction(red_threshold)]
    black = [row for row in ranking if row["exact_rate"] * 100 < Fraction(black_threshold)]
    return red, black


def todo(user: User) -> list[Todo]:
    """Bulletins submitted for review that this user may publish (never one they drafted or submitted)."""
    waiting = (
        Bulletin.objects.filter(path_q(user, "org__path", REVIEW_ROLES), status=BulletinStatus.REVIEW)
        .exclude(drafted_by_id=user.pk)
        .exclude(submitted_by_id=user.pk)
        .count()
    )
    return [Todo(_("待审核的月度通报"), waiting, reverse("bulletins:bulletin-list"))]
