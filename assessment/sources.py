"""Where a period's figures come from: one function per source, each returning, per unit id, the raw
counts it contributes (rolled up over the unit's whole subtree). Adding a source is one function and
one line in `SOURCES`.

The supervision and look-back selectors are imported inside the functions that use them: those apps
are optional readers of this one, never the other way round.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum

from campaigns.models import Campaign
from ledger.models import Measure
from ledger.selectors import ledger_statistics_as_of
from organisations.models import Org
from participation.choices import Rating, SurveyStatus
from participation.models import Submission
from participation.survey_models import TargetRating

LEDGER_KEYS = ("total", "closed", "closed_on_time", "closed_with_deadline", "yellow", "red")
GOOD_RATINGS = [Rating.SATISFIED, Rating.BASICALLY]


@dataclass(frozen=True)
class Window:
    """What a period's figures are read over: the campaign (and its sub-plans' ids), the units, the dates,
    and `as_of`, the day the deadline lights are read at (the period's end, or today if sooner)."""

    campaign: Campaign
    family_ids: list[int]
    units: list[Org]
    starts_on: datetime.date
    ends_on: datetime.date
    as_of: datetime.date


def sum_by_path(counts: dict[str, int], units: list[Org]) -> dict[int, int]:
    """Counts per org path → counts per unit id, each unit summing its whole subtree."""
    totals = dict.fromkeys((unit.pk for unit in units), 0)
    for path, count in counts.items():
        for unit in units:
            if path.startswith(unit.path):
                totals[unit.pk] += count
    return totals


def roll_up(counts: dict[int, int], units: list[Org]) -> dict[int, int]:
    """Counts per org id → counts per unit id, each unit summing its whole subtree."""
    paths = dict(Org.objects.filter(pk__in=list(counts)).values_list("pk", "path"))
    return sum_by_path({paths[org_id]: count for org_id, count in counts.items() if org_id in paths}, units)


def _as(key: str, counts: dict[int, int]) -> dict[int, dict]:
    return {unit_id: {key: count} for unit_id, count in counts.items()}


def ledger_figures(window: Window) -> dict[int, dict]:
    """Measures of the campaign and its sub-plans made by the period's end, as they stood on `as_of`
    (the period's last day, or today if sooner): one closed (销号) after that day counts as still
    open then — red if its deadline in force had passed, yellow if it was already yellow."""
    measures = Measure.objects.filter(campaign_id__in=window.family_ids, created_at__date__lte=window.ends_on)
    counts = ledger_statistics_as_of(measures, orgs=window.units, as_of=window.as_of)
    return {unit_id: {key: unit[key] for key in LEDGER_KEYS} for unit_id, unit in counts.items()}


def finding_figures(window: Window) -> dict[int, dict]:
    from supervision.selectors import inspection_finding_counts

    counts = inspection_finding_counts(campaign=window.campaign, start=window.starts_on, end=window.ends_on)
    return _as("findings", roll_up(counts, window.units))


def notice_figures(window: Window) -> dict[int, dict]:
    """Urge notices issued within the period, and how many rungs above the first they climbed in all
    (a 督办单 is one rung up, a 约谈 two): a higher level costs more."""
    from supervision.models import UrgeNotice
    from supervision.selectors import urge_notice_counts

    counts = urge_notice_counts(campaign=window.campaign, start=window.starts_on, end=window.ends_on)
    rungs = dict(
        UrgeNotice.objects.filter(
            campaign_id__in=window.family_ids, issued_on__range=(window.starts_on, window.ends_on), level__gt=1
        )
        .order_by()
        .values_list("org_id")
        .annotate(n=Sum(F("level") - 1))
    )
    notices, escalations = roll_up(counts, window.units), roll_up(rungs, window.units)
    return {unit_id: {"notices": notices[unit_id], "escalations": escalations[unit_id]} for unit_id in notices}


def recurrence_figures(window: Window) -> dict[int, dict]:
    """反弹 verdicts within the period, and the recurrence rate's denominator (已销号数): measures made by
    the period's end that had been closed by `as_of` — closed still, or reopened by a look-back since."""
    from lookback.selectors import ever_closed_measures, recurrence_counts

    counts = recurrence_counts(campaign=window.campaign, start=window.starts_on, end=window.ends_on)
    closed = dict(
        ever_closed_measures(window.family_ids)
        .filter(created_at__date__lte=window.ends_on)
        .exclude(closed_on__gt=window.as_of)
        .order_by()
        .values_list("org_id")
        .annotate(n=Count("id"))
    )
    recurrences, ever_closed = roll_up(counts, window.units), roll_up(closed, window.units)
    return {
        unit_id: {"recurrences": recurrences[unit_id], "ever_closed": ever_closed[unit_id]} for unit_id in recurrences
    }


def satisfaction_figures(window: Window) -> dict[int, dict]:
    """Votes about each unit's subtree, pooled from two sources of the campaign and its sub-plans:

    - the public's 回访 rating of answered submissions, rated within the period;
    - the unit ratings of evaluations (测评) closed within the period.

    满意 and 基本满意 count as satisfied, as in participation's 满意率."""
    dates = (window.starts_on, window.ends_on)
    good = Count("id", filter=Q(rating__in=GOOD_RATINGS))
    submissions = (
        Submission.objects.filter(campaign_id__in=window.family_ids, rated_at__date__range=dates)
        .exclude(rating="")
        .order_by()
        .values_list("org_id")
        .annotate(votes=Count("id"), good=good)
    )
    ratings = (
        TargetRating.objects.filter(
            target__survey__campaign_id__in=window.family_ids,
            target__survey__status=SurveyStatus.CLOSED,
            target__survey__closes_on__range=dates,
            target__org__isnull=False,
        )
        .order_by()
        .values_list("target__org_id")
        .annotate(votes=Count("id"), good=good)
    )
    votes: dict[int, int] = {}
    satisfied: dict[int, int] = {}
    for org_id, n_votes, n_good in [*submissions, *ratings]:
        votes[org_id] = votes.get(org_id, 0) + n_votes
        satisfied[org_id] = satisfied.get(org_id, 0) + n_good
    rolled_votes, rolled_good = roll_up(votes, window.units), roll_up(satisfied, window.units)
    return {
        unit_id: {"votes": rolled_votes[unit_id], "satisfied_votes": rolled_good[unit_id]} for unit_id in rolled_votes
    }


SOURCES: tuple[Callable[[Window], dict[int, dict]], ...] = (
    ledger_figures,
    finding_figures,
    notice_figures,
    recurrence_figures,
    satisfaction_figures,
)


def figures(window: Window) -> dict[int, dict]:
    """Every source's counts merged per unit id (a unit missing from a source has zeros there)."""
    merged: dict[int, dict] = {unit.pk: {} for unit in window.units}
    for source in SOURCES:
        for unit_id, values in source(window).items():
            merged[unit_id].update(values)
    return merged
