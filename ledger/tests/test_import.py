"""Real-world Excel ledgers in: messy files built here, imported, and checked field by field."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from audit.models import AuditEntry
from audit.services import snapshot
from common.exceptions import DomainError
from conftest import PASSWORD, make_person
from jobs.choices import JobStatus
from jobs.models import Job
from ledger import services
from ledger.choices import MeasureKind, MeasureStatus, ProblemSource
from ledger.imports import error_line, ledger_import, ledger_import_plan, parse_deadline
from ledger.models import Measure, Problem, StatusCount
from organisations import services as org_services
from organisations.choices import OrgType, Role

NOW = datetime.datetime(2026, 10, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
D = datetime.date

TITLE = "甲医院巡察反馈问题整改台账"
UNIT_ROW = "填报单位：甲医院（盖章）          填报日期：2026年10月10日"
HEADER = [
    "编号",
    "类别",
    "巡察反馈问题",
    "原因剖析",
    "具体整改措施",
    "完成时限",
    "分管领导",
    "责任科室（单位）",
    "具体责任人",
    "验收标准",
]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(cast, county):
    nursing = org_services.org_create(
        actor=None,
        name="甲医院护理部",
        short_name="护理部",
        code="JYY-HLB",
        type=OrgType.DEPARTMENT,
        parent=county["a"],
    )
    return {
        "nursing": nursing,
        "li": make_person("li", county["dept_a"], Role.OWNER, name="李明"),
        "zhang": make_person("zhang", nursing, Role.OWNER, name="张华"),
        "wang": make_person("wang", county["a"], Role.LEADER, name="王建设"),
        "zhao": make_person("zhao", county["commission"], Role.LEADER, name="赵主任"),
        "chen1": make_person("chen1", county["dept_a"], Role.OWNER, name="陈静"),
        "chen2": make_person("chen2", nursing, Role.OWNER, name="陈静"),
        "other": make_person("other", county["b"], Role.OWNER, name="乙院刘强"),
    }


@pytest.fixture
def hospital(rolled_out, county, people):
    return {"campaign": rolled_out["JYY"], "org": county["a"]}


def xlsx(rows, merges=(), *, title=TITLE, unit_row=UNIT_ROW, header=HEADER, note=True, name="台账.xlsx"):
    """A ledger as units keep them: title and 填报单位 rows, the header, the rows, a 注 row."""
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append([unit_row])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if note:
        sheet.append([])
        sheet.append(["注：1.整改时限请填写具体日期；2.本表由各科室填报。"])
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def run(hospital, cast, upload, **kwargs):
    return ledger_import(
        actor=kwargs.pop("actor", cast["office_a"]),
        campaign=hospital["campaign"],
        org=hospital["org"],
        file=upload,
        file_name=upload.name,
        **kwargs,
    )


# Excel rows 4–8 (the header is row 3): problem 1 merged over two measures, a blank row, problem 2.
# fmt: off
MESSY = [
    ["１", "一、工作作风方面", "门诊挂号排队时间长", "流程设计不合理", "增设自助挂号机", "2026年12月31日", "王建设", "医务科", "李明", "高峰期排队不超过15分钟"],
    [None, None, None, None, "推行分时段预约", "２０２７.３.３１", "赵主任", "护理部", "张华", "预约率达到60%"],
    [],
    ["2", "思想观念", "服务意识不强", "", "开展服务礼仪培训", "立行立改", "", "甲医院医务科", "陈静", ""],
    [None, None, None, None, "建立服务质量考评制度", "长期坚持", "王建设", "医务科", "李明", ""],
]
# fmt: on
MESSY_MERGES = ["A4:A5", "B4:B5", "C4:C5", "D4:D5", "B7:B8", "A7:A8", "C7:C8"]


def test_a_messy_ledger_imports_field_by_field(hospital, cast, people, county):
    plan = run(hospital, cast, xlsx(MESSY, MESSY_MERGES))
    assert plan.counts()["problems_new"] == 2 and plan.counts()["measures_new"] == 4
    campaign = hospital["campaign"]
    first, second = Problem.objects.filter(campaign=campaign).order_by("code")
    assert (first.code, first.external_ref, first.description, first.root_cause) == (
        "2026-PB-JYY-001",
        "1",
        "门诊挂号排队时间长",
        "流程设计不合理",
    )
    assert first.category.name == "工作作风漂浮虚化之“冰”"
    assert second.category.name == "思想观念陈旧僵化之“冰”"
    assert first.source == ProblemSource.INSPECTION  # from the title: 巡察反馈
    assert (first.org, first.created_by) == (county["a"], cast["office_a"])
    one, two = first.measures.order_by("id")
    assert (one.content, one.kind, one.deadline, one.due_on) == (
        "增设自助挂号机",
        MeasureKind.DEADLINE,
        D(2026, 12, 31),
        D(2026, 12, 31),
    )
    assert (one.leader, one.department, one.owner) == (people["wang"], county["dept_a"], people["li"])
    assert one.acceptance_standard == "高峰期排队不超过15分钟"
    assert (one.status, one.org, one.campaign, one.created_by) == (
        MeasureStatus.NOT_STARTED,
        county["a"],
        campaign,
        cast["office_a"],
    )
    assert one.report_due_on == D(2026, 11, 15) and one.yellow_from is not None
    assert (two.deadline, two.leader, two.department, two.owner) == (
        D(2027, 3, 31),
        people["zhao"],  # a leader may sit above the unit
        people["nursing"],
        people["zhang"],
    )
    three, four = second.measures.order_by("id")
    # 立行立改 without a date: one month from today, as measure_create does; 陈静 is told apart by 医务科.
    assert (three.kind, three.deadline, three.owner) == (MeasureKind.IMMEDIATE, D(2026, 11, 15), people["chen1"])
    assert (four.kind, four.deadline, four.due_on) == (MeasureKind.LONG_TERM, None, None)
    counts = StatusCount.objects.get(campaign=campaign, org=county["a"], status=MeasureStatus.NOT_STARTED)
    assert counts.count == 4
    assert AuditEntry.objects.filter(remark="导入台账“台账.xlsx”").count() == 6
    # Written in bulk, the entries are those audit_create writes.
    entry = AuditEntry.objects.get(target_type=ContentType.objects.get_for_model(Measure), target_id=str(one.pk))
    assert (entry.action, entry.actor, entry.org_path, entry.target_repr, entry.before) == (
        "create",
        cast["office_a"],
        county["a"].path,
        str(one),
        None,
    )
    assert entry.after == snapshot(one) and entry.at == NOW
    campaign.refresh_from_db()
    assert campaign.problem_seq == 2


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026年12月31日", (D(2026, 12, 31), None)),
        ("2026.12.31", (D(2026, 12, 31), None)),
        ("2026-12-31", (D(2026, 12, 31), None)),
        ("2026/12/31", (D(2026, 12, 31), None)),
        ("２０２６年１２月３１日", (D(2026, 12, 31), None)),
        ("2026-12", (D(2026, 12, 31), None)),
        ("2027年1月", (D(2027, 1, 31), None)),
        ("2027年2月底", (D(2027, 2, 28), None)),
        ("2026年底", (D(2026, 12, 31), None)),
        ("2026年12月31日前", (D(2026, 12, 31), None)),
        ("2026年12月底前", (D(2026, 12, 31), None)),
        ("2027年上半年", (D(2027, 6, 30), None)),
        ("2027年第一季度", (D(2027, 3, 31), None)),
        (" 2026年 11月 30日之前 ", (D(2026, 11, 30), None)),
        (46387, (D(2026, 12, 31), None)),
        (46387.0, (D(2026, 12, 31), None)),
        (20261231, (D(2026, 12, 31), None)),
        (D(2026, 12, 31), (D(2026, 12, 31), None)),
        (datetime.datetime(2026, 12, 31, 0, 0), (D(2026, 12, 31), None)),
        ("立行立改", (None, MeasureKind.IMMEDIATE)),
        ("立行立改（2026年11月底前）", (D(2026, 11, 30), MeasureKind.IMMEDIATE)),
        ("长期坚持", (None, MeasureKind.LONG_TERM)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_every_deadline_form(cell, expected):
    assert parse_deadline(cell) == expected


@pytest.mark.parametrize(
    "cell", ["2027年13月45日", "2026.2.30", "下个月", "尽快", 12.5, "2026年12月31日、2027年6月30日"]
)
def test_an_unreadable_deadline_says_so(cell):
    with pytest.raises(ValueError, match="无法识别的日期"):
        parse_deadline(cell)


def test_deadline_forms_in_cells_end_to_end(hospital, cast):
    rows = [
        [str(n), "", f"问题{n}", "", f"措施{n}", cell, "", "", "", ""]
        for n, cell in enumerate(
            [D(2026, 12, 31), 46387, "２０２６年１２月３１日", "2026-12", "2027年1月", "2026年底", "2026年12月31日前"],
            start=1,
        )
    ]
    rows[1][2] = "说明：候诊区指示不清"  # data, not the 注/说明 line that ends the table
    run(hospital, cast, xlsx(rows))
    deadlines = list(Measure.objects.order_by("problem__external_ref").values_list("problem__external_ref", "deadline"))
    assert deadlines == [
        ("1", D(2026, 12, 31)),
        ("2", D(2026, 12, 31)),
        ("3", D(2026, 12, 31)),
        ("4", D(2026, 12, 31)),
        ("5", D(2027, 1, 31)),
        ("6", D(2026, 12, 31)),
        ("7", D(2026, 12, 31)),
    ]


def test_a_file_with_bad_rows_imports_nothing_and_lists_each(hospital, cast):
    rows = [
        ["1", "", "问题一", "", "措施一", "2026年12月31日", "", "医务科", "李明", ""],
        ["2", "", "问题二", "", "措施二", "2027年13月45日", "", "", "", ""],
        ["3", "", "问题三", "", "措施三", "2026年12月31日", "", "", "查无此人", ""],
        ["4", "", "问题四", "", "措施四", "2026年12月31日", "", "", "陈静", ""],
        ["5", "", "问题五", "", "措施五", "2026年12月31日", "", "宣传科", "", ""],
        ["6", "", "问题六", "", "措施六", "2026年9月30日", "", "", "", ""],
        ["7", "", "问题七", "", "", "2026年12月31日", "", "", "", ""],
        ["8", "", "问题八", "", "措施八", "2026年12月31日", "", "", "乙院刘强", ""],
        ["9", "不存在的类别", "问题九", "", "措施九", "2026年12月31日", "", "", "", ""],
        ["1", "", "问题十", "", "措施十", "2026年12月31日", "", "", "", ""],
        ["11", "", "问题十一", "", "措施十一", "", "", "", "", ""],
    ]
    with pytest.raises(DomainError) as refused:
        run(hospital, cast, xlsx(rows))
    assert "有 10 处错误" in refused.value.message and "未导入任何数据" in refused.value.message
    errors = [(e["row"], e["column"], e["message"]) for e in refused.value.errors]
    assert errors[:2] == [
        (13, "编号", "序号“1”与第4行重复"),
        (5, "完成时限", "无法识别的日期“2027年13月45日”"),
    ]
    assert (
        6,
        "具体责任人",
        "在“甲医院”及其下级单位中找不到人员“查无此人”，请核对姓名，或先在系统中添加该人员",
    ) in errors
    assert (7, "具体责任人", "“陈静”有2人同名，无法确定是哪一位，请在系统中核对后再导入") in errors
    assert (8, "责任科室（单位）", "在“甲医院”及其下级单位中找不到“宣传科”，请核对名称或简称") in errors
    assert (9, "完成时限", "整改时限2026年9月30日早于今天") in errors
    assert (10, "具体整改措施", "请填写整改措施（其他列已填写）") in errors
    assert (
        11,
        "具体责任人",
        "在“甲医院”及其下级单位中找不到人员“乙院刘强”，请核对姓名，或先在系统中添加该人员",
    ) in errors
    assert any(row == 12 and column == "类别" and "本活动没有问题类别“不存在的类别”" in m for row, column, m in errors)
    assert (14, "完成时限", "请填写整改时限") in errors
    assert error_line(refused.value.errors[1]) == "第5行“完成时限”：无法识别的日期“2027年13月45日”"
    assert not Problem.objects.exists() and not Measure.objects.exists()


def test_reimport_changes_nothing_and_a_changed_row_updates(hospital, cast, people):
    run(hospital, cast, xlsx(MESSY, MESSY_MERGES))
    audit_before = AuditEntry.objects.count()
    again = run(hospital, cast, xlsx(MESSY, MESSY_MERGES))
    assert again.counts() == {
        "problems_new": 0,
        "problems_update": 0,
        "problems_same": 2,
        "measures_new": 0,
        "measures_update": 0,
        "measures_same": 4,
        "measures_locked": 0,
    }
    assert (Problem.objects.count(), Measure.objects.count(), AuditEntry.objects.count()) == (2, 4, audit_before)

    started = Measure.objects.get(content="开展服务礼仪培训")
    services.measure_start(actor=cast["office_a"], measure=started)
    changed = [list(row) for row in MESSY]
    changed[0][2] = "门诊挂号排队时间过长"  # the problem's description
    changed[1][5] = "2027年4月30日"  # a measure not started: its deadline moves
    changed[1][8] = "李明"
    changed[3][5] = "2026年12月31日"  # a started measure: listed, not applied
    changed.append([None, None, None, None, "建立服务回访制度", "2027年5月", "", "", "", ""])  # under problem 2
    changed.append(["3", "", "新发现的问题", "", "新措施", "2027-06", "", "", "", ""])
    plan = run(hospital, cast, xlsx(changed, MESSY_MERGES))
    counts = plan.counts()
    assert (
        counts["problems_new"],
        counts["problems_update"],
        counts["measures_new"],
        counts["measures_update"],
        counts["measures_locked"],
    ) == (1, 1, 2, 1, 1)
    assert Problem.objects.filter(description="门诊挂号排队时间过长", external_ref="1").exists()
    moved = Measure.objects.get(content="推行分时段预约")
    assert (moved.deadline, moved.due_on, moved.owner) == (D(2027, 4, 30), D(2027, 4, 30), people["li"])
    started.refresh_from_db()
    assert started.deadline == D(2026, 11, 15)
    note = next(note for note in plan.notes if note["column"] == "完成时限")
    assert note["row"] == 7 and "措施已整改中，未更新" in note["message"] and "延期申请" in note["message"]
    assert Problem.objects.count() == 3 and Measure.objects.count() == 6
    assert Measure.objects.get(content="建立服务回访制度").problem.description == "服务意识不强"
    status = StatusCount.objects.get(campaign=hospital["campaign"], status=MeasureStatus.NOT_STARTED)
    assert status.count == 5  # six measures, one of them started

    # A shorter file leaves the measures it no longer lists alone, and says so.
    plan = run(hospital, cast, xlsx([MESSY[0]]))
    assert plan.counts()["measures_same"] == 1 and "多出的措施保持不变" in plan.notes[0]["message"]
    assert Measure.objects.count() == 6


def test_sections_restarting_their_numbers_name_the_category(hospital, cast):
    rows = [
        ["一、工作作风方面"] * 10,
        ["1", "", "问题甲", "", "措施甲", "2026年底", "", "", "", ""],
        ["2", "", "问题乙", "", "措施乙", "2026年底", "", "", "", ""],
        ["二、服务意识方面"] * 10,
        ["1", "", "问题丙", "", "措施丙", "2026年底", "", "", "", ""],
    ]
    run(hospital, cast, xlsx(rows, ["A4:J4", "A7:J7"]))
    problems = {p.description: p for p in Problem.objects.select_related("category")}
    assert problems["问题甲"].external_ref == "一-1" and problems["问题丙"].external_ref == "二-1"
    assert problems["问题乙"].category.name == "工作作风漂浮虚化之“冰”"
    assert problems["问题丙"].category.name == "服务意识被动淡化之“冰”"
    again = run(hospital, cast, xlsx(rows, ["A4:J4", "A7:J7"]))
    assert again.counts()["problems_same"] == 3


def test_a_column_the_reader_missed_can_be_mapped_by_hand(hospital, cast):
    header = ["序号", "存在问题", "工作举措", "时限要求", "牵头部门", "责任人", "备注"]
    rows = [["1", "问题", "措施", "2026年12月31日", "医务科", "李明", "无"]]
    upload = xlsx(rows, header=header)
    plan = ledger_import_plan(
        actor=cast["office_a"], campaign=hospital["campaign"], org=hospital["org"], file=upload, file_name="x.xlsx"
    )
    assert [(c.letter, c.header, c.field) for c in plan.columns] == [
        ("A", "序号", "ref"),
        ("B", "存在问题", "description"),
        ("C", "工作举措", ""),
        ("D", "时限要求", "deadline"),
        ("E", "牵头部门", "department"),
        ("F", "责任人", "owner"),
        ("G", "备注", ""),
    ]
    assert plan.problems[0].measures and plan.error_count == 1  # 措施 is missing while 时限 is there
    twice = ledger_import_plan(
        actor=cast["office_a"],
        campaign=hospital["campaign"],
        org=hospital["org"],
        file=upload,
        file_name="x.xlsx",
        mapping={"2": "deadline"},
    )
    assert twice.columns and twice.errors == [
        {"row": None, "column": "", "message": "“整改时限”被指定给了多列（C、D列），每个字段只能对应一列。"}
    ]
    plan = run(hospital, cast, upload, mapping={"2": "content"})
    assert Measure.objects.get().content == "措施"


def test_an_xls_file_imports_too(hospital, cast, people):
    xlwt = pytest.importorskip("xlwt", reason="xlwt (requirements-dev.txt) writes the .xls test file")
    book = xlwt.Workbook()
    sheet = book.add_sheet("台账")
    sheet.write_merge(0, 0, 0, 5, "甲医院问题整改台账")
    sheet.write(1, 0, "填报单位：甲医院")
    for c, text in enumerate(["序号", "存在问题", "整改措施", "整改时限", "责任科室", "责任人"]):
        sheet.write(2, c, text)
    sheet.write_merge(3, 4, 0, 0, "1")
    sheet.write_merge(3, 4, 1, 1, "病历书写不规范")
    sheet.write(3, 2, "开展病历质控")
    sheet.write(3, 3, D(2026, 12, 31), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    sheet.write(3, 4, "医务科")
    sheet.write(3, 5, "李明")
    sheet.write(4, 2, "纳入绩效考核")
    sheet.write(4, 3, "2027年3月")
    buffer = io.BytesIO()
    book.save(buffer)
    run(hospital, cast, SimpleUploadedFile("台账.xls", buffer.getvalue()))
    problem = Problem.objects.get()
    assert problem.description == "病历书写不规范" and problem.source == ProblemSource.SELF
    assert list(problem.measures.order_by("id").values_list("content", "deadline")) == [
        ("开展病历质控", D(2026, 12, 31)),
        ("纳入绩效考核", D(2027, 3, 31)),
    ]


def test_a_file_that_is_not_excel_is_refused_clearly(hospital, cast):
    with pytest.raises(DomainError, match="不是 Excel 表格"):
        run(hospital, cast, SimpleUploadedFile("台账.xlsx", "序号,问题描述\n1,问题\n".encode()))
    with pytest.raises(DomainError, match="没有找到表头"):
        run(hospital, cast, xlsx([], header=["甲", "乙"], title="随便什么表"))


def test_only_the_office_of_the_unit_or_above_may_import(hospital, cast, rolled_out, county):
    for who in ("owner_b", "owner_a", "head_a", "supervisor"):
        with pytest.raises(DomainError, match="活动办公室"):
            run(hospital, cast, xlsx(MESSY, MESSY_MERGES), actor=cast[who])
    with pytest.raises(DomainError, match="不是活动"):
        ledger_import(
            actor=cast["office"],
            campaign=rolled_out["YYY"],
            org=county["a"],
            file=xlsx(MESSY),
            file_name="x.xlsx",
        )
    run(hospital, cast, xlsx(MESSY, MESSY_MERGES), actor=cast["office"])
    assert Problem.objects.count() == 2


# --- the command -------------------------------------------------------------------------------


def _saved(tmp_path, upload) -> str:
    path = tmp_path / upload.name
    path.write_bytes(upload.read())
    return str(path)


def test_the_command_imports_dry_runs_and_refuses(hospital, cast, tmp_path, capsys):
    path = _saved(tmp_path, xlsx(MESSY, MESSY_MERGES))
    call_command("import_ledger", path, campaign="2026-PB-JYY", org="JYY", dry_run=True, as_user="office_a")
    assert "试运行" in capsys.readouterr().out and not Problem.objects.exists()
    call_command("import_ledger", path, campaign="2026-PB-JYY", org="JYY")  # the office of 甲医院 or above
    assert "新增问题 2 个、整改措施 4 条" in capsys.readouterr().out
    assert Problem.objects.count() == 2

    with pytest.raises(CommandError, match="活动办公室"):
        call_command("import_ledger", path, campaign="2026-PB-JYY", org="JYY", as_user="owner_b")

    bad = _saved(tmp_path, xlsx([["1", "", "问题", "", "措施", "2027年13月45日", "", "", "", ""]], name="bad.xlsx"))
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_ledger", bad, campaign="2026-PB-JYY", org="JYY")
    assert "第4行“完成时限”：无法识别的日期“2027年13月45日”" in capsys.readouterr().err


# --- the pages ---------------------------------------------------------------------------------


def test_upload_preview_correct_the_mapping_confirm_and_the_job_is_done(
    client, hospital, cast, settings, django_capture_on_commit_callbacks
):
    assert client.login(username="office_a", password=PASSWORD)
    campaign = hospital["campaign"]
    ledger_page = client.get(reverse("ledger:measure-list")).content.decode()
    assert reverse("ledger:import-create") in ledger_page and "导入台账" in ledger_page
    form = client.get(reverse("ledger:import-create"), {"campaign": campaign.pk})
    assert form.status_code == 200

    header = [*HEADER[:9], "整改目标"]
    header[4] = "工作举措"  # not a word the reader knows
    response = client.post(
        reverse("ledger:import-create"),
        {"campaign": campaign.pk, "org": "", "source": "", "file": xlsx(MESSY, MESSY_MERGES, header=header)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="map_4"' in page and "工作举措" in page
    assert "门诊挂号排队时间长" in page and "2026年12月31日" in page
    assert "确认导入" not in page  # the deadline column has values while 整改措施 has none: errors
    token = response.context["token"]

    mapping = {f"map_{c.index}": c.field for c in response.context["plan"].columns}
    mapping["map_4"] = "content"
    response = client.post(reverse("ledger:import-preview"), {"token": token, "action": "preview", **mapping})
    page = response.content.decode()
    assert response.status_code == 200 and "确认导入" in page and "增设自助挂号机" in page
    assert not Problem.objects.exists()

    # What is confirmed is what was last previewed: the new token carries the corrected mapping.
    token = response.context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ledger:import-preview"), {"token": token, "action": "confirm"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:job-detail", args=[job.pk])
    assert (job.status, job.params["mapping"]["4"]) == (JobStatus.DONE, "content")
    assert "新增问题 2 个、整改措施 4 条" in client.get(response["Location"]).content.decode()
    assert Measure.objects.filter(campaign=campaign, content="增设自助挂号机").exists()
    # A confirmed preview is spent; nobody else's token is accepted either.
    assert client.post(reverse("ledger:import-preview"), {"token": token, "action": "confirm"}).status_code == 403
    client.logout()
    assert client.login(username="office", password=PASSWORD)
    assert client.post(reverse("ledger:import-preview"), {"token": token, "action": "preview"}).status_code == 403
    assert Job.objects.count() == 1


def test_a_rejected_file_lists_its_errors_on_the_job_page(client, hospital, cast, django_capture_on_commit_callbacks):
    from jobs.services import job_start

    bad = xlsx([["1", "", "问题", "", "措施", "2027年13月45日", "", "", "", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            actor=cast["office_a"],
            kind="import_ledger",
            params={"campaign": hospital["campaign"].pk, "org": hospital["org"].pk},
            upload=bad,
        )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.errors == [
        {"row": 4, "column": "完成时限", "message": "无法识别的日期“2027年13月45日”"}
    ]
    assert client.login(username="office_a", password=PASSWORD)
    page = client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert "未导入任何数据" in page and "无法识别的日期“2027年13月45日”" in page


def test_people_who_are_not_the_office_cannot_import_through_the_pages(client, hospital, cast, rolled_out):
    assert client.login(username="owner_b", password=PASSWORD)
    assert "导入台账" not in client.get(reverse("ledger:measure-list")).content.decode()
    assert client.get(reverse("ledger:import-create")).status_code == 403
    client.logout()
    assert client.login(username="office_a", password=PASSWORD)
    response = client.post(
        reverse("ledger:import-create"),
        {"campaign": rolled_out["YYY"].pk, "org": "", "source": "", "file": xlsx(MESSY, MESSY_MERGES)},
    )
    assert response.status_code == 200 and "token" not in response.context
    assert not Problem.objects.exists()


def test_a_concurrent_import_of_the_same_ledger_saves_nothing(hospital, cast, monkeypatch):
    from ledger.imports import saving

    def plan_then_someone_else_saves(**kwargs):
        plan = ledger_import_plan(**kwargs)
        monkeypatch.setattr(saving, "ledger_import_plan", ledger_import_plan)
        run(hospital, cast, xlsx(MESSY, MESSY_MERGES, name="另一人.xlsx"))
        return plan

    monkeypatch.setattr(saving, "ledger_import_plan", plan_then_someone_else_saves)
    with pytest.raises(DomainError, match="可能有人同时导入了同一台账"):
        run(hospital, cast, xlsx(MESSY, MESSY_MERGES))
    assert Problem.objects.count() == 2 and Measure.objects.count() == 4
