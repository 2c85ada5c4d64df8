"""Reads on look-back rounds, scoped to what the user may see, the draw, and the recurrence figures."""

import datetime
import math
import random
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.models import Campaign
from common.todo import Todo
from ledger.choices import MeasureStatus
from ledger.models import Measure
from ledger.selectors import campaign_family_ids
from lookback.choices import RoundStatus, SelectionRule, Verdict
from lookback.models import LookbackItem, LookbackRound
from organisations.choices import Role
from organisations.models import Membership, Org
from organisations.selectors import path_q, user_has_role

# What counts as closed for a look-back: 已销号, and 持续推进 for 长期坚持 (as in the ledger statistics).
DONE_STATUSES = (MeasureStatus.CLOSED, MeasureStatus.ONGOING)
CHECKER_ROLES = {Role.OFFICE, Role.SUPERVISOR, Role.INSPECTOR}


# --- scope -------------------------------------------------------------------------------------


def round_list(user: User) -> QuerySet[LookbackRound]:
    """Rounds over orgs in the user's scope, and those in which the user checks an item."""
    checking = LookbackItem.objects.filter(round=OuterRef("pk"), checker_id=user.pk)
    return LookbackRound.objects.filter(path_q(user, "org__path") | Q(Exists(checking))).select_related(
        "campaign", "org"
    )


def round_get(user: User, pk: int) -> LookbackRound:
    return round_list(user).get(pk=pk)


def item_get(user: User, pk: int) -> LookbackItem:
    return LookbackItem.objects.select_related(
        "round", "round__org", "measure", "measure__problem", "measure__org", "checker"
    ).get(pk=pk, round__in=round_list(user))


def my_open_items(user: User) -> QuerySet[LookbackItem]:
    """Items waiting for the user's verdict."""
    return LookbackItem.objects.filter(checker_id=user.pk, verdict="", round__status=RoundStatus.RUNNING)


def can_manage_round(user: User, round_: LookbackRound) -> bool:
    """The office over the round's scope org creates, starts, reassigns and closes it."""
    return user_has_role(user, round_.org, {Role.OFFICE})


def can_check(user: User, item: LookbackItem) -> bool:
    return item.checker_id == user.pk and item.verdict == "" and item.round.status == RoundStatus.RUNNING


def checker_choices(org: Org) -> QuerySet[User]:
    """Who may check: office, supervisors and discipline inspectors of the scope org, its subtree or above."""
    above = [int(part) for part in org.path.strip("/").split("/") if part]
    memberships = Membership.objects.filter(
        Q(org__path__startswith=org.path) | Q(org_id__in=above), role__in=CHECKER_ROLES
    )
    return User.objects.filter(is_active=True, id__in=memberships.values("user_id")).order_by("name", "id")


# --- the draw ----------------------------------------------------------------------------------


def source_campaign_ids(*, campaign: Campaign, sources: Iterable[Campaign]) -> list[int]:
    """The source campaigns with their sub-plans; the round's own campaign when none is chosen."""
    ids: list[int] = []
    for source in list(sources) or [campaign]:
        ids += campaign_family_ids(source)
    return sorted(set(ids))


def candidate_measures(*, campaign_ids: list[int], org: Org, rule: str, category_name: str = "") -> QuerySet[Measure]:
    """Closed measures of the source campaigns in the scope's subtree (of one category if asked)."""
    measures = Measure.objects.filter(
        campaign_id__in=campaign_ids, org__path__startswith=org.path, status__in=DONE_STATUSES
    )
    if rule == SelectionRule.CATEGORY:
        measures = measures.filter(problem__category__name=category_name)
    return measures.order_by("id")


def sample_size(total: int, percent: int | None) -> int:
    """A share of `total`, rounded up: a 10 % look-back at 3 measures still checks one."""
    if percent is None:
        return total
    return min(total, math.ceil(total * percent / 100))


def draw(ids: list[int], *, percent: int, seed: int) -> list[int]:
    """The random share: `random.Random(seed)` over the ids sorted ascending, so that anyone with the
    seed and the same closed measures gets the same sample. Returned sorted."""
    ordered = sorted(ids)
    return sorted(random.Random(seed).sample(ordered, sample_size(len(ordered), percent)))


def select_measure_ids(
    *, campaign_ids: list[int], org: Org, rule: str, category_name: str = "", percent=None, seed=None
) -> list[int]:
    ids = list(
        candidate_measures(campaign_ids=campaign_ids, org=org, rule=rule, category_name=category_name).values_list(
            "id", flat=True
        )
    )
    if rule == SelectionRule.RANDOM:
        return draw(ids, percent=percent, seed=seed)
    return ids


def round_progress(round_: LookbackRound) -> dict:
    """Items in the round by verdict, and the share with a verdict."""
    counts = dict(round_.items.order_by().values_list("verdict").annotate(n=Count("id")))
    total = sum(counts.values())
    done = total - counts.get("", 0)
    return {
        "total": total,
        "done": done,
        "holding": counts.get(Verdict.HOLDING, 0),
        "recurred": counts.get(Verdict.RECURRED, 0),
        "unchecked": counts.get(Verdict.UNCHECKED, 0),
        "percent": round(done * 100 / total) if total else 0,
    }


# --- recurrence figures ------------------------------------------------------------------------


def _in_campaign_q(family: list[int]) -> Q:
    return Q(round__campaign_id__in=family) | Q(measure__campaign_id__in=family)


def recurrence_counts(
    *, campaign: Campaign, start: datetime.date | None = None, end: datetime.date | None = None
) -> dict[int, int]:
    """反弹 verdicts per measure org id: items of the campaign's rounds, or on its measures (a later
    回头看 campaign's round counts against the units whose measures came back). Verdict date in
    [start, end] when given."""
    items = LookbackItem.objects.filter(_in_campaign_q(campaign_family_ids(campaign)), verdict=Verdict.RECURRED)
    if start is not None:
        items = items.filter(checked_on__gte=start)
    if end is not None:
        items = items.filter(checked_on__lte=end)
    return dict(items.order_by().values_list("measure__org_id").annotate(n=Count("id")))


def recurrence_rate(recurred: int, closed: int) -> float | None:
    """回头看复发数 / 已销号数; None when nothing was closed."""
    return recurred / closed if closed else None


def ever_closed_measures(family: list[int]) -> QuerySet[Measure]:
    """The denominator of the recurrence rate (已销号数): measures of the campaigns `family` (a campaign
    and its sub-plans), or looked at by their rounds, that were closed — closed now, or reopened by a
    look-back since."""
    looked_at = LookbackItem.objects.filter(measure=OuterRef("pk"), round__campaign_id__in=family)
    reopened = LookbackItem.objects.filter(measure=OuterRef("pk"), reopen_event__isnull=False)
    return Measure.objects.filter(Q(campaign_id__in=family) | Q(Exists(looked_at))).filter(
        Q(status__in=DONE_STATUSES) | Q(Exists(reopened))
    )


def recurrence_summary(*, campaign: Campaign, orgs: list[Org]) -> list[dict]:
    """Per org (its whole subtree): items checked, 巩固, 反弹, measures closed, and the recurrence rate."""
    family = campaign_family_ids(campaign)
    verdicts = (
        LookbackItem.objects.filter(_in_campaign_q(family), verdict__in=[Verdict.HOLDING, Verdict.RECURRED])
        .order_by()
        .values_list("measure__org__path", "verdict")
        .annotate(n=Count("id"))
    )
    closed = ever_closed_measures(family).order_by().values_list("org__path").annotate(n=Count("id"))
    rows = {org.pk: {"org": org, "checked": 0, "holding": 0, "recurred": 0, "closed": 0} for org in orgs}
    for path, verdict, n in verdicts:
        for org in orgs:
            if path.startswith(org.path):
                key = "holding" if verdict == Verdict.HOLDING else "recurred"
                rows[org.pk][key] += n
                rows[org.pk]["checked"] += n
    for path, n in closed:
        for org in orgs:
            if path.startswith(org.path):
                rows[org.pk]["closed"] += n
    for row in rows.values():
        row["rate"] = recurrence_rate(row["recurred"], row["closed"])
    return list(rows.values())


def todo(user: User) -> list[Todo]:
    """Look-back items assigned to the user that still wait for a verdict."""
    waiting = LookbackItem.objects.filter(checker_id=user.pk, verdict="", round__status=RoundStatus.RUNNING).count()
    return [Todo(_("待核查的回头看事项"), waiting, reverse("lookback:round-list"))]
