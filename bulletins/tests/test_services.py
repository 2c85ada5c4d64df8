"""Every transition of a bulletin, and every refusal."""

import datetime
from decimal import Decimal

import pytest

from audit.models import AuditAction, AuditEntry
from bulletins import services
from bulletins.choices import BulletinStatus, Visibility
from bulletins.models import Bulletin, BulletinEvent
from bulletins.tests.conftest import OCTOBER
from common.dates import today
from common.exceptions import DomainError
from conftest import make_person
from notifications.models import Notification
from organisations import services as org_services
from organisations.choices import Role


def test_create_numbers_per_campaign_and_year(bulletin, campaign, county, cast):
    assert (bulletin.number, bulletin.status, bulletin.drafted_by) == (
        "〔2026〕第1期",
        BulletinStatus.DRAFT,
        cast["office"],
    )
    assert bulletin.title == "关于2026年10月思想破冰大研讨整改工作情况的通报"
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, target_id=str(bulletin.pk)).exists()
    second = services.bulletin_create(actor=cast["office_a"], campaign=campaign, org=county["a"], month=OCTOBER)
    assert second.number == "〔2026〕第2期"
    earlier = services.bulletin_create(
        actor=cast["office"], campaign=campaign, org=county["commission"], month=datetime.date(2025, 12, 1)
    )
    assert earlier.number == "〔2025〕第1期"


def test_create_refusals(bulletin, campaign, county, cast):
    with pytest.raises(DomainError, match="已经存在"):
        services.bulletin_create(actor=cast["office"], campaign=campaign, org=county["commission"], month=OCTOBER)
    with pytest.raises(DomainError, match="活动办公室"):
        services.bulletin_create(actor=cast["head_a"], campaign=campaign, org=county["a"], month=OCTOBER)
    with pytest.raises(DomainError, match="活动办公室"):
        services.bulletin_create(actor=cast["office_a"], campaign=campaign, org=county["b"], month=OCTOBER)
    with pytest.raises(DomainError, match="尚未结束"):
        services.bulletin_create(actor=cast["office"], campaign=campaign, org=county["b"], month=today().replace(day=1))


def test_submit_publish_and_notify_unit_heads(bulletin, cast):
    services.bulletin_submit(actor=cast["office"], bulletin=bulletin)
    assert bulletin.status == BulletinStatus.REVIEW and bulletin.submitted_by == cast["office"]
    services.bulletin_publish(actor=cast["supervisor"], bulletin=bulletin, visibility=Visibility.PUBLIC)
    bulletin.refresh_from_db()
    assert (bulletin.status, bulletin.visibility, bulletin.published_by) == (
        BulletinStatus.PUBLISHED,
        Visibility.PUBLIC,
        cast["supervisor"],
    )
    assert bulletin.published_at is not None
    events = list(BulletinEvent.objects.filter(bulletin=bulletin).values_list("from_status", "to_status", "actor"))
    assert events == [
        (BulletinStatus.DRAFT, BulletinStatus.REVIEW, cast["office"].pk),
        (BulletinStatus.REVIEW, BulletinStatus.PUBLISHED, cast["supervisor"].pk),
    ]
    assert AuditEntry.objects.filter(action=AuditAction.TRANSITION, target_id=str(bulletin.pk)).count() == 2
    notified = Notification.objects.filter(kind="bulletin_published")
    assert list(notified.values_list("recipient__username", flat=True)) == ["head_a"]
    assert notified.get().url == f"/bulletins/{bulletin.pk}/"


def test_return_to_draft_with_reason(bulletin, cast):
    services.bulletin_submit(actor=cast["office"], bulletin=bulletin)
    with pytest.raises(DomainError, match="理由"):
        services.bulletin_return(actor=cast["supervisor"], bulletin=bulletin, reason=" ")
    services.bulletin_return(actor=cast["supervisor"], bulletin=bulletin, reason="黑榜单位的原因分析不够具体")
    bulletin.refresh_from_db()
    assert (bulletin.status, bulletin.return_reason, bulletin.submitted_by) == (
        BulletinStatus.DRAFT,
        "黑榜单位的原因分析不够具体",
        None,
    )
    assert BulletinEvent.objects.filter(bulletin=bulletin).last().remark == "黑榜单位的原因分析不够具体"
    services.bulletin_update(actor=cast["office"], bulletin=bulletin, next_steps="逐条分析原因")
    services.bulletin_submit(actor=cast["office"], bulletin=bulletin)
    bulletin.refresh_from_db()
    assert bulletin.return_reason == ""


def test_nobody_publishes_their_own_draft(october, campaign, county, cast):
    both = make_person("office_head", county["commission"], Role.OFFICE)
    org_services.membership_add(actor=None, user=both, org=county["commission"], role=Role.HEAD)
    bulletin = services.bulletin_create(actor=both, campaign=campaign, org=county["commission"], month=OCTOBER)
    services.bulletin_submit(actor=both, bulletin=bulletin)
    with pytest.raises(DomainError, match="不能审核自己"):
        services.bulletin_publish(actor=both, bulletin=bulletin, visibility=Visibility.INTERNAL)
    with pytest.raises(DomainError, match="不能审核自己"):
        services.bulletin_return(actor=both, bulletin=bulletin, reason="再改改")


def test_only_the_scope_reviewers_publish(bulletin, cast):
    services.bulletin_submit(actor=cast["office"], bulletin=bulletin)
    for who in ("office", "office_a", "owner_a", "inspector", "head_a", "leader_a"):
        with pytest.raises(DomainError):
            services.bulletin_publish(actor=cast[who], bulletin=bulletin, visibility=Visibility.INTERNAL)
    assert Bulletin.objects.get(pk=bulletin.pk).status == BulletinStatus.REVIEW


def test_head_of_a_unit_reviews_its_own_bulletin(october, campaign, county, cast):
    bulletin = services.bulletin_create(actor=cast["office_a"], campaign=campaign, org=county["a"], month=OCTOBER)
    services.bulletin_submit(actor=cast["office_a"], bulletin=bulletin)
    services.bulletin_publish(actor=cast["head_a"], bulletin=bulletin, visibility=Visibility.INTERNAL)
    assert bulletin.status == BulletinStatus.PUBLISHED


def test_refused_out_of_order(bulletin, cast):
    with pytest.raises(DomainError, match="草稿"):
        services.bulletin_publish(actor=cast["supervisor"], bulletin=bulletin, visibility=Visibility.INTERNAL)
    services.bulletin_submit(actor=cast["office"], bulletin=bulletin)
    for call in (
        lambda: services.bulletin_update(actor=cast["office"], bulletin=bulletin, next_steps="x"),
        lambda: services.bulletin_regenerate(actor=cast["office"], bulletin=bulletin),
        lambda: services.bulletin_submit(actor=cast["office"], bulletin=bulletin),
        lambda: services.good_practice_add(actor=cast["office"], bulletin=bulletin, text="好做法"),
    ):
        with pytest.raises(DomainError, match="待审核"):
            call()
    with pytest.raises(DomainError, match="发布范围"):
        services.bulletin_publish(actor=cast["supervisor"], bulletin=bulletin, visibility="everyone")


def test_a_stale_copy_loses_the_race(bulletin, cast):
    stale = Bulletin.objects.get(pk=bulletin.pk)
    services.bulletin_submit(actor=cast["office"], bulletin=bulletin)
    stale.status = BulletinStatus.REVIEW
    stale.submitted_by = cast["office"]
    services.bulletin_publish(actor=cast["supervisor"], bulletin=bulletin, visibility=Visibility.INTERNAL)
    with pytest.raises(DomainError, match="可能已被他人处理"):
        services.bulletin_return(actor=cast["supervisor"], bulletin=stale, reason="晚了一步")
    assert BulletinEvent.objects.filter(bulletin=bulletin).count() == 2


def test_update_refusals(bulletin, cast):
    with pytest.raises(DomainError, match="黑榜线不能高于红榜线"):
        services.bulletin_update(actor=cast["office"], bulletin=bulletin, black_threshold=Decimal(95))
    with pytest.raises(DomainError, match="不能直接修改"):
        services.bulletin_update(actor=cast["office"], bulletin=bulletin, figures={})
    with pytest.raises(DomainError, match="活动办公室"):
        services.bulletin_update(actor=cast["supervisor"], bulletin=bulletin, next_steps="x")


def test_regenerate_takes_the_ledger_again(bulletin, cast, october):
    october["d1"].__class__.objects.filter(pk=october["d1"].pk).update(
        status="closed", closed_on=datetime.date(2026, 10, 31)
    )
    services.bulletin_regenerate(actor=cast["office"], bulletin=bulletin)
    bulletin.refresh_from_db()
    assert bulletin.figures["totals"]["closed"] == 5


def test_good_practices(bulletin, cast, county, october):
    first = services.good_practice_add(
        actor=cast["office"], bulletin=bulletin, text="一站式预约挂号", measure=october["c1"]
    )
    assert first.org == october["c1"].org and first.sort_order == 1
    second = services.good_practice_add(actor=cast["office"], bulletin=bulletin, text="周调度", org=county["b"])
    assert second.sort_order == 2
    with pytest.raises(DomainError, match="请填写"):
        services.good_practice_add(actor=cast["office"], bulletin=bulletin, text="  ")
    other = services.bulletin_create(actor=cast["office_a"], campaign=bulletin.campaign, org=county["a"], month=OCTOBER)
    with pytest.raises(DomainError, match="范围内"):
        services.good_practice_add(actor=cast["office_a"], bulletin=other, text="x", org=county["b"])
    with pytest.raises(DomainError, match="范围内的措施"):
        services.good_practice_add(actor=cast["office_a"], bulletin=other, text="x", measure=october["b1"])
    services.good_practice_remove(actor=cast["office"], practice=first)
    assert list(bulletin.good_practices.values_list("text", flat=True)) == ["周调度"]
