"""The ledger as Excel, read back with openpyxl: layout, merged problem cells, lights, drop-down,
text that looks like a formula, scope, the command and the ledger page's button through the job."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from common.dates import today
from conftest import PASSWORD
from jobs.choices import JobStatus
from jobs.models import Job
from ledger import selectors, services
from ledger.choices import MeasureKind
from ledger.exports import COLUMNS, FIRST_DATA_ROW, LIGHT_FILLS, ledger_export_xlsx
from ledger.models import Measure
from ledger.tests.factories import make_measure, make_problem

FORMULA = '=HYPERLINK("http://example.invalid/x","点我")'
COL = {column.title: index + 1 for index, column in enumerate(COLUMNS)}  # 1-based, as openpyxl counts
FIRST = FIRST_DATA_ROW + 1


@pytest.fixture
def ledger(rolled_out, cast, county):
    """Hospital A: a problem with three measures (red, yellow, green), one with a single long-term
    measure whose texts look like formulas; hospital B: one problem with two measures."""
    day = today()
    first = make_problem(actor=cast["office_a"], campaign=rolled_out["JYY"], org=county["a"], root_cause="制度不健全")
    red, yellow, green = (
        make_measure(actor=cast["office_a"], problem=first, owner=cast["owner_a"], content=f"措施{n}") for n in range(3)
    )
    Measure.objects.filter(pk=red.pk).update(
        deadline=day - datetime.timedelta(days=3), due_on=day - datetime.timedelta(days=1)
    )
    Measure.objects.filter(pk=yellow.pk).update(yellow_from=day - datetime.timedelta(days=1))
    Measure.objects.filter(pk=green.pk).update(yellow_from=day + datetime.timedelta(days=10))
    second = make_problem(actor=cast["office_a"], campaign=rolled_out["JYY"], org=county["a"], description=FORMULA)
    tricky = make_measure(
        actor=cast["office_a"], problem=second, kind=MeasureKind.LONG_TERM, content="+1+2", leader=cast["leader_a"]
    )
    services.progress_report(actor=cast["office_a"], measure=tricky, text="@SUM(A1:A9)", percent=40)
    third = make_problem(actor=cast["office"], campaign=rolled_out["YYY"], org=county["b"], description="乙医院的问题")
    for n in range(2):
        make_measure(actor=cast["office"], problem=third, owner=cast["owner_b"], content=f"乙措施{n}")
    return {"first": first, "second": second, "third": third, "red": red, "yellow": yellow, "green": green}


def read(data):
    return load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data).active


def export(measures, **options) -> tuple[int, object]:
    out = io.BytesIO()
    count = ledger_export_xlsx(measures, out, **options)
    out.seek(0)
    return count, read(out)


def data_rows(sheet):
    return list(sheet.iter_rows(min_row=FIRST, values_only=True))


def test_layout_title_frozen_header_widths_and_rows(ledger):
    count, sheet = export(Measure.objects.all(), unit="测试县卫健委")
    assert count == 6 == len(data_rows(sheet))
    assert sheet["A1"].value == "思想破冰大研讨整改台账"
    assert "A1:R1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "填报单位：测试县卫健委"
    assert f"导出日期：{today().year}年" in "".join(cell.value or "" for cell in sheet[2])
    assert sheet.freeze_panes == f"A{FIRST}"
    assert [cell.value for cell in sheet[FIRST_DATA_ROW]] == [column.title for column in COLUMNS]
    for letter in ("A", "D", "H", "R"):
        assert sheet.column_dimensions[letter].width > 5, letter
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["A"].width
    assert sheet.cell(FIRST, COL["问题描述"]).alignment.wrap_text
    first = data_rows(sheet)[0]
    assert first[COL["问题编号"] - 1] == ledger["first"].code
    assert first[COL["原因剖析"] - 1] == "制度不健全"
    assert first[COL["整改类型"] - 1] == "限期整改"
    assert first[COL["责任人"] - 1] == "owner_a"
    assert first[COL["状态"] - 1] == "未启动"
    assert first[COL["最近进展"] - 1] is None and first[COL["责任科室"] - 1] is None  # blank, not ""


def test_problem_cells_are_merged_over_their_measures(ledger):
    _, sheet = export(Measure.objects.all())
    ranges = [r for r in sheet.merged_cells.ranges if r.min_row >= FIRST]
    # Each problem with k > 1 measures has one merged range per problem column, k rows high.
    heights = Counter((r.min_col, r.max_row - r.min_row + 1) for r in ranges)
    merged_columns = [index + 1 for index, column in enumerate(COLUMNS) if column.merged]
    expected = Counter()
    per_problem = Counter(Measure.objects.values_list("problem_id", flat=True))
    for col in merged_columns:
        for n in per_problem.values():
            if n > 1:
                expected[(col, n)] += 1
    assert heights == expected
    assert all(r.min_col == r.max_col for r in ranges)
    # The value sits in the first cell; the serial number counts problems, not measures.
    numbers = [row[0] for row in data_rows(sheet)]
    assert numbers == [1, None, None, 2, 3, None]


def test_lights_are_cell_fills(ledger):
    _, sheet = export(Measure.objects.all())
    lights = {row[COL["整改措施"] - 1]: (row[COL["灯"] - 1]) for row in data_rows(sheet)}
    assert (lights["措施0"], lights["措施1"], lights["措施2"]) == ("红灯", "黄灯", "绿灯")
    fills = {}
    for row in sheet.iter_rows(min_row=FIRST):
        fills[row[COL["整改措施"] - 1].value] = row[COL["灯"] - 1].fill.fgColor.rgb
    assert fills["措施0"] == "FF" + LIGHT_FILLS["red"].lstrip("#")
    assert fills["措施1"] == "FF" + LIGHT_FILLS["yellow"].lstrip("#")
    assert fills["措施2"] == "FF" + LIGHT_FILLS["green"].lstrip("#")


def test_status_has_a_drop_down_of_the_labels(ledger):
    _, sheet = export(Measure.objects.all())
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert "未启动" in validation.formula1 and "已销号" in validation.formula1
    letter = get_column_letter(COL["状态"])
    assert str(validation.sqref) == f"{letter}{FIRST}:{letter}{FIRST + 5}"


def test_text_that_looks_like_a_formula_stays_text(ledger):
    _, sheet = export(Measure.objects.all())
    row = next(r for r in sheet.iter_rows(min_row=FIRST) if r[COL["问题编号"] - 1].value == ledger["second"].code)
    description = row[COL["问题描述"] - 1]
    assert description.data_type == "s" and description.value == FORMULA
    assert row[COL["整改措施"] - 1].data_type == "s" and row[COL["整改措施"] - 1].value == "+1+2"
    latest = row[COL["最近进展"] - 1].value
    assert latest.endswith("：@SUM(A1:A9)") and row[COL["最近进展"] - 1].data_type == "s"
    assert row[COL["整改时限"] - 1].value == "长期"
    assert row[COL["责任领导"] - 1].value == "leader_a"
    assert row[COL["完成进度"] - 1].value == 0.4


def test_an_owner_of_another_unit_exports_none_of_hospital_a(ledger, cast):
    measures = selectors.ledger_measures(cast["owner_b"], {}, today())
    count, sheet = export(measures)
    codes = {row[COL["问题编号"] - 1] for row in data_rows(sheet)} - {None}
    assert count == 2 and codes == {ledger["third"].code}


def test_an_empty_export_is_a_valid_file(db):
    count, sheet = export(Measure.objects.none())
    assert count == 0 and sheet["A1"].value == "整改台账" and not sheet.data_validations.dataValidation


def test_the_command_exports_a_campaign_and_its_sub_plans(ledger, campaign, tmp_path, capsys):
    out = tmp_path / "台账.xlsx"
    call_command("export_ledger", "--campaign", campaign.code, "-o", str(out))
    assert "已导出 6 条整改措施" in capsys.readouterr().out
    sheet = read(out)
    assert len(data_rows(sheet)) == 6 and sheet["A1"].value == "思想破冰大研讨整改台账"
    call_command("export_ledger", "--campaign", campaign.code, "--org", "yyy", "-o", str(out))
    sheet = read(out)
    assert {row[COL["问题编号"] - 1] for row in data_rows(sheet)} - {None} == {ledger["third"].code}
    assert sheet["A2"].value == "填报单位：乙医院"
    with pytest.raises(CommandError):
        call_command("export_ledger", "--campaign", "NOPE", "-o", str(out))


def test_the_ledger_page_button_exports_its_filters_through_a_job(
    client, ledger, cast, county, django_capture_on_commit_callbacks
):
    assert client.login(username="office", password=PASSWORD)
    page = client.get(reverse("ledger:measure-list"), {"org": county["a"].pk}).content.decode()
    assert f'action="{reverse("ledger:measure-export")}?org={county["a"].pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{reverse('ledger:measure-export')}?org={county['a'].pk}&q=措施&after=x")
    job = Job.objects.get()
    assert response.url == reverse("jobs:job-detail", args=[job.pk])
    assert job.params == {"org": str(county["a"].pk), "q": "措施"}
    assert job.status == JobStatus.DONE and job.message == "已导出3条整改措施。"
    detail = client.get(response.url).content.decode()
    assert "已导出3条整改措施" in detail and reverse("jobs:job-download", args=[job.pk]) in detail
    download = client.get(reverse("jobs:job-download", args=[job.pk]))
    sheet = read(b"".join(download.streaming_content))
    assert {row[COL["整改措施"] - 1] for row in data_rows(sheet)} == {"措施0", "措施1", "措施2"}
    assert sheet["A2"].value == "填报单位：甲医院"


def test_the_export_job_checks_the_filters_against_the_persons_scope(
    client, ledger, cast, county, django_capture_on_commit_callbacks
):
    """A filter for an org outside the person's scope (a hand-made URL) exports nothing."""
    assert client.login(username="owner_b", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{reverse('ledger:measure-export')}?org={county['a'].pk}")
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "未导出" in job.message and not job.output_file
    assert job.errors[0]["column"] == "单位（含下级）"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledger:measure-export"))
    job = Job.objects.first()
    sheet = read(job.output_file.open("rb"))
    assert {row[COL["问题编号"] - 1] for row in data_rows(sheet)} - {None} == {ledger["third"].code}


def test_export_needs_a_post_and_a_login(client):
    assert client.get(reverse("ledger:measure-export")).status_code == 302  # to the login page
