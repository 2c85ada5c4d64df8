"""Bulk progress by Excel: download the sheet, fill it in, upload it; all rows or none are reported."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PASSWORD
from jobs.choices import JobStatus
from jobs.models import Job
from ledger import selectors, services
from ledger.choices import MeasureStatus
from ledger.models import Measure, Progress
from ledger.progress_sheets import HEADERS, parse_percent
from ledger.tests.factories import make_measure, make_problem, pdf_file

COL = {title: index + 1 for index, title in enumerate(HEADERS)}
FIRST = 3  # row 1: instructions, row 2: header


@pytest.fixture
def measures(problem, measure, cast, county, rolled_out):
    """owner_a's three open measures in hospital A, and one of owner_b in hospital B."""
    more = [make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"]) for _ in range(2)]
    other = make_problem(actor=cast["office"], campaign=rolled_out["YYY"], org=county["b"])
    b = make_measure(actor=cast["office"], problem=other, owner=cast["owner_b"])
    return {"a": [measure, *more], "b": b}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def download(client):
    response = client.get(reverse("ledger:progress-sheet-download"))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def fill(workbook, values: dict[int, tuple]) -> SimpleUploadedFile:
    """Fill (text, percent) into the rows of these measure ids; return the sheet as an upload."""
    sheet = workbook.active
    for row in range(FIRST, sheet.max_row + 1):
        pk = sheet.cell(row, COL["措施编号"]).value
        if pk in values:
            text, percent = values[pk]
            sheet.cell(row, COL["整改进展"]).value = text
            sheet.cell(row, COL["完成百分比"]).value = percent
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("进展报送表.xlsx", out.getvalue())


def upload(client, file, capture):
    with capture(execute=True):
        response = client.post(reverse("ledger:progress-sheet"), {"file": file})
    return response


def test_the_sheet_lists_what_the_person_reports_on(client, measures, cast):
    measure = measures["a"][0]
    services.progress_report(actor=cast["owner_a"], measure=measure, text="进展", percent=10, files=[pdf_file()])
    services.measure_request_closeout(actor=cast["owner_a"], measure=measure, self_assessment="已完成")
    login(client, cast["owner_a"])
    page = client.get(reverse("ledger:progress-sheet")).content.decode()
    assert "共 2 条待报送进展的措施" in page
    sheet = download(client).active
    assert [cell.value for cell in sheet[2]] == list(HEADERS)
    ids = [sheet.cell(row, 1).value for row in range(FIRST, sheet.max_row + 1)]
    assert ids == [m.pk for m in measures["a"][1:]]  # the one awaiting review needs no report
    assert sheet.column_dimensions["A"].hidden and sheet.protection.sheet
    assert sheet.cell(FIRST, COL["问题编号"]).value == measure.problem.code
    assert sheet.cell(FIRST, COL["当前进度"]).value == "0%"
    client.logout()
    login(client, cast["owner_b"])
    sheet = download(client).active
    assert [sheet.cell(row, 1).value for row in range(FIRST, sheet.max_row + 1)] == [measures["b"].pk]


def test_the_office_gets_its_units_measures(measures, cast):
    ids = set(selectors.measure_reportable_list(cast["office"]).values_list("id", flat=True))
    assert ids == {m.pk for m in [*measures["a"], measures["b"]]}
    assert not selectors.measure_reportable_list(cast["supervisor"]).exists()
    assert set(selectors.measure_reportable_list(cast["office_a"]).values_list("id", flat=True)) == {
        m.pk for m in measures["a"]
    }


def test_a_good_sheet_reports_every_filled_row(client, measures, cast, django_capture_on_commit_callbacks):
    first, second, third = measures["a"]
    login(client, cast["owner_a"])
    file = fill(download(client), {first.pk: ("已安装自助机2台", 30), second.pk: ("方案已制定", "８０％")})
    response = upload(client, file, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert response.url == reverse("jobs:job-detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.message == "已报送2条进展。"
    assert "已报送2条进展" in client.get(response.url).content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (first.percent, second.percent, third.percent) == (30, 80, 0)
    assert first.status == MeasureStatus.IN_PROGRESS and third.status == MeasureStatus.NOT_STARTED
    assert list(Progress.objects.filter(measure=first).values_list("text", "percent")) == [("已安装自助机2台", 30)]
    assert first.events.filter(to_status=MeasureStatus.IN_PROGRESS).exists()  # through the service


def test_one_bad_row_saves_nothing_and_lists_the_errors(client, measures, cast, django_capture_on_commit_callbacks):
    first, second, third = measures["a"]
    login(client, cast["owner_a"])
    file = fill(download(client), {first.pk: ("好的一行", 50), second.pk: ("坏的一行", 120), third.pk: ("", 20)})
    upload(client, file, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "未报送任何进展" in job.message
    assert not Progress.objects.exists()
    assert Measure.objects.get(pk=first.pk).percent == 0
    assert [(e["row"], e["column"]) for e in job.errors] == [(FIRST + 1, "完成百分比"), (FIRST + 2, "整改进展")]
    assert "120 超出范围" in job.errors[0]["message"]
    page = client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert "完成百分比" in page and "120 超出范围" in page and "须同时填写整改进展" in page


def test_text_without_a_percent_is_an_error(client, measures, cast, django_capture_on_commit_callbacks):
    login(client, cast["owner_a"])
    upload(
        client, fill(download(client), {measures["a"][0].pk: ("只写了进展", None)}), django_capture_on_commit_callbacks
    )
    job = Job.objects.get()
    assert job.errors == [{"row": FIRST, "column": "完成百分比", "message": "填写了整改进展，须同时填写完成百分比。"}]


def test_measures_out_of_scope_are_refused(client, measures, cast, django_capture_on_commit_callbacks):
    login(client, cast["owner_a"])
    workbook = download(client)
    sheet = workbook.active
    sheet.cell(FIRST, 1).value = measures["b"].pk  # hospital B's measure, out of owner_a's scope
    sheet.cell(FIRST, COL["问题编号"]).value = None
    sheet.cell(FIRST + 1, 1).value = 999999
    file = fill(workbook, {measures["b"].pk: ("越权", 10), 999999: ("不存在", 10), measures["a"][2].pk: ("正常", 10)})
    upload(client, file, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and not Progress.objects.exists()
    messages = [e["message"] for e in job.errors]
    assert messages == [
        f"找不到编号为 {measures['b'].pk} 的措施，或您无权查看。",
        "找不到编号为 999999 的措施，或您无权查看。",
    ]


def test_a_measure_one_sees_but_does_not_report_on_is_refused(
    client, measures, cast, django_capture_on_commit_callbacks
):
    """head_a sees hospital A's measures but reports on none (neither owner nor office)."""
    login(client, cast["owner_a"])
    file = fill(download(client), {measures["a"][0].pk: ("代报", 10)})
    client.logout()
    login(client, cast["head_a"])
    upload(client, file, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert job.errors[0]["message"].startswith("您不能为该措施报送进展")
    assert not Progress.objects.exists()


def test_the_same_file_twice_reports_twice(client, measures, cast, django_capture_on_commit_callbacks):
    login(client, cast["owner_a"])
    workbook = download(client)
    for percent in (40, 40):
        upload(client, fill(workbook, {measures["a"][0].pk: ("同一份表", percent)}), django_capture_on_commit_callbacks)
    assert [job.status for job in Job.objects.all()] == [JobStatus.DONE, JobStatus.DONE]
    assert Progress.objects.filter(measure=measures["a"][0]).count() == 2


def test_a_file_that_is_not_a_workbook_is_refused_at_once(client, measures, cast):
    login(client, cast["owner_a"])
    fake = SimpleUploadedFile("进展.xlsx", pdf_file().read())
    page = client.post(reverse("ledger:progress-sheet"), {"file": fake}).content.decode()
    assert "不是 Excel 表格（.xlsx）" in page
    assert not Job.objects.exists()


def test_an_empty_sheet_says_so(client, measures, cast, django_capture_on_commit_callbacks):
    login(client, cast["owner_a"])
    upload(client, fill(download(client), {}), django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "没有填写任何进展" in job.message


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [(80, "General", 80), (80.0, "General", 80), ("８０", None, 80), (" 75% ", None, 75), (0.6, "0%", 60)],
)
def test_percent_accepts_what_people_type(value, number_format, expected):
    assert parse_percent(value, number_format) == expected


@pytest.mark.parametrize("value", [101, -1, 12.5, "七十", "abc", True])
def test_percent_refuses_the_rest(value):
    with pytest.raises(ValueError):
        parse_percent(value, "General")


def test_rows_changed_since_the_download_are_refused(client, measures, cast, django_capture_on_commit_callbacks):
    """A measure sent for close-out after the download, and a row whose problem code was edited."""
    first, second, _ = measures["a"]
    login(client, cast["owner_a"])
    assert reverse("ledger:progress-sheet") in client.get(reverse("home")).content.decode()
    workbook = download(client)
    workbook.active.cell(FIRST + 1, COL["问题编号"]).value = "别的编号"
    file = fill(workbook, {first.pk: ("已完成", 100), second.pk: ("进展", 10)})
    services.progress_report(actor=cast["owner_a"], measure=first, text="进展", percent=90, files=[pdf_file()])
    services.measure_request_closeout(actor=cast["owner_a"], measure=first, self_assessment="已完成")
    upload(client, file, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert [(e["row"], e["column"], e["message"]) for e in job.errors] == [
        (FIRST, "措施编号", "该措施当前为“待审核”，无需报送进展。"),
        (FIRST + 1, "问题编号", "问题编号与措施编号不符：请勿修改表中前几列。"),
    ]
    assert Progress.objects.count() == 2  # the two made above, none from the sheet
