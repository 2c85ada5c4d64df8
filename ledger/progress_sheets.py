"""Bulk progress by Excel (批量报送整改进展): a person downloads the open measures they report on,
fills in 整改进展 and 完成百分比, and uploads the sheet. Every row is checked first; then all of
them are saved through `services.progress_report`, or none is.
"""

import re
import tempfile
from dataclasses import dataclass

import xlsxwriter
from django.db import transaction
from django.db.models import QuerySet
from openpyxl import load_workbook

from accounts.models import User
from common.exceptions import DomainError
from common.uploads import MAX_UPLOAD_BYTES, sniff
from jobs.choices import JobKind
from jobs.registry import JobResult, register
from jobs.services import job_start
from ledger import selectors, services
from ledger.choices import REPORTING_STATUSES, MeasureStatus
from ledger.models import Measure

ID, CODE, CONTENT, OWNER, DUE, CURRENT, TEXT, PERCENT = (
    "措施编号",
    "问题编号",
    "整改措施",
    "责任人",
    "现行时限",
    "当前进度",
    "整改进展",
    "完成百分比",
)
HEADERS = (ID, CODE, CONTENT, OWNER, DUE, CURRENT, TEXT, PERCENT)
WIDTHS = (10, 18, 50, 10, 14, 10, 50, 12)
HEADER_ROW = 1  # zero-based: the instruction line is above it
INSTRUCTION = (
    "填写说明：只需填写“整改进展”和“完成百分比”两列（百分比填 0 至 100 的整数）；不报送的措施两列都留空。"
    "其余各列请勿修改。填好后在“我的待办”或“整改台账”页面上传本表。"
)
STATUS_LABELS = dict(MeasureStatus.choices)
FULL_WIDTH = str.maketrans("０１２３４５６７８９％", "0123456789%")
DIGITS = re.compile(r"\d+")
CHUNK = 500


# --- the sheet to fill in ----------------------------------------------------------------------


def progress_sheet_xlsx(measures: QuerySet[Measure], out) -> int:
    """The sheet to fill in, for these measures, to `out` (a path or a binary file); returns the
    number of rows. Only the two input columns are unlocked; the measure id column is hidden."""
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = workbook.add_worksheet("进展报送")
    base = {"border": 1, "text_wrap": True, "valign": "top", "font_size": 10}
    note = workbook.add_format({"text_wrap": True, "valign": "vcenter", "font_color": "#C00000"})
    header = workbook.add_format({**base, "bold": True, "align": "center", "bg_color": "#D9E1F2"})
    text = workbook.add_format(base)
    center = workbook.add_format({**base, "align": "center"})
    date = workbook.add_format({**base, "align": "center", "num_format": 'yyyy"年"m"月"d"日"'})
    fill = workbook.add_format({**base, "locked": False, "bg_color": "#FFF2CC"})
    fill_number = workbook.add_format({**base, "locked": False, "bg_color": "#FFF2CC", "align": "center"})
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width, None, {"hidden": col == 0})
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.set_row(0, 45)
    sheet.merge_range(0, 0, 0, len(HEADERS) - 1, INSTRUCTION, note)
    for col, title in enumerate(HEADERS):
        sheet.write_string(HEADER_ROW, col, title, header)

    row = HEADER_ROW
    rows = (
        measures.order_by("problem_id", "id")
        .values_list("id", "problem__code", "content", "owner__name", "owner__username", "due_on", "percent")
        .iterator(chunk_size=2000)
    )
    for pk, code, content, owner_name, owner_username, due_on, percent in rows:
        row += 1
        sheet.write_number(row, 0, pk, center)
        sheet.write_string(row, 1, code, center)
        sheet.write_string(row, 2, content, text)
        sheet.write_string(row, 3, owner_name or owner_username or "", center)
        if due_on is None:
            sheet.write_string(row, 4, "长期", center)
        else:
            sheet.write_datetime(row, 4, due_on, date)
        sheet.write_string(row, 5, f"{percent}%", center)
        sheet.write_blank(row, 6, None, fill)
        sheet.write_blank(row, 7, None, fill_number)
    count = row - HEADER_ROW
    if count:
        sheet.data_validation(
            HEADER_ROW + 1,
            7,
            row,
            7,
            {
                "validate": "integer",
                "criteria": "between",
                "minimum": 0,
                "maximum": 100,
                "error_type": "warning",
                "error_title": PERCENT,
                "error_message": "完成百分比须为 0 至 100 的整数。",
            },
        )
    # Protection keeps hands off the identifying columns; the upload checks every row anyway.
    sheet.protect("", {"format_rows": True, "select_locked_cells": True, "select_unlocked_cells": True})
    workbook.close()
    return count


def progress_sheet_for(user: User):
    """The sheet of the measures this user reports on now, as an open temporary file (removed when
    closed), ready to be streamed."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the FileResponse closes it)
    progress_sheet_xlsx(selectors.measure_reportable_list(user), handle)
    handle.seek(0)
    return handle


# --- reading a filled-in sheet -----------------------------------------------------------------


def check_xlsx(upload) -> None:
    """Refuse, in Chinese, anything that is not really an .xlsx workbook (by content, not by name)."""
    if upload.size == 0:
        raise DomainError("上传的文件是空文件。")
    if upload.size > MAX_UPLOAD_BYTES:
        raise DomainError("文件超过 20 MB，请拆分后再上传。")
    upload.seek(0)
    kind = sniff(upload.read(16), upload)
    upload.seek(0)
    if kind != "xlsx":
        raise DomainError("上传的文件不是 Excel 表格（.xlsx）：请上传从本系统下载、填写好的进展报送表。")


@dataclass
class SheetRow:
    row: int
    measure_id: int | None
    code: str
    text: str
    percent: int | None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_percent(value, number_format: str | None) -> int | None:
    """完成百分比 as an integer 0–100; None when blank. Full-width digits and a trailing % are accepted,
    and so is a number in a cell formatted as a percentage (Excel stores 80% as 0.8)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("须为 0 至 100 的整数")
    if isinstance(value, int | float):
        number = round(value * 100, 6) if "%" in (number_format or "") else value
        if not float(number).is_integer():
            raise ValueError(f"“{value}”不是整数，须为 0 至 100 的整数")
        percent = int(number)
    else:
        text = str(value).strip().translate(FULL_WIDTH).removesuffix("%").strip()
        if not DIGITS.fullmatch(text):
            raise ValueError(f"“{value}”不是整数，须为 0 至 100 的整数")
        percent = int(text)
    if not 0 <= percent <= 100:
        raise ValueError(f"{percent} 超出范围，须为 0 至 100 的整数")
    return percent


def _measure_id(value) -> int | None:
    text = _cell_text(value).translate(FULL_WIDTH)
    return int(text) if DIGITS.fullmatch(text) else None


def read_sheet(file) -> tuple[list[SheetRow], list[dict]]:
    """The filled-in rows of an uploaded sheet (rows with both input columns blank are skipped), and
    the errors found in the cells themselves: {"row", "column", "message"}, rows numbered as in Excel."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise DomainError("无法读取该 Excel 文件，文件可能已损坏：请重新下载进展报送表填写。") from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        columns: dict[str, int] = {}
        for cells in rows:
            titles = [_cell_text(cell.value) for cell in cells]
            if ID in titles and TEXT in titles and PERCENT in titles:
                columns = {title: index for index, title in enumerate(titles) if title in HEADERS}
                break
        else:
            raise DomainError(
                f"表中找不到“{ID}”“{TEXT}”“{PERCENT}”等表头：请使用本系统下载的进展报送表，不要删改表头。"
            )
        found, errors = [], []
        for cells in rows:
            if not cells:
                continue
            number = cells[0].row

            def cell(title, cells=cells):
                index = columns.get(title)
                return cells[index] if index is not None and index < len(cells) else None

            text_cell, percent_cell = cell(TEXT), cell(PERCENT)
            text = _cell_text(text_cell.value if text_cell else None)
            raw_percent = percent_cell.value if percent_cell else None
            if not text and _cell_text(raw_percent) == "":
                continue
            try:
                percent = parse_percent(raw_percent, getattr(percent_cell, "number_format", None))
            except ValueError as error:
                errors.append({"row": number, "column": PERCENT, "message": f"{error}。"})
                percent = None
            else:
                if percent is None:
                    errors.append(
                        {"row": number, "column": PERCENT, "message": "填写了整改进展，须同时填写完成百分比。"}
                    )
            if not text and percent is not None:
                errors.append({"row": number, "column": TEXT, "message": "填写了完成百分比，须同时填写整改进展。"})
            id_cell, code_cell = cell(ID), cell(CODE)
            measure_id = _measure_id(id_cell.value if id_cell else None)
            if measure_id is None:
                errors.append({"row": number, "column": ID, "message": "缺少措施编号：请勿修改或删除表中的隐藏列。"})
            found.append(
                SheetRow(
                    row=number,
                    measure_id=measure_id,
                    code=_cell_text(code_cell.value if code_cell else None),
                    text=text,
                    percent=percent,
                )
            )
        return found, errors
    finally:
        workbook.close()


def _check_measures(user: User, rows: list[SheetRow], errors: list[dict]) -> dict[int, Measure]:
    """The measures of the rows, and an error for each row the user may not report on now."""
    ids = sorted({row.measure_id for row in rows if row.measure_id is not None})
    visible: dict[int, Measure] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        queryset = selectors.measure_list(user).filter(pk__in=chunk).select_related("problem", "campaign", "org")
        visible.update((measure.pk, measure) for measure in queryset)
    first_row: dict[int, int] = {}
    for row in rows:
        if row.measure_id is None:
            continue
        measure = visible.get(row.measure_id)
        if measure is None:
            message = f"找不到编号为 {row.measure_id} 的措施，或您无权查看。"
        elif not selectors.can_report(user, measure):
            message = "您不能为该措施报送进展：须是该措施的责任人或活动办公室。"
        elif measure.status not in REPORTING_STATUSES:
            message = f"该措施当前为“{STATUS_LABELS[measure.status]}”，无需报送进展。"
        elif row.code and row.code != measure.problem.code:
            errors.append({"row": row.row, "column": CODE, "message": "问题编号与措施编号不符：请勿修改表中前几列。"})
            continue
        elif row.measure_id in first_row:
            message = f"同一措施在第{first_row[row.measure_id]}行已填写，每条措施只填一行。"
        else:
            first_row[row.measure_id] = row.row
            continue
        errors.append({"row": row.row, "column": ID, "message": message})
    return visible


def _refuse(errors: list[dict]) -> DomainError:
    errors.sort(key=lambda error: (error["row"], error["column"]))
    return DomainError(f"表中有 {len(errors)} 处错误，未报送任何进展；请改正后重新上传。", errors=errors)


def progress_sheet_apply(*, actor: User, file, progress=None) -> int:
    """Report every filled-in row through `services.progress_report`, all or nothing; returns how
    many reports were made. Refuses with the list of errors when any row is wrong."""
    rows, errors = read_sheet(file)
    if not rows and not errors:
        raise DomainError(f"表中没有填写任何进展：请在“{TEXT}”“{PERCENT}”两列填写后再上传。")
    total = len(rows) * 2
    if progress is not None:
        progress(0, total)
    measures = _check_measures(actor, rows, errors)
    if errors:
        raise _refuse(errors)
    with transaction.atomic():
        for done, row in enumerate(rows, start=1):
            try:
                services.progress_report(
                    actor=actor, measure=measures[row.measure_id], text=row.text, percent=row.percent
                )
            except DomainError as error:
                errors.append({"row": row.row, "column": "", "message": error.message})
            if progress is not None:
                progress(len(rows) + done, total)
        if errors:
            raise _refuse(errors)
    return len(rows)


@register(JobKind.IMPORT_PROGRESS)
def import_progress_job(job, progress) -> JobResult:
    with job.input_file.open("rb") as handle:
        check_xlsx(handle)
        count = progress_sheet_apply(actor=job.created_by, file=handle, progress=progress)
    return JobResult(message=f"已报送{count}条进展。")


def progress_sheet_upload(*, actor: User, upload):
    """Check that the upload really is a workbook, then read and report it in a job."""
    check_xlsx(upload)
    return job_start(actor=actor, kind=JobKind.IMPORT_PROGRESS, upload=upload)
