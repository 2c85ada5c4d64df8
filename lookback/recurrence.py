"""Recurrence warning (年年审年年有): problems of the same org, closed in earlier campaigns, whose text is
close to a new one. Suggestions only: the office decides whether to mark the new problem a recurrence.

The similarity is `participation.triage`'s: TF-IDF on character n-grams and the cosine, fitted on the
candidates of one request (an org subtree's closed problems of earlier campaigns: a short list).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User
from campaigns.models import Campaign
from ledger.choices import OPEN_STATUSES
from ledger.models import Measure, Problem
from ledger.selectors import campaign_family_ids, problem_list
from lookback.models import RecurrenceDismissal
from organisations.models import Org
from participation.triage import SimilarityIndex, Suggestion

# Cosine from which an earlier problem is shown as a likely recurrence; the same complaint in other
# words scores 0.3–0.6 on character n-grams, unrelated problems of one hospital below 0.2.
THRESHOLD = 0.3
TOP = 3
MAX_CANDIDATES = 5000
IMPORT_LIMIT = 1000


@dataclass
class Match:
    problem: Problem
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def closed_problems(user: User, *, org: Org, before: Campaign) -> QuerySet[Problem]:
    """Problems the user may see, of the org and its subtree, in campaigns that started before
    `before` (its own sub-plans excluded), whose measures are all closed (已销号 or 持续推进): a
    problem has no status of its own, it is closed when its measures are."""
    open_measure = Measure.objects.filter(problem=OuterRef("pk"), status__in=OPEN_STATUSES)
    any_measure = Measure.objects.filter(problem=OuterRef("pk"))
    return (
        problem_list(user)
        .filter(org__path__startswith=org.path, campaign__starts_on__lt=before.starts_on)
        .exclude(campaign_id__in=campaign_family_ids(before.parent or before))
        .filter(Exists(any_measure))
        .exclude(Exists(open_measure))
    )


def _index(candidates: QuerySet[Problem]) -> SimilarityIndex | None:
    rows = list(candidates.order_by("-id").values_list("pk", "description")[:MAX_CANDIDATES])
    return SimilarityIndex(items=[("problem", pk, text) for pk, text in rows]) if rows else None


def _found(index: SimilarityIndex, text: str, top: int) -> list[Suggestion]:
    return [s for s in index.similar(text, top=top) if s.score >= THRESHOLD] if text.strip() else []


def _problems(suggestions: list[Suggestion]) -> dict[int, Problem]:
    return Problem.objects.select_related("campaign", "org").in_bulk([s.pk for s in suggestions])


def similar_closed_problems(
    user: User, *, org: Org, campaign: Campaign, text: str, problem: Problem | None = None, top: int = TOP
) -> list[Match]:
    """The closest earlier closed problems to `text`, best first, above the threshold. For a problem
    already registered, the one it is marked a recurrence of and those dismissed are left out."""
    candidates = closed_problems(user, org=org, before=campaign)
    if problem is not None:
        dismissed = RecurrenceDismissal.objects.filter(problem=problem).values("earlier_id")
        candidates = candidates.exclude(pk__in=dismissed).exclude(pk=problem.pk)
        if problem.recurrence_of_id:
            candidates = candidates.exclude(pk=problem.recurrence_of_id)
    index = _index(candidates)
    if index is None:
        return []
    found = _found(index, text, top)
    problems = _problems(found)
    return [Match(problems[s.pk], s.score) for s in found]


def likely_recurrences(
    user: User, *, org: Org, campaign: Campaign, rows: list[tuple[int, str]], limit: int = IMPORT_LIMIT
) -> list[tuple[int, str, Match]]:
    """For an import preview: (row, text, best match) of the new problems' rows that look like a
    recurrence, from one index fitted for the whole file (the first `limit` rows)."""
    index = _index(closed_problems(user, org=org, before=campaign))
    if index is None:
        return []
    best = [(row, text, found[0]) for row, text in rows[:limit] if (found := _found(index, text, 1))]
    problems = _problems([suggestion for *_, suggestion in best])
    return [(row, text, Match(problems[s.pk], s.score)) for row, text, s in best]
