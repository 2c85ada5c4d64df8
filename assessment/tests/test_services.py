"""Periods: recomputing drafts, publishing, frozen scores; follow-up decisions on the bottom units."""

from decimal import Decimal

import pytest

from assessment import services
from assessment.choices import FollowUpDecision, PeriodStatus, ScoringMethod
from assessment.models import AssessmentPeriod, FollowUp, Score, ScoringScheme
from assessment.tests.conftest import D
from audit.models import AuditEntry
from common.exceptions import DomainError
from ledger.choices import MeasureStatus
from ledger.models import Measure


def score_of(period, org) -> Score:
    return Score.objects.get(period=period, org=org)


def test_a_draft_is_recomputed_with_the_ledger_as_it_stands(computed, ledger, cast, county):
    Measure.objects.filter(pk=ledger["yellow"].pk).update(status=MeasureStatus.CLOSED, closed_on=D(2026, 10, 19))
    services.period_compute(actor=cast["office"], period=computed)
    assert score_of(computed, county["a"]).completion_rate == Decimal("75.00")
    assert Score.objects.filter(period=computed).count() == 2


def test_locking_freezes_the_scores(locked, ledger, cast, county, campaign):
    before = score_of(locked, county["a"]).score
    Measure.objects.filter(pk=ledger["yellow"].pk).update(status=MeasureStatus.CLOSED, closed_on=D(2026, 10, 19))
    with pytest.raises(DomainError, match="已发布，得分已锁定，不能重新计算"):
        services.period_compute(actor=cast["office"], period=locked)
    assert score_of(locked, county["a"]).score == before
    # A new scheme does not touch a published ranking: the old one is kept for it, a new version made.
    used = locked.scheme
    assert services.scheme_save(actor=cast["office"], campaign=campaign, method=ScoringMethod.WEIGHTED) == used
    new = services.scheme_save(actor=cast["office"], campaign=campaign, method=ScoringMethod.DEDUCTION)
    assert new.pk != used.pk and new.is_active
    used.refresh_from_db()
    assert not used.is_active and used.method == ScoringMethod.WEIGHTED
    assert AssessmentPeriod.objects.get(pk=locked.pk).scheme_id == used.pk
    assert score_of(locked, county["a"]).score == before


def test_a_scheme_not_yet_published_is_edited_in_place(computed, cast, campaign):
    scheme = services.scheme_save(actor=cast["office"], campaign=campaign, bottom_n=2)
    assert scheme.pk == computed.scheme_id
    assert ScoringScheme.objects.filter(campaign=campaign).count() == 1


def test_lock_needs_scores_and_happens_once(period, cast):
    with pytest.raises(DomainError, match="请先计算得分"):
        services.period_lock(actor=cast["office"], period=period)
    services.period_compute(actor=cast["office"], period=period)
    stale = AssessmentPeriod.objects.get(pk=period.pk)
    services.period_lock(actor=cast["office"], period=period)
    with pytest.raises(DomainError, match="当前为“已发布（锁定）”"):
        services.period_lock(actor=cast["office"], period=stale)
    assert AuditEntry.objects.filter(remark="发布排名", target_id=str(period.pk)).count() == 1


@pytest.mark.parametrize("who", ["supervisor", "head_a", "office_a", "owner_b"])
def test_only_the_campaign_office_computes_and_publishes(period, cast, who):
    with pytest.raises(DomainError, match="活动办公室"):
        services.period_compute(actor=cast[who], period=period)
    with pytest.raises(DomainError, match="活动办公室"):
        services.period_lock(actor=cast[who], period=period)


def test_period_names_are_unique_per_campaign(period, cast, campaign):
    with pytest.raises(DomainError, match="已有名为“2026年10月”的考核期"):
        services.period_create(
            actor=cast["office"],
            campaign=campaign,
            name="2026年10月",
            starts_on=D(2026, 10, 1),
            ends_on=D(2026, 10, 31),
        )
    with pytest.raises(DomainError, match="结束日期不能早于开始日期"):
        services.period_create(
            actor=cast["office"], campaign=campaign, name="倒置", starts_on=D(2026, 10, 31), ends_on=D(2026, 10, 1)
        )


def test_follow_up_refused_before_the_period_is_locked(computed, cast, county):
    bottom = score_of(computed, county["a"])
    assert bottom.is_bottom
    with pytest.raises(DomainError, match="排名发布（锁定）后才能"):
        services.follow_up_decide(actor=cast["office"], score=bottom, decision=FollowUpDecision.ADMONITION)
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("who", ["head_a", "office_a", "leader_a", "owner_b", "inspector"])
def test_follow_up_only_by_the_office_or_supervisors(locked, cast, county, who):
    with pytest.raises(DomainError, match="只有活动办公室或监督考核组"):
        services.follow_up_decide(
            actor=cast[who], score=score_of(locked, county["a"]), decision=FollowUpDecision.ADMONITION
        )


def test_follow_up_recorded_revised_and_audited(locked, cast, county):
    bottom = score_of(locked, county["a"])
    with pytest.raises(DomainError, match="不是本期末位单位"):
        services.follow_up_decide(
            actor=cast["office"], score=score_of(locked, county["b"]), decision=FollowUpDecision.NO_ACTION
        )
    follow_up = services.follow_up_decide(
        actor=cast["supervisor"], score=bottom, decision=FollowUpDecision.ADMONITION, remark=" 红灯整改不力 "
    )
    assert (follow_up.decided_by, follow_up.remark, follow_up.decision) == (
        cast["supervisor"],
        "红灯整改不力",
        "admonition",
    )
    services.follow_up_decide(actor=cast["office"], score=bottom, decision=FollowUpDecision.ACCOUNTABILITY)
    follow_up.refresh_from_db()
    assert (follow_up.decision, follow_up.decided_by) == (FollowUpDecision.ACCOUNTABILITY, cast["office"])
    entries = AuditEntry.objects.filter(target_id=str(follow_up.pk), target_type__model="followup")
    assert [entry.action for entry in entries.order_by("id")] == ["create", "update"]
    assert entries.first().org_path == county["a"].path
    assert AssessmentPeriod.objects.get(pk=locked.pk).status == PeriodStatus.LOCKED
