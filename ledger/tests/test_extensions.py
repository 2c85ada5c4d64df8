"""Extensions (延期申请): the deadline in force moves, the original deadline stays for statistics."""

import datetime

import pytest
import time_machine

from common.exceptions import DomainError
from ledger import selectors, services
from ledger.choices import ExtensionStatus, MeasureKind
from ledger.models import Measure
from ledger.tests.factories import make_measure, pdf_file


def later(measure, days):
    return measure.due_on + datetime.timedelta(days=days)


def test_approved_extension_moves_due_date_and_keeps_deadline(measure, cast):
    original = measure.deadline
    extension = services.extension_request(
        actor=cast["owner_a"], measure=measure, requested_due_on=later(measure, 30), reason="设备到货延迟"
    )
    services.extension_approve(actor=cast["office_a"], extension=extension, remark="同意")
    measure.refresh_from_db()
    assert measure.due_on == original + datetime.timedelta(days=30)
    assert measure.deadline == original
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED and extension.decided_by == cast["office_a"]


def test_on_time_statistics_use_the_original_deadline(problem, cast):
    start = datetime.datetime(2026, 3, 2, 9, 0)
    with time_machine.travel(start, tick=False):
        late = make_measure(
            actor=cast["office_a"], problem=problem, owner=cast["owner_a"], deadline=datetime.date(2026, 3, 31)
        )
        on_time = make_measure(
            actor=cast["office_a"], problem=problem, owner=cast["owner_a"], deadline=datetime.date(2026, 3, 31)
        )
        extension = services.extension_request(
            actor=cast["owner_a"], measure=late, requested_due_on=datetime.date(2026, 4, 30), reason="等待审批"
        )
        services.extension_approve(actor=cast["office_a"], extension=extension)
    for measure, day in ((on_time, datetime.datetime(2026, 3, 20, 9)), (late, datetime.datetime(2026, 4, 20, 9))):
        with time_machine.travel(day, tick=False):
            measure = Measure.objects.get(pk=measure.pk)
            services.progress_report(actor=cast["owner_a"], measure=measure, text="完成", percent=100)
            services.measure_request_closeout(
                actor=cast["owner_a"], measure=measure, self_assessment="完成", files=[pdf_file()]
            )
            services.measure_confirm(actor=cast["head_a"], measure=measure)
            services.measure_verify(actor=cast["supervisor"], measure=measure)
    [row] = selectors.ledger_statistics(
        Measure.objects.filter(problem=problem), group_by="org", today=datetime.date(2026, 5, 1)
    )
    assert (row["total"], row["closed"], row["closed_on_time"]) == (2, 2, 1)
    assert row["completion_rate"] == 1 and row["on_time_rate"] == 0.5


def test_only_one_pending_request(measure, cast):
    services.extension_request(actor=cast["owner_a"], measure=measure, requested_due_on=later(measure, 10), reason="a")
    with pytest.raises(DomainError, match="已有一份待审批"):
        services.extension_request(
            actor=cast["owner_a"], measure=measure, requested_due_on=later(measure, 20), reason="b"
        )


def test_new_date_must_be_later_and_reason_given(measure, cast):
    with pytest.raises(DomainError, match="须晚于现行时限"):
        services.extension_request(actor=cast["owner_a"], measure=measure, requested_due_on=measure.due_on, reason="x")
    with pytest.raises(DomainError, match="延期理由"):
        services.extension_request(
            actor=cast["owner_a"], measure=measure, requested_due_on=later(measure, 5), reason=""
        )


def test_long_term_measures_cannot_be_extended(problem, cast):
    measure = make_measure(actor=cast["office_a"], problem=problem, kind=MeasureKind.LONG_TERM, owner=cast["owner_a"])
    with pytest.raises(DomainError, match="长期坚持"):
        services.extension_request(
            actor=cast["owner_a"], measure=measure, requested_due_on=datetime.date(2030, 1, 1), reason="x"
        )


@pytest.mark.parametrize("who", ["head_a", "supervisor", "owner_b", "owner_a"])
def test_only_the_office_decides(measure, cast, who):
    extension = services.extension_request(
        actor=cast["owner_a"], measure=measure, requested_due_on=later(measure, 10), reason="a"
    )
    with pytest.raises(DomainError):
        services.extension_approve(actor=cast[who], extension=extension)
    assert Measure.objects.get(pk=measure.pk).due_on == measure.due_on


def test_refusal_needs_a_reason_and_leaves_the_deadline(measure, cast):
    extension = services.extension_request(
        actor=cast["owner_a"], measure=measure, requested_due_on=later(measure, 10), reason="a"
    )
    with pytest.raises(DomainError, match="写明理由"):
        services.extension_refuse(actor=cast["office_a"], extension=extension, remark="")
    services.extension_refuse(actor=cast["office_a"], extension=extension, remark="理由不充分")
    with pytest.raises(DomainError, match="已被审批过"):
        services.extension_approve(actor=cast["office"], extension=extension)
    assert Measure.objects.get(pk=measure.pk).due_on == measure.due_on


def test_office_extends_directly(measure, cast):
    services.measure_extend(actor=cast["office"], measure=measure, due_on=later(measure, 15), reason="统一调整")
    measure.refresh_from_db()
    assert measure.due_on == measure.deadline + datetime.timedelta(days=15)
    with pytest.raises(DomainError, match="活动办公室"):
        services.measure_extend(actor=cast["owner_a"], measure=measure, due_on=later(measure, 30), reason="x")


def test_statistics_roll_up_org_subtrees_and_categories(problem, cast, county, rolled_out):
    from ledger.tests.factories import make_problem

    category = rolled_out["YYY"].categories.first()
    problem_b = make_problem(actor=cast["office"], campaign=rolled_out["YYY"], org=county["b"], category=category)
    make_measure(actor=cast["office_a"], problem=problem)
    make_measure(actor=cast["office_a"], problem=problem)
    make_measure(actor=cast["office"], problem=problem_b)
    orgs = [county["commission"], county["a"], county["b"]]
    rows = selectors.ledger_statistics_by_subtree(Measure.objects.all(), orgs=orgs, today=datetime.date(2026, 1, 1))
    assert [(row["org"].code, row["total"]) for row in rows] == [("CSWJW", 3), ("JYY", 2), ("YYY", 1)]
    assert all(row["completion_rate"] == 0 and row["on_time_rate"] is None for row in rows)
    by_category = selectors.ledger_statistics_by_subtree(
        Measure.objects.all(), orgs=[county["commission"]], today=datetime.date(2026, 1, 1), by_category=True
    )
    assert {(row["category"], row["total"]) for row in by_category} == {(None, 2), (category.name, 1)}
