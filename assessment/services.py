"""Every change to schemes, periods, scores and follow-ups. Each refuses with a message in Chinese and
writes the audit log."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessment import scoring, selectors
from assessment.choices import PeriodStatus
from assessment.models import (
    DEDUCTION_FIELDS,
    POINT_FIELDS,
    WEIGHT_FIELDS,
    AssessmentPeriod,
    FollowUp,
    Score,
    ScoringScheme,
)
from assessment.sources import Window, figures
from audit.models import AuditAction
from audit.services import audit_create_many, audit_record, audit_update, snapshot
from campaigns.models import Campaign
from campaigns.selectors import campaign_units
from common.dates import today as local_today
from common.exceptions import DomainError
from common.services import save_changes, save_new
from ledger.selectors import campaign_family_ids

SCHEME_FIELDS = ("method", *WEIGHT_FIELDS, *POINT_FIELDS, *DEDUCTION_FIELDS, "bottom_n")
STATUS_LABELS = dict(PeriodStatus.choices)


def _refuse_unless_office(actor: User, campaign: Campaign) -> None:
    if not selectors.can_manage(actor, campaign):
        raise DomainError(f"只有“{campaign.org}”或其上级单位的活动办公室可以管理考核。")


# --- schemes -----------------------------------------------------------------------------------


@transaction.atomic
def scheme_ensure(*, actor: User | None, campaign: Campaign) -> ScoringScheme:
    """The campaign's active scheme; a campaign without one gets the default scheme (the field defaults)."""
    scheme = ScoringScheme.objects.filter(campaign=campaign, is_active=True).first()
    if scheme is not None:
        return scheme
    return save_new(actor=actor, instance=ScoringScheme(campaign=campaign, updated_by=actor), remark="默认考核办法")


@transaction.atomic
def scheme_save(*, actor: User, campaign: Campaign, **values) -> ScoringScheme:
    """Set the campaign's scheme. A scheme already behind a published ranking is not changed: the new
    values become a new version, and the old one stays with the periods it scored."""
    _refuse_unless_office(actor, campaign)
    unknown = set(values) - set(SCHEME_FIELDS)
    if unknown:
        raise DomainError(f"考核办法没有这些项目：{'、'.join(sorted(unknown))}。")
    current = ScoringScheme.objects.select_for_update().filter(campaign=campaign, is_active=True).first()
    if current is None:
        return save_new(actor=actor, instance=ScoringScheme(campaign=campaign, updated_by=actor, **values))
    if all(getattr(current, name) == value for name, value in values.items()):
        return current
    if not current.periods.filter(status=PeriodStatus.LOCKED).exists():
        return save_changes(actor=actor, instance=current, changes={**values, "updated_by": actor})
    replacement = ScoringScheme(
        campaign=campaign,
        updated_by=actor,
        **{**{name: getattr(current, name) for name in SCHEME_FIELDS}, **values},
    )
    before = snapshot(current)
    ScoringScheme.objects.filter(pk=current.pk).update(is_active=False)
    current.is_active = False
    audit_update(actor=actor, target=current, before=before, remark="已用于已发布的排名，保留原办法，另存新版本")
    return save_new(actor=actor, instance=replacement, remark="考核办法新版本")


# --- periods -----------------------------------------------------------------------------------


def period_create(
    *, actor: User, campaign: Campaign, name: str, starts_on: datetime.date, ends_on: datetime.date
) -> AssessmentPeriod:
    _refuse_unless_office(actor, campaign)
    period = AssessmentPeriod(
        campaign=campaign, name=name.strip(), starts_on=starts_on, ends_on=ends_on, created_by=actor
    )
    if AssessmentPeriod.objects.filter(campaign=campaign, name=period.name).exists():
        raise DomainError(f"本活动已有名为“{period.name}”的考核期。")
    return save_new(actor=actor, instance=period)


def _window(period: AssessmentPeriod) -> Window:
    return Window(
        campaign=period.campaign,
        family_ids=campaign_family_ids(period.campaign),
        units=campaign_units(period.campaign),
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        as_of=min(period.ends_on, local_today()),
    )


def scores_build(period: AssessmentPeriod, scheme: ScoringScheme) -> list[Score]:
    """The period's Score rows (unsaved): figures from every source, points, score, rank and bottom flag."""
    window = _window(period)
    by_unit = figures(window)
    rows = []
    for unit in window.units:
        counts = by_unit[unit.pk]
        rates = scoring.rates_from(counts)
        points = scoring.contributions(scheme, rates, {key: counts.get(key, 0) for key in scoring.COUNT_KEYS})
        rows.append(
            Score(
                period=period,
                org=unit,
                **{key: scoring.cents(rate * 100) if rate is not None else None for key, rate in rates.items()},
                **{key: counts.get(key, 0) for key in scoring.COUNT_KEYS},
                figures=counts,
                contributions={key: str(value) for key, value in points.items()},
                score=scoring.total(points),
                rank=1,
            )
        )
    for row, placing in zip(rows, scoring.placings([row.score for row in rows], scheme.bottom_n), strict=True):
        row.rank, row.tied, row.is_bottom = placing.rank, placing.tied, placing.is_bottom
    return rows


@transaction.atomic
def period_compute(*, actor: User, period: AssessmentPeriod) -> list[Score]:
    """Work out (again) every unit's score in a draft period. A published period is never recomputed."""
    _refuse_unless_office(actor, period.campaign)
    locked = AssessmentPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.status != PeriodStatus.DRAFT:
        raise DomainError(f"考核期“{period.name}”已发布，得分已锁定，不能重新计算。")
    scheme = scheme_ensure(actor=actor, campaign=period.campaign)
    rows = scores_build(period, scheme)
    Score.objects.filter(period=period).delete()
    Score.objects.bulk_create(rows)
    audit_create_many(actor=actor, targets=rows, remark=f"计算考核期“{period.name}”得分")
    before = snapshot(locked)
    now = timezone.now()
    AssessmentPeriod.objects.filter(pk=period.pk).update(scheme=scheme, computed_at=now, computed_by=actor)
    period.scheme, period.computed_at, period.computed_by = scheme, now, actor
    audit_update(actor=actor, target=period, before=before, remark=f"计算得分（{len(rows)}个单位）")
    return rows


@transaction.atomic
def period_lock(*, actor: User, period: AssessmentPeriod) -> AssessmentPeriod:
    """Publish the ranking: the scores are final from now on."""
    _refuse_unless_office(actor, period.campaign)
    if period.computed_at is None:
        raise DomainError("请先计算得分，再发布排名。")
    now = timezone.now()
    changed = AssessmentPeriod.objects.filter(
        pk=period.pk, status=PeriodStatus.DRAFT, computed_at__isnull=False
    ).update(status=PeriodStatus.LOCKED, locked_at=now, locked_by=actor)
    if changed != 1:
        current = AssessmentPeriod.objects.values_list("status", flat=True).get(pk=period.pk)
        raise DomainError(
            f"该考核期当前为“{STATUS_LABELS[current]}”，不能发布，可能已被他人处理，请刷新页面查看最新情况。"
        )
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        target=period,
        before={"status": PeriodStatus.DRAFT},
        after={"status": PeriodStatus.LOCKED, "locked_at": now.isoformat(), "locked_by": actor.pk},
        remark="发布排名",
    )
    period.status, period.locked_at, period.locked_by = PeriodStatus.LOCKED, now, actor
    return period


# --- follow-up of the bottom units ---------------------------------------------------------------


@transaction.atomic
def follow_up_decide(*, actor: User, score: Score, decision: str, remark: str = "") -> FollowUp:
    """Record (or revise) what happens to a unit ranked at the bottom of a published ranking."""
    period = score.period
    if not selectors.can_decide(actor, period.campaign):
        raise DomainError("只有活动办公室或监督考核组可以对末位单位作出处理决定。")
    status = AssessmentPeriod.objects.select_for_update().values_list("status", flat=True).get(pk=period.pk)
    if status != PeriodStatus.LOCKED:
        raise DomainError("排名发布（锁定）后才能对末位单位作出处理决定。")
    if not score.is_bottom:
        raise DomainError(f"“{score.org}”不是本期末位单位，无需作出处理决定。")
    values = {"decision": decision, "remark": remark.strip(), "decided_by": actor, "decided_at": timezone.now()}
    existing = FollowUp.objects.select_for_update().filter(score=score).first()
    if existing is not None:
        return save_changes(actor=actor, instance=existing, changes=values, remark="修改末位处理决定")
    return save_new(actor=actor, instance=FollowUp(score=score, **values), remark="末位处理决定")
