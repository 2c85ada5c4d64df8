"""Look-back rounds: the draw, assignment, verdicts, 反弹 reopening the measure, finishing."""

import datetime

import pytest

from audit.models import AuditAction, AuditEntry
from common.dates import today
from common.exceptions import DomainError
from ledger.choices import MeasureStatus
from ledger.models import Measure, MeasureEvent
from ledger.services import measure_reopen
from ledger.tests.factories import exe_file, pdf_file
from lookback import selectors, services
from lookback.choices import RoundStatus, SelectionRule, Verdict
from lookback.models import LookbackItem, LookbackRound
from lookback.tests.factories import close
from notifications.models import Notification


def create(cast, campaign, county, **fields):
    fields.setdefault("name", "回头看")
    fields.setdefault("org", county["commission"])
    fields.setdefault("starts_on", datetime.date(2026, 11, 1))
    fields.setdefault("ends_on", datetime.date(2026, 12, 31))
    fields.setdefault("checkers", [cast["supervisor"]])
    return services.round_create(actor=cast["office"], campaign=campaign, **fields)


# --- the draw ----------------------------------------------------------------------------------


def test_draw_is_reproducible_from_its_seed():
    ids = list(range(1, 101))
    first = selectors.draw(ids, percent=10, seed=20261125)
    assert first == selectors.draw(list(reversed(ids)), percent=10, seed=20261125)
    assert len(first) == 10 and first == sorted(first)
    assert first != selectors.draw(ids, percent=10, seed=1)


def test_sample_size_rounds_up():
    assert selectors.sample_size(3, 10) == 1
    assert selectors.sample_size(20, 25) == 5
    assert selectors.sample_size(0, 50) == 0
    assert selectors.sample_size(7, None) == 7


def test_random_round_records_its_seed_and_draws_what_the_seed_says(campaign, cast, county, closed_measures):
    round_ = create(cast, campaign, county, rule=SelectionRule.RANDOM, percent=50)
    assert round_.seed is not None
    services.round_start(actor=cast["office"], round_=round_)
    closed_ids = sorted(m.pk for key, m in closed_measures.items() if key != "open")
    expected = selectors.draw(closed_ids, percent=50, seed=round_.seed)
    assert sorted(round_.items.values_list("measure_id", flat=True)) == expected
    assert len(expected) == 2


def test_given_seed_reproduces_an_earlier_draw(campaign, cast, county, closed_measures):
    one = create(cast, campaign, county, name="一", rule=SelectionRule.RANDOM, percent=50, seed=42)
    two = create(cast, campaign, county, name="二", rule=SelectionRule.RANDOM, percent=50, seed=42)
    for round_ in (one, two):
        services.round_start(actor=cast["office"], round_=round_)
    assert list(one.items.values_list("measure_id", flat=True)) == list(two.items.values_list("measure_id", flat=True))


def test_all_rule_takes_closed_measures_of_the_scope_only(campaign, cast, county, closed_measures):
    round_ = create(cast, campaign, county, org=county["a"])
    services.round_start(actor=cast["office"], round_=round_)
    drawn = set(round_.items.values_list("measure_id", flat=True))
    assert drawn == {closed_measures[k].pk for k in ("a1", "a2", "a3")}


def test_category_rule(campaign, cast, county, closed_measures):
    category = campaign.categories.first()
    Measure.objects.get(pk=closed_measures["a2"].pk).problem.__class__.objects.filter(
        pk=closed_measures["a2"].problem_id
    ).update(category=category)
    round_ = create(cast, campaign, county, rule=SelectionRule.CATEGORY, category_name=category.name)
    services.round_start(actor=cast["office"], round_=round_)
    assert list(round_.items.values_list("measure_id", flat=True)) == [closed_measures["a2"].pk]


def test_a_later_campaign_looks_back_at_an_earlier_one(campaign, earlier_campaign, cast, county, closed_measures):
    from campaigns import services as campaign_services

    later = campaign_services.campaign_create(
        actor=cast["office"],
        org=county["commission"],
        code="2027-HTK",
        theme="整改回头看",
        kind="pobing",
        starts_on=datetime.date(2027, 3, 1),
        template_key="pobing",
    )
    round_ = create(cast, later, county, source_campaigns=[campaign])
    services.round_start(actor=cast["office"], round_=round_)
    assert round_.items.count() == 4


# --- creating and starting ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["supervisor", "head_a", "owner_a", "owner_b", "inspector"])
def test_only_the_office_creates_rounds(campaign, cast, county, who):
    with pytest.raises(DomainError, match="活动办公室"):
        services.round_create(
            actor=cast[who],
            campaign=campaign,
            name="x",
            org=county["commission"],
            starts_on=datetime.date(2026, 11, 1),
            ends_on=datetime.date(2026, 12, 1),
        )


def test_unit_office_creates_a_round_for_its_unit_only(campaign, cast, county):
    create_a = services.round_create(
        actor=cast["office_a"],
        campaign=campaign,
        name="甲医院回头看",
        org=county["a"],
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 12, 1),
    )
    assert create_a.org == county["a"]
    with pytest.raises(DomainError, match="活动办公室"):
        services.round_create(
            actor=cast["office_a"],
            campaign=campaign,
            name="乙医院回头看",
            org=county["b"],
            starts_on=datetime.date(2026, 11, 1),
            ends_on=datetime.date(2026, 12, 1),
        )


def test_checkers_must_be_office_supervisors_or_inspectors_in_scope(campaign, cast, county):
    with pytest.raises(DomainError, match="不能担任核查人"):
        create(cast, campaign, county, checkers=[cast["owner_a"]])
    with pytest.raises(DomainError, match="不能担任核查人"):
        create(cast, campaign, county, org=county["a"], checkers=[cast["owner_b"]])


def test_dates_must_be_ordered(campaign, cast, county):
    with pytest.raises(DomainError):
        create(cast, campaign, county, starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2026, 11, 1))


def test_start_assigns_round_robin_notifies_and_audits(draft, cast):
    services.round_start(actor=cast["office"], round_=draft)
    draft.refresh_from_db()
    assert draft.status == RoundStatus.RUNNING and draft.started_at is not None
    checkers = list(draft.items.order_by("id").values_list("checker__username", flat=True))
    assert checkers == ["supervisor", "inspector", "supervisor", "inspector"]
    notes = Notification.objects.filter(kind="lookback_assigned")
    assert sorted(notes.values_list("recipient__username", flat=True)) == ["inspector", "supervisor"]
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, target_type__model="lookbackitem").count() == 4
    assert AuditEntry.objects.filter(action=AuditAction.TRANSITION, target_type__model="lookbackround").count() == 1


def test_start_refused_twice_without_checkers_or_measures(draft, campaign, cast, county):
    services.round_start(actor=cast["office"], round_=draft)
    with pytest.raises(DomainError, match="不能再启动"):
        services.round_start(actor=cast["office"], round_=draft)
    stale = LookbackRound.objects.get(pk=draft.pk)
    stale.status = RoundStatus.DRAFT
    with pytest.raises(DomainError, match="可能已被他人处理"):
        services.round_start(actor=cast["office"], round_=stale)
    nobody = create(cast, campaign, county, name="无核查人", checkers=[])
    with pytest.raises(DomainError, match="核查人"):
        services.round_start(actor=cast["office"], round_=nobody)
    empty = create(cast, campaign, county, name="空", rule=SelectionRule.CATEGORY, category_name="不存在的类别")
    with pytest.raises(DomainError, match="没有可回头看"):
        services.round_start(actor=cast["office"], round_=empty)


def test_start_refused_for_others(draft, cast):
    with pytest.raises(DomainError, match="活动办公室"):
        services.round_start(actor=cast["supervisor"], round_=draft)


def test_office_reassigns_an_item(running, cast):
    item = running.items.filter(checker=cast["inspector"]).first()
    services.item_assign(actor=cast["office"], item=item, checker=cast["supervisor"])
    item.refresh_from_db()
    assert item.checker == cast["supervisor"]
    with pytest.raises(DomainError, match="活动办公室"):
        services.item_assign(actor=cast["supervisor"], item=item, checker=cast["inspector"])


# --- verdicts ----------------------------------------------------------------------------------


def items_of(round_, username):
    return list(round_.items.filter(checker__username=username).select_related("round", "measure").order_by("id"))


def test_holding_verdict_by_the_assigned_checker(running, cast):
    item = items_of(running, "supervisor")[0]
    services.item_verdict(
        actor=cast["supervisor"], item=item, verdict=Verdict.HOLDING, remark="运行良好", file=pdf_file()
    )
    item.refresh_from_db()
    assert item.verdict == Verdict.HOLDING and item.checked_on == today()
    assert item.file_type == "pdf" and item.file.read().startswith(b"%PDF")
    assert Measure.objects.get(pk=item.measure_id).status == MeasureStatus.CLOSED


@pytest.mark.parametrize("who", ["office", "inspector", "owner_a", "head_a"])
def test_verdict_only_by_the_assigned_checker(running, cast, who):
    item = items_of(running, "supervisor")[0]
    with pytest.raises(DomainError, match="分配到该事项的核查人"):
        services.item_verdict(actor=cast[who], item=item, verdict=Verdict.HOLDING)


def test_verdict_refuses_a_file_by_its_content_and_a_second_verdict(running, cast):
    item = items_of(running, "supervisor")[0]
    with pytest.raises(DomainError, match="内容"):
        services.item_verdict(actor=cast["supervisor"], item=item, verdict=Verdict.HOLDING, file=exe_file())
    services.item_verdict(actor=cast["supervisor"], item=item, verdict=Verdict.HOLDING)
    stale = LookbackItem.objects.select_related("round", "measure").get(pk=item.pk)
    stale.verdict = ""
    with pytest.raises(DomainError, match="已有核查结论"):
        services.item_verdict(actor=cast["supervisor"], item=stale, verdict=Verdict.RECURRED, remark="x")


def test_recurred_needs_a_remark(running, cast):
    item = items_of(running, "supervisor")[0]
    with pytest.raises(DomainError, match="写明"):
        services.item_verdict(actor=cast["supervisor"], item=item, verdict=Verdict.RECURRED)


def test_recurred_reopens_the_measure_linked_to_the_item(running, cast):
    item = items_of(running, "inspector")[0]
    due = today() + datetime.timedelta(days=90)
    services.item_verdict(
        actor=cast["inspector"], item=item, verdict=Verdict.RECURRED, remark="排队又超过半小时", due_on=due
    )
    item.refresh_from_db()
    measure = Measure.objects.get(pk=item.measure_id)
    assert measure.status == MeasureStatus.IN_PROGRESS and measure.due_on == due and measure.closed_on is None
    event = item.reopen_event
    assert (event.measure_id, event.from_status, event.to_status) == (
        measure.pk,
        MeasureStatus.CLOSED,
        MeasureStatus.IN_PROGRESS,
    )
    assert "第一轮回头看" in event.remark and event.actor == cast["inspector"]


def test_reopen_through_an_item_only_once_and_only_its_measure(running, cast, closed_measures):
    item = items_of(running, "supervisor")[0]
    other = Measure.objects.exclude(pk=item.measure_id).filter(status=MeasureStatus.CLOSED).first()
    with pytest.raises(DomainError, match="不符"):
        measure_reopen(actor=cast["supervisor"], measure=other, reason="x", lookback_item=item)
    services.item_verdict(actor=cast["supervisor"], item=item, verdict=Verdict.RECURRED, remark="反弹")
    measure = Measure.objects.get(pk=item.measure_id)
    close(measure, cast)
    with pytest.raises(DomainError, match="已经重新打开过"):
        measure_reopen(actor=cast["supervisor"], measure=measure, reason="x", lookback_item=item)
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.CLOSED


def test_last_verdict_finishes_the_round(running, cast):
    for username in ("supervisor", "inspector"):
        for item in items_of(running, username):
            services.item_verdict(actor=cast[username], item=item, verdict=Verdict.HOLDING)
    running.refresh_from_db()
    assert running.status == RoundStatus.FINISHED and running.finished_at is not None
    assert selectors.round_progress(running) == {
        "total": 4,
        "done": 4,
        "holding": 4,
        "recurred": 0,
        "unchecked": 0,
        "percent": 100,
    }


def test_office_finishes_and_the_rest_is_marked_unchecked(running, cast):
    item = items_of(running, "supervisor")[0]
    services.item_verdict(actor=cast["supervisor"], item=item, verdict=Verdict.HOLDING)
    with pytest.raises(DomainError, match="活动办公室"):
        services.round_finish(actor=cast["supervisor"], round_=running)
    services.round_finish(actor=cast["office"], round_=running)
    progress = selectors.round_progress(running)
    assert (progress["holding"], progress["unchecked"], progress["done"]) == (1, 3, 4)
    with pytest.raises(DomainError, match="不能结束"):
        services.round_finish(actor=cast["office"], round_=running)
    left = items_of(running, "inspector")[0]
    with pytest.raises(DomainError, match="不能再核查"):
        services.item_verdict(actor=cast["inspector"], item=left, verdict=Verdict.HOLDING)


def test_verdict_in_the_future_is_refused(running, cast):
    item = items_of(running, "supervisor")[0]
    with pytest.raises(DomainError, match="晚于今天"):
        services.item_verdict(
            actor=cast["supervisor"], item=item, verdict=Verdict.HOLDING, checked_on=today() + datetime.timedelta(1)
        )


def test_events_of_a_reopen_are_append_only(running, cast):
    item = items_of(running, "supervisor")[0]
    services.item_verdict(actor=cast["supervisor"], item=item, verdict=Verdict.RECURRED, remark="反弹")
    event = MeasureEvent.objects.filter(measure_id=item.measure_id).latest("id")
    with pytest.raises(PermissionError):
        event.save()
