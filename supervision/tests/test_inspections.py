import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from common.exceptions import DomainError
from ledger.choices import ProblemSource
from supervision import selectors, services
from supervision.choices import InspectionType, Severity
from supervision.models import Finding

D = datetime.date


@pytest.fixture
def inspection(cast, campaign, county):
    return services.inspection_create(
        actor=cast["supervisor"],
        campaign=campaign,
        org=county["a"],
        type=InspectionType.WORK,
        visited_on=D(2026, 11, 3),
        inspectors=[cast["supervisor"], cast["inspector"]],
        summary="实地查看门诊流程",
        findings=[("自助机未启用", Severity.NORMAL), ("排队标识不清", "")],
    )


def test_create_with_findings_and_inspectors(inspection, cast):
    assert set(inspection.inspectors.all()) == {cast["supervisor"], cast["inspector"]}
    assert list(inspection.findings.values_list("text", "severity")) == [
        ("自助机未启用", Severity.NORMAL),
        ("排队标识不清", ""),
    ]


def test_create_refusals(cast, campaign, county, rolled_out):
    def create(actor, **changes):
        fields = {
            "campaign": campaign,
            "org": county["a"],
            "type": InspectionType.PARTY,
            "visited_on": D(2026, 11, 3),
            "inspectors": [cast["supervisor"]],
            **changes,
        }
        return services.inspection_create(actor=actor, **fields)

    with pytest.raises(DomainError, match="只有"):
        create(cast["owner_a"])
    with pytest.raises(DomainError, match="只有"):
        create(cast["office_a"], org=county["b"])
    with pytest.raises(DomainError, match="被督查单位须是"):
        create(cast["office"], campaign=rolled_out["YYY"])
    with pytest.raises(DomainError, match="不能晚于今天"):
        create(cast["office"], visited_on=D(2099, 1, 1))
    with pytest.raises(DomainError, match="请选择督查人员"):
        create(cast["office"], inspectors=[])
    with pytest.raises(DomainError, match="不在您的管理范围"):
        create(cast["office_a"], inspectors=[cast["owner_b"]])


def test_finding_becomes_a_problem_once(inspection, cast, rolled_out, county):
    finding = inspection.findings.first()
    problem = services.finding_to_problem(actor=cast["supervisor"], finding=finding)
    assert problem.source == ProblemSource.SUPERVISION
    assert problem.campaign == rolled_out["JYY"] and problem.org == county["a"]
    assert problem.description == "自助机未启用"
    assert problem.origin_type == ContentType.objects.get_for_model(Finding) and problem.origin_id == finding.pk
    assert Finding.objects.get(pk=finding.pk).problem == problem
    with pytest.raises(DomainError, match="已转为问题"):
        services.finding_to_problem(actor=cast["supervisor"], finding=finding)
    stale = Finding.objects.select_related("inspection").get(pk=finding.pk)
    stale.problem = None
    with pytest.raises(DomainError, match="已被他人转为问题"):
        services.finding_to_problem(actor=cast["office"], finding=stale)
    assert problem.campaign.problems.filter(source=ProblemSource.SUPERVISION).count() == 1


def test_finding_refusals(inspection, cast):
    finding = inspection.findings.first()
    with pytest.raises(DomainError, match="不能处理"):
        services.finding_to_problem(actor=cast["owner_b"], finding=finding)
    # A discipline inspector records inspections but does not put problems on the list.
    with pytest.raises(DomainError, match="不能为"):
        services.finding_to_problem(actor=cast["inspector"], finding=finding)
    with pytest.raises(DomainError, match="请填写"):
        services.finding_add(actor=cast["office"], inspection=inspection, text=" ")
    with pytest.raises(DomainError, match="不能为"):
        services.finding_add(actor=cast["owner_a"], inspection=inspection, text="新发现")


def test_update_keeps_the_org_once_a_finding_is_on_the_list(inspection, cast, county):
    services.inspection_update(
        actor=cast["office"], inspection=inspection, inspectors=[cast["office"]], summary="补充情况"
    )
    assert list(inspection.inspectors.all()) == [cast["office"]]
    services.finding_to_problem(actor=cast["office"], finding=inspection.findings.first())
    with pytest.raises(DomainError, match="不能再更换"):
        services.inspection_update(actor=cast["office"], inspection=inspection, org=county["b"])
    with pytest.raises(DomainError, match="不能修改"):
        services.inspection_update(actor=cast["owner_a"], inspection=inspection, summary="x")


def test_finding_counts_by_visit_date(inspection, cast, campaign, county):
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0), tick=False):
        services.inspection_create(
            actor=cast["office"],
            campaign=campaign,
            org=county["b"],
            type=InspectionType.SOCIAL,
            visited_on=D(2026, 12, 1),
            inspectors=[cast["office"]],
            findings=[("投诉处理不及时", "")],
        )
    assert selectors.inspection_finding_counts(campaign=campaign, start=D(2026, 11, 1), end=D(2026, 11, 30)) == {
        county["a"].pk: 2
    }
    assert selectors.inspection_finding_counts(campaign=campaign, start=D(2026, 11, 1), end=D(2026, 12, 31)) == {
        county["a"].pk: 2,
        county["b"].pk: 1,
    }


def test_inspections_are_scoped(inspection, cast):
    assert list(selectors.inspection_list(cast["head_a"])) == [inspection]
    assert list(selectors.inspection_list(cast["owner_b"])) == []
