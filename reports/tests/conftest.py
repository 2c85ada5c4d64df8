"""A small ledger over three hospitals, made through the services at fixed dates.

On 2026-11-15 (REPORT_DAY):
  甲医院 (sub-plan JYY): 4 measures — closed on time, closed late, open (due 12-31), long-term (open)
  乙医院 (sub-plan YYY): 2 measures — overdue since 10-15 (red), open (due 12-31)
  丙医院 (in the commission's own campaign): 2 measures — closed on time, open (due 12-31)
so the ranking by completion is 丙 (50%, on time 100%), 甲 (50%, on time 50%), 乙 (0%, one red).
"""

import datetime
import io

import pytest
import time_machine
from docx import Document

from conftest import make_person
from ledger import services as ledger_services
from ledger.choices import MeasureKind
from ledger.models import Measure
from ledger.tests.factories import make_measure, make_problem, pdf_file
from organisations import services as org_services
from organisations.choices import OrgType, Role

REPORT_DAY = datetime.date(2026, 11, 15)


def at(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T09:00:00+08:00"), tick=False)


def close(measure: Measure, *, owner, confirmer, verifier, day: str) -> None:
    with at(day):
        measure = Measure.objects.get(pk=measure.pk)
        ledger_services.progress_report(actor=owner, measure=measure, text="已完成整改", percent=100)
        ledger_services.measure_request_closeout(
            actor=owner, measure=measure, self_assessment="达到验收标准", files=[pdf_file()]
        )
        ledger_services.measure_confirm(actor=confirmer, measure=measure)
        ledger_services.measure_verify(actor=verifier, measure=measure)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines.extend(" | ".join(cell.text for cell in row.cells) for row in table.rows)
    return "\n".join(lines)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hospital_c(county):
    org = org_services.org_create(
        actor=None, name="丙医院", code="BYY", type=OrgType.HOSPITAL, parent=county["commission"]
    )
    return {
        "org": org,
        "owner": make_person("owner_c", org, Role.OWNER, name="责任人丙"),
        "head": make_person("head_c", org, Role.HEAD, name="院长丙"),
    }


@pytest.fixture
def ledger(campaign, rolled_out, cast, county, hospital_c):
    jyy, yyy = rolled_out["JYY"], rolled_out["YYY"]
    cats_a = list(jyy.categories.order_by("sort_order"))
    cats_b = list(yyy.categories.order_by("sort_order"))
    deadline = {"deadline": datetime.date(2026, 9, 30)}
    with at("2026-09-10"):
        pa1 = make_problem(
            actor=cast["office_a"],
            campaign=jyy,
            org=county["a"],
            category=cats_a[1],
            description="门诊挂号排队时间长，群众反映强烈",
            root_cause="服务意识淡薄，流程设计以科室为中心",
        )
        pa2 = make_problem(
            actor=cast["office_a"],
            campaign=jyy,
            org=county["dept_a"],
            category=cats_a[0],
            description="政治理论学习以读代学，学习笔记照抄照搬",
            root_cause="对理论学习重要性认识不足",
        )
        ma1 = make_measure(
            actor=cast["office_a"], problem=pa1, owner=cast["owner_a"], content="增设自助挂号机", **deadline
        )
        ma2 = make_measure(
            actor=cast["office_a"], problem=pa1, owner=cast["owner_a"], content="推行分时段预约挂号", **deadline
        )
        make_measure(
            actor=cast["office_a"],
            problem=pa2,
            owner=cast["owner_a"],
            content="改进学习方式，推行领学加研讨",
            deadline=datetime.date(2026, 12, 31),
        )
        make_measure(
            actor=cast["office_a"],
            problem=pa2,
            owner=cast["owner_a"],
            content="建立理论学习考勤和通报制度",
            kind=MeasureKind.LONG_TERM,
        )
        pb1 = make_problem(
            actor=cast["office"],
            campaign=yyy,
            org=county["b"],
            category=cats_b[1],
            description="住院患者满意度调查流于形式",
        )
        make_measure(
            actor=cast["office"],
            problem=pb1,
            owner=cast["owner_b"],
            content="委托第三方开展满意度调查",
            deadline=datetime.date(2026, 10, 15),
        )
        make_measure(
            actor=cast["office"],
            problem=pb1,
            owner=cast["owner_b"],
            content="满意度结果纳入科室绩效",
            deadline=datetime.date(2026, 12, 31),
        )
        pc1 = make_problem(
            actor=cast["office"], campaign=campaign, org=hospital_c["org"], description="药品库存账实不符"
        )
        mc1 = make_measure(
            actor=cast["office"], problem=pc1, owner=hospital_c["owner"], content="全面盘点药库", **deadline
        )
        make_measure(
            actor=cast["office"],
            problem=pc1,
            owner=hospital_c["owner"],
            content="上线药品进销存系统",
            deadline=datetime.date(2026, 12, 31),
        )
    close(ma1, owner=cast["owner_a"], confirmer=cast["head_a"], verifier=cast["supervisor"], day="2026-09-20")
    close(ma2, owner=cast["owner_a"], confirmer=cast["head_a"], verifier=cast["supervisor"], day="2026-10-10")
    close(mc1, owner=hospital_c["owner"], confirmer=hospital_c["head"], verifier=cast["supervisor"], day="2026-09-25")
    return {"pa1": pa1, "pa2": pa2, "pb1": pb1, "pc1": pc1, "cats": cats_a}
