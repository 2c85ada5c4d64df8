import datetime

import pytest
import time_machine

from accounts.models import User
from audit.models import AuditEntry
from common.exceptions import DomainError
from ledger.choices import HolidayKind
from ledger.models import Holiday
from ledger.tests.factories import exe_file, pdf_file
from notifications.models import Notification
from supervision import selectors, services
from supervision.choices import UrgeEventKind, UrgeStatus
from supervision.models import EscalationStep, UrgeNotice

D = datetime.date
FRIDAY = datetime.datetime(2026, 11, 6, 9, 0)


def issue_to_org(cast, campaign, county, **kwargs):
    return services.urge_notice_issue(
        actor=cast["office"], campaign=campaign, org=county["a"], text="请于期限内报送整改进展", **kwargs
    )


@pytest.fixture
def notice(cast, measure):
    return services.urge_notice_issue(actor=cast["office"], measure=measure, text="门诊排队整改进度滞后，请加快推进")


def test_issue_about_a_measure_tells_its_recipients(notice, cast, county, measure):
    assert notice.org == county["a"] and notice.campaign == measure.campaign
    assert (notice.level, notice.level_name, notice.status) == (1, "催办单", UrgeStatus.ISSUED)
    expected = {cast[name].pk for name in ("head_a", "office_a", "owner_a", "leader_a")}
    assert {person.pk for person in selectors.urge_notice_recipients(notice)} == expected
    notified = Notification.objects.filter(key=f"urge-notice-{notice.pk}-issued", kind="urge_notice")
    assert set(notified.values_list("recipient_id", flat=True)) == expected
    assert list(notice.events.values_list("kind", flat=True)) == [UrgeEventKind.ISSUED]
    assert AuditEntry.objects.filter(target_id=str(notice.pk), action="create").exists()
    # The default ladder was made for the top campaign of the family.
    assert list(EscalationStep.objects.values_list("campaign_id", "name", "days")) == [
        (measure.campaign.parent_id, "催办单", 3),
        (measure.campaign.parent_id, "督办单", 2),
        (measure.campaign.parent_id, "约谈", 5),
    ]


def test_issue_to_an_org_defaults_to_working_days_over_weekend_and_holiday(cast, campaign, county):
    Holiday.objects.create(date=D(2026, 11, 10), kind=HolidayKind.HOLIDAY, name="测试假日")
    with time_machine.travel(FRIDAY, tick=False):
        notice = issue_to_org(cast, campaign, county)
    assert notice.issued_on == D(2026, 11, 6)
    # Mon 9, (Tue 10 holiday), Wed 11, Thu 12.
    assert notice.answer_by == D(2026, 11, 12)
    assert {person.pk for person in selectors.urge_notice_recipients(notice)} == {
        cast["head_a"].pk,
        cast["office_a"].pk,
    }


@pytest.mark.parametrize(
    ("who", "message"),
    [("owner_a", "只有"), ("inspector", "只有"), ("office_a", "督办对象须是")],
)
def test_issue_refusals(cast, campaign, rolled_out, county, who, message):
    target_campaign = rolled_out["YYY"] if who == "office_a" else campaign
    with pytest.raises(DomainError, match=message):
        services.urge_notice_issue(actor=cast[who], campaign=target_campaign, org=county["a"], text="请反馈")


def test_issue_refuses_out_of_scope_empty_text_past_date_and_closed_measure(cast, campaign, county, measure):
    with pytest.raises(DomainError, match="只有"):
        services.urge_notice_issue(actor=cast["office_a"], campaign=campaign, org=county["b"], text="请反馈")
    with pytest.raises(DomainError, match="督办事项"):
        services.urge_notice_issue(actor=cast["office"], campaign=campaign, org=county["a"], text="  ")
    with pytest.raises(DomainError, match="不能早于今天"):
        issue_to_org(cast, campaign, county, answer_by=D(2020, 1, 1))
    type(measure).objects.filter(pk=measure.pk).update(status="ongoing")
    measure.status = "ongoing"
    with pytest.raises(DomainError, match="无需督办"):
        services.urge_notice_issue(actor=cast["office"], measure=measure, text="请反馈")


def test_the_whole_way_acknowledge_answer_return_answer_close(notice, cast):
    services.urge_notice_acknowledge(actor=cast["owner_a"], notice=notice)
    assert notice.status == UrgeStatus.ACKNOWLEDGED and notice.acknowledged_by == cast["owner_a"]
    services.urge_notice_answer(actor=cast["owner_a"], notice=notice, answer="已增设两台自助机", file=pdf_file())
    notice.refresh_from_db()
    assert notice.status == UrgeStatus.ANSWERED and notice.answer_file_name == "整改报告.pdf"
    assert notice.answer_file.read().startswith(b"%PDF")
    assert Notification.objects.filter(recipient=cast["office"], kind="urge_notice").exists()
    services.urge_notice_return(actor=cast["supervisor"], notice=notice, reason="请附现场照片")
    assert notice.status == UrgeStatus.RETURNED
    services.urge_notice_answer(actor=cast["head_a"], notice=notice, answer="已补充照片")
    services.urge_notice_close(actor=cast["office"], notice=notice, remark="同意办结")
    notice.refresh_from_db()
    assert notice.status == UrgeStatus.CLOSED and notice.decided_by == cast["office"]
    assert list(notice.events.values_list("kind", flat=True)) == [
        "issued",
        "acknowledged",
        "answered",
        "returned",
        "answered",
        "closed",
    ]
    assert AuditEntry.objects.filter(target_id=str(notice.pk), action="transition").count() == 5


def test_refusals_wrong_person_order_twice_and_stale(notice, cast):
    with pytest.raises(DomainError, match="只有督办对象"):
        services.urge_notice_acknowledge(actor=cast["owner_b"], notice=notice)
    with pytest.raises(DomainError, match="请先签收"):
        services.urge_notice_answer(actor=cast["owner_a"], notice=notice, answer="已整改")
    stale = UrgeNotice.objects.get(pk=notice.pk)
    services.urge_notice_acknowledge(actor=cast["head_a"], notice=notice)
    with pytest.raises(DomainError, match="可能已被他人处理"):
        services.urge_notice_acknowledge(actor=cast["owner_a"], notice=stale)
    with pytest.raises(DomainError, match="请填写反馈情况"):
        services.urge_notice_answer(actor=cast["owner_a"], notice=notice, answer=" ")
    with pytest.raises(DomainError, match="不是"):
        services.urge_notice_answer(actor=cast["owner_a"], notice=notice, answer="已整改", file=exe_file())
    with pytest.raises(DomainError, match="不能办结"):
        services.urge_notice_close(actor=cast["office"], notice=notice)
    services.urge_notice_answer(actor=cast["owner_a"], notice=notice, answer="已整改")
    with pytest.raises(DomainError, match="已反馈"):
        services.urge_notice_answer(actor=cast["owner_a"], notice=notice, answer="再次反馈")
    for who in ("office_a", "owner_a", "inspector"):
        with pytest.raises(DomainError, match="不能审核"):
            services.urge_notice_close(actor=cast[who], notice=notice)
    with pytest.raises(DomainError, match="退回须写明理由"):
        services.urge_notice_return(actor=cast["office"], notice=notice, reason="")
    services.urge_notice_close(actor=cast["office"], notice=notice)
    with pytest.raises(DomainError, match="已办结"):
        services.urge_notice_return(actor=cast["supervisor"], notice=notice, reason="再看看")


def test_escalation_climbs_the_ladder_across_weekends_and_holidays(cast, campaign, county):
    Holiday.objects.create(date=D(2026, 11, 10), kind=HolidayKind.HOLIDAY, name="测试假日")
    Holiday.objects.create(date=D(2026, 11, 21), kind=HolidayKind.WORKDAY, name="调休")
    with time_machine.travel(FRIDAY, tick=False):
        notice = issue_to_org(cast, campaign, county)
        services.urge_notice_acknowledge(actor=cast["head_a"], notice=notice)
    assert services.urge_notices_escalate(today=D(2026, 11, 12)) == 0
    assert services.urge_notices_escalate(today=D(2026, 11, 13)) == 1
    notice.refresh_from_db()
    # Fri 13 → Mon 16, Tue 17; the new notice must be signed for again.
    assert (notice.level, notice.level_name, notice.answer_by, notice.status) == (
        2,
        "督办单",
        D(2026, 11, 17),
        UrgeStatus.ISSUED,
    )
    assert notice.acknowledged_by is None
    assert services.urge_notices_escalate(today=D(2026, 11, 13)) == 0
    assert services.urge_notices_escalate(today=D(2026, 11, 18)) == 1
    notice.refresh_from_db()
    # Wed 18 → Thu 19, Fri 20, Sat 21 (调休), Mon 23, Tue 24.
    assert (notice.level_name, notice.answer_by) == ("约谈", D(2026, 11, 24))
    assert services.urge_notices_escalate(today=D(2026, 12, 1)) == 0
    notice.refresh_from_db()
    assert notice.level == 3
    assert selectors.urge_notice_list(cast["office"]).filter(selectors.overdue_q(D(2026, 12, 1))).get() == notice
    escalations = list(notice.events.filter(kind=UrgeEventKind.ESCALATED).values_list("level", flat=True))
    assert escalations == [2, 3]
    keys = set(Notification.objects.filter(kind="urge_escalated").values_list("key", flat=True))
    assert keys == {f"urge-notice-{notice.pk}-level-2", f"urge-notice-{notice.pk}-level-3"}


def test_escalation_is_race_safe_and_skips_answered(cast, campaign, county):
    with time_machine.travel(FRIDAY, tick=False):
        answered = issue_to_org(cast, campaign, county)
        waiting = issue_to_org(cast, campaign, county)
        services.urge_notice_acknowledge(actor=cast["head_a"], notice=answered)
        services.urge_notice_answer(actor=cast["head_a"], notice=answered, answer="已办理")
    late = D(2026, 11, 20)
    # Two runs read the same row; only the first moves it.
    first, second = (UrgeNotice.objects.select_related("campaign", "org").get(pk=waiting.pk) for _ in range(2))
    step = services.escalation_steps_ensure(campaign)[1]
    assert services._escalate(first, step=step, answer_by=D(2026, 11, 24)) is True
    assert services._escalate(second, step=step, answer_by=D(2026, 11, 24)) is False
    assert services._escalate(first, step=step, answer_by=D(2026, 11, 25)) is False
    assert waiting.events.filter(kind=UrgeEventKind.ESCALATED).count() == 1
    assert services.urge_notices_escalate(today=late) == 0
    answered.refresh_from_db()
    assert answered.level == 1


def test_custom_ladder(cast, campaign, rolled_out):
    services.escalation_steps_save(actor=cast["supervisor"], campaign=campaign, steps=[("提醒函", 1), ("", None)])
    assert [str(step) for step in selectors.escalation_steps(rolled_out["JYY"])] == ["1. 提醒函（1个工作日）"]
    with pytest.raises(DomainError, match="上级活动"):
        services.escalation_steps_save(actor=cast["office"], campaign=rolled_out["JYY"], steps=[("函", 1)])
    with pytest.raises(DomainError, match="只有"):
        services.escalation_steps_save(actor=cast["owner_a"], campaign=campaign, steps=[("函", 1)])
    with pytest.raises(DomainError, match="至少"):
        services.escalation_steps_save(actor=cast["office"], campaign=campaign, steps=[(" ", 1)])


def test_counts_per_target_org_once_per_notice(cast, campaign, county, measure):
    with time_machine.travel(FRIDAY, tick=False):
        issue_to_org(cast, campaign, county)
        services.urge_notice_issue(actor=cast["office"], measure=measure, text="请加快")
        services.urge_notice_issue(actor=cast["office"], campaign=campaign, org=county["b"], text="请反馈")
    services.urge_notices_escalate(today=D(2026, 11, 20))
    counts = selectors.urge_notice_counts(campaign=campaign, start=D(2026, 11, 1), end=D(2026, 11, 30))
    assert counts == {county["a"].pk: 2, county["b"].pk: 1}
    assert selectors.urge_notice_counts(campaign=campaign, start=D(2026, 12, 1), end=D(2026, 12, 31)) == {}


def test_lists_are_scoped(notice, cast):
    assert list(selectors.urge_notice_list(cast["owner_a"])) == [notice]
    assert list(selectors.urge_notice_list(cast["owner_b"])) == []
    assert selectors.urge_notice_actions(cast["owner_a"], notice).acknowledge
    assert not selectors.urge_notice_actions(cast["office"], notice).acknowledge


def test_a_superuser_sees_every_notice(notice):
    admin = User.objects.create_superuser(username="root", password="x")
    assert list(selectors.urge_notice_list(admin)) == [notice]
