"""The regulation register: made, revised, repealed; files checked by content; links kept in scope."""

import datetime

import pytest

from audit.models import AuditAction, AuditEntry
from common.exceptions import DomainError
from leadership import selectors, services
from leadership.choices import RegulationAction
from leadership.models import Regulation
from ledger.tests.factories import exe_file, pdf_file

DAY = datetime.date(2026, 10, 1)


def make_regulation(actor, campaign, org, **fields):
    fields.setdefault("title", "药品配送管理办法")
    fields.setdefault("action", RegulationAction.MADE)
    fields.setdefault("issued_on", DAY)
    return services.regulation_create(actor=actor, campaign=campaign, org=org, **fields)


def test_made_then_revised_then_repealed(rolled_out, cast, county, led_problem):
    campaign = rolled_out["JYY"]
    made = make_regulation(
        cast["head_a"], campaign, county["a"], doc_number="甲医发〔2026〕3号", problems=[led_problem], file=pdf_file()
    )
    assert made.file_type == "pdf" and list(made.problems.all()) == [led_problem]
    revised = make_regulation(
        cast["office_a"], campaign, county["a"], title="药品配送管理办法（修订）", action="revised", replaces=made
    )
    repealed = make_regulation(cast["leader_a"], campaign, county["a"], action="repealed", replaces=revised)
    assert list(made.replaced_by.all()) == [revised] and repealed.replaces == revised
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, target_type__model="regulation").count() == 3
    assert list(selectors.problem_regulations(cast["owner_a"], led_problem)) == [made]


def test_refusals(rolled_out, cast, county, led_problem, problem_b):
    campaign = rolled_out["JYY"]
    with pytest.raises(DomainError, match="登记制度"):
        make_regulation(cast["owner_a"], campaign, county["a"])
    with pytest.raises(DomainError, match="不是PDF"):
        make_regulation(cast["head_a"], campaign, county["a"], file=exe_file())
    with pytest.raises(DomainError, match="不能关联"):
        make_regulation(cast["office"], campaign, county["a"], problems=[problem_b])
    made = make_regulation(cast["head_a"], campaign, county["a"])
    with pytest.raises(DomainError, match="新制定的制度"):
        make_regulation(cast["head_a"], campaign, county["a"], replaces=made)
    of_b = make_regulation(cast["office"], rolled_out["YYY"], county["b"])
    with pytest.raises(DomainError, match="查看范围"):
        make_regulation(cast["head_a"], campaign, county["a"], action="revised", replaces=of_b)
    with pytest.raises(DomainError, match="本单位"):
        make_regulation(cast["office"], campaign, county["a"], action="revised", replaces=of_b)
    assert Regulation.objects.count() == 2


def test_update_keeps_org_and_relinks(rolled_out, cast, county, led_problem):
    regulation = make_regulation(cast["head_a"], rolled_out["JYY"], county["a"])
    services.regulation_update(
        actor=cast["head_a"], regulation=regulation, summary="统一配送", problems=[led_problem], file=pdf_file()
    )
    regulation.refresh_from_db()
    assert regulation.summary == "统一配送" and regulation.file_name == "整改报告.pdf"
    assert list(regulation.problems.all()) == [led_problem]
    with pytest.raises(DomainError, match="不能修改"):
        services.regulation_update(actor=cast["head_a"], regulation=regulation, org=county["b"])
    with pytest.raises(DomainError, match="登记制度"):
        services.regulation_update(actor=cast["owner_b"], regulation=regulation, title="改")


def test_regulations_of_units_above_are_seen_below(rolled_out, campaign, cast, county):
    county_rule = make_regulation(cast["office"], campaign, county["commission"], title="全县统一的配送办法")
    of_a = make_regulation(cast["head_a"], rolled_out["JYY"], county["a"])
    assert set(selectors.regulation_list(cast["owner_a"])) == {county_rule, of_a}
    assert set(selectors.regulation_list(cast["owner_b"])) == {county_rule}
