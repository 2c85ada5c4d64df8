import pytest

from common.exceptions import DomainError
from ledger.models import Measure, Problem
from ledger.tests.factories import make_measure, make_problem
from notifications.models import Notification
from supervision import services
from supervision.choices import CheckResult
from supervision.models import SpotCheckItem
from supervision.tests.factories import close_measure


@pytest.fixture
def closed(rolled_out, cast, county):
    """Six closed measures of hospital A (one problem each) and one still open."""
    measures = []
    for number in range(7):
        problem = make_problem(actor=cast["office_a"], campaign=rolled_out["JYY"], org=county["a"])
        measure = make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"], content=f"措施{number}")
        if number:
            close_measure(measure, cast)
        measures.append(measure)
    return measures[1:]


def drawn_ids(spot_check):
    return sorted(spot_check.items.values_list("measure_id", flat=True))


def test_same_seed_same_sample_other_seed_other_sample(closed, cast, campaign, county):
    first = services.spot_check_draw(
        actor=cast["supervisor"], campaign=campaign, org=county["a"], sample_size=3, seed=7
    )
    again = services.spot_check_draw(actor=cast["office"], campaign=campaign, org=county["a"], sample_size=3, seed=7)
    other = services.spot_check_draw(actor=cast["office"], campaign=campaign, org=county["a"], sample_size=3, seed=9)
    assert drawn_ids(first) == drawn_ids(again) == services.draw_sample([m.pk for m in closed], size=3, seed=7)
    assert drawn_ids(other) != drawn_ids(first)
    assert first.population == 6
    assert set(drawn_ids(first)) <= {measure.pk for measure in closed}


def test_draw_by_percent_with_a_recorded_random_seed(closed, cast, campaign, county):
    spot_check = services.spot_check_draw(
        actor=cast["supervisor"], campaign=campaign, org=county["a"], sample_percent=30, checker=cast["inspector"]
    )
    assert spot_check.items.count() == 2  # ceil(6 × 30%)
    replay = services.draw_sample([m.pk for m in closed], size=2, seed=spot_check.seed)
    assert drawn_ids(spot_check) == replay
    assert Notification.objects.filter(recipient=cast["inspector"], kind="spot_check").count() == 1


def test_sample_helpers():
    assert services.sample_size_for(8, sample_size=20, sample_percent=None) == 8
    assert services.sample_size_for(8, sample_size=None, sample_percent=1) == 1
    assert services.draw_sample([5, 3, 9], size=10, seed=1) == [3, 5, 9]
    assert services.draw_sample([3, 9, 5], size=2, seed=42) == services.draw_sample([9, 5, 3], size=2, seed=42)


def test_draw_refusals(closed, cast, campaign, county, rolled_out):
    with pytest.raises(DomainError, match="只有"):
        services.spot_check_draw(actor=cast["owner_a"], campaign=campaign, org=county["a"], sample_size=1)
    with pytest.raises(DomainError, match="只有"):
        services.spot_check_draw(actor=cast["inspector"], campaign=campaign, org=county["a"], sample_size=1)
    with pytest.raises(DomainError, match="二选一"):
        services.spot_check_draw(
            actor=cast["office"], campaign=campaign, org=county["a"], sample_size=1, sample_percent=10
        )
    with pytest.raises(DomainError, match="没有已销号"):
        services.spot_check_draw(actor=cast["office"], campaign=campaign, org=county["b"], sample_size=1)
    with pytest.raises(DomainError, match="不在您的管理范围"):
        services.spot_check_draw(
            actor=cast["office_a"], campaign=campaign, org=county["a"], sample_size=1, checker=cast["owner_b"]
        )
    with pytest.raises(DomainError, match="类别"):
        services.spot_check_draw(
            actor=cast["office"],
            campaign=rolled_out["JYY"],
            org=county["a"],
            sample_size=1,
            category=rolled_out["YYY"].categories.first(),
        )


def test_draw_within_one_category(closed, cast, campaign, county, rolled_out):
    category = rolled_out["JYY"].categories.first()
    Problem.objects.filter(measures__in=closed[:2]).update(category=category)
    spot_check = services.spot_check_draw(
        actor=cast["office"], campaign=campaign, org=county["a"], sample_percent=100, category=category
    )
    assert spot_check.population == 2
    assert drawn_ids(spot_check) == sorted(measure.pk for measure in closed[:2])


def test_record_results(closed, cast, campaign, county):
    spot_check = services.spot_check_draw(actor=cast["office"], campaign=campaign, org=county["a"], sample_size=2)
    services.spot_check_assign(actor=cast["office"], spot_check=spot_check, checker=cast["inspector"])
    good, bad = spot_check.items.order_by("pk")
    with pytest.raises(DomainError, match="只有"):
        services.spot_check_item_record(actor=cast["owner_a"], item=good, result=CheckResult.PASSED)
    with pytest.raises(DomainError, match="写明原因"):
        services.spot_check_item_record(actor=cast["inspector"], item=bad, result=CheckResult.FAILED)
    with pytest.raises(DomainError, match="请选择"):
        services.spot_check_item_record(actor=cast["inspector"], item=bad, result=CheckResult.PENDING)
    services.spot_check_item_record(actor=cast["inspector"], item=good, result=CheckResult.PASSED)
    services.spot_check_item_record(actor=cast["inspector"], item=bad, result=CheckResult.FAILED, remark="现场仍排长队")
    with pytest.raises(DomainError, match="已登记"):
        services.spot_check_item_record(actor=cast["office"], item=good, result=CheckResult.FAILED, remark="x")
    assert dict(SpotCheckItem.objects.values_list("pk", "result")) == {
        good.pk: CheckResult.PASSED,
        bad.pk: CheckResult.FAILED,
    }
    assert Measure.objects.get(pk=bad.measure_id).status == "closed"
    with pytest.raises(DomainError, match="只有复核不合格"):
        services.spot_check_item_reopen(actor=cast["supervisor"], item=good)
    bad.refresh_from_db()
    with pytest.raises(DomainError, match="监督考核组"):
        services.spot_check_item_reopen(actor=cast["inspector"], item=bad)
    bad.refresh_from_db()
    assert not bad.reopened
    services.spot_check_item_reopen(actor=cast["supervisor"], item=bad)
    measure = Measure.objects.get(pk=bad.measure_id)
    assert measure.status == "in_progress"
    assert measure.events.latest("id").remark == "随机抽查复核不合格：现场仍排长队"
    with pytest.raises(DomainError, match="已因本次抽查"):
        services.spot_check_item_reopen(actor=cast["supervisor"], item=bad)
    with pytest.raises(DomainError, match="只有"):
        services.spot_check_assign(actor=cast["inspector"], spot_check=spot_check, checker=cast["inspector"])
