"""The ledger as an Excel file (整改台账), streamed: flat memory at any number of rows.

One row per measure; the problem's cells (序号, 问题编号 …) are merged down over its measures. The
workbook is written by xlsxwriter in constant_memory mode, which flushes each row as soon as a
later row is written: the rows are read in problem order and one problem's rows are buffered, so
each merged range is known before its first row is written.
"""

import datetime
import os
import tempfile
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain

import xlsxwriter
from django.core.files import File
from django.db.models import OuterRef, QuerySet, Subquery

from accounts.models import User
from campaigns.models import Campaign
from campaigns.selectors import campaign_list
from common.dates import cn_date
from common.dates import today as local_today
from common.exceptions import DomainError
from jobs.choices import JobKind
from jobs.registry import JobResult, register
from ledger import selectors
from ledger.choices import Light, MeasureKind, MeasureStatus, ProblemSource
from ledger.deadlines import light
from ledger.forms import LedgerFilterForm
from ledger.models import Measure, Progress
from organisations.selectors import org_list, person_list, scope_roots

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    merged: bool = False  # one cell per problem, merged down over its measures


COLUMNS = (
    Column("序号", 6, merged=True),
    Column("问题编号", 16, merged=True),
    Column("责任单位", 14, merged=True),
    Column("问题描述", 36, merged=True),
    Column("类别", 12, merged=True),
    Column("来源", 10, merged=True),
    Column("原因剖析", 30, merged=True),
    Column("整改措施", 36),
    Column("整改类型", 10),
    Column("责任领导", 10),
    Column("责任科室", 14),
    Column("责任人", 10),
    Column("整改时限", 13),
    Column("现行时限", 13),
    Column("灯", 7),
    Column("完成进度", 9),
    Column("状态", 10),
    Column("最近进展", 36),
)
MERGED = [index for index, column in enumerate(COLUMNS) if column.merged]
COL = {column.title: index for index, column in enumerate(COLUMNS)}
LAST_COL = len(COLUMNS) - 1
HEADER_ROW = 2
FIRST_DATA_ROW = HEADER_ROW + 1
LIGHT_FILLS = {Light.RED: "#FF0000", Light.YELLOW: "#FFC000", Light.GREEN: "#00B050"}
LIGHT_LABELS = dict(Light.choices)
STATUS_LABELS = dict(MeasureStatus.choices)
KIND_LABELS = dict(MeasureKind.choices)
SOURCE_LABELS = dict(ProblemSource.choices)
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
FIELDS = (
    "id",
    "problem_id",
    "problem__code",
    "problem__org__name",
    "problem__org__short_name",
    "problem__description",
    "problem__category__name",
    "problem__source",
    "problem__root_cause",
    "content",
    "kind",
    "leader__name",
    "leader__username",
    "department__name",
    "department__short_name",
    "owner__name",
    "owner__username",
    "deadline",
    "due_on",
    "yellow_from",
    "percent",
    "status",
    "last_progress_on",
    "last_progress_text",
)


class _ProblemMerges:
    """The worksheet's list of merged ranges, compact. xlsxwriter's `merge_range` writes a cell in
    every row of the range, which constant_memory mode cannot do once the range's first row is
    flushed; so the cells are written row by row here and only the ranges are handed to the
    worksheet (its `merge` list, written out at close), as (first row, last row) pairs: 8 bytes per
    problem instead of a list per merged cell."""

    def __init__(self, columns: list[int], existing: list):
        self.columns = columns
        self.existing = list(existing)
        self.rows = array("I")

    def add(self, first_row: int, last_row: int) -> None:
        self.rows.extend((first_row, last_row))

    def append(self, merged_range) -> None:
        self.existing.append(merged_range)

    def __len__(self) -> int:
        return len(self.existing) + len(self.rows) // 2 * len(self.columns)

    def __iter__(self) -> Iterator[tuple[int, int, int, int]]:
        yield from self.existing
        rows = self.rows
        for index in range(0, len(rows), 2):
            for col in self.columns:
                yield rows[index], col, rows[index + 1], col


def ledger_export_rows(measures: QuerySet[Measure]) -> QuerySet:
    """The export's rows in problem order, as named tuples of FIELDS (with the latest progress)."""
    latest = Progress.objects.filter(measure=OuterRef("pk")).order_by("-reported_on", "-id")
    return (
        measures.order_by("problem_id", "id")
        .annotate(
            last_progress_on=Subquery(latest.values("reported_on")[:1]),
            last_progress_text=Subquery(latest.values("text")[:1]),
        )
        .values_list(*FIELDS, named=True)
    )


def _problem_groups(rows: Iterator[tuple]) -> Iterator[list[tuple]]:
    """The rows of one problem at a time (they arrive ordered by problem)."""
    group: list[tuple] = []
    for row in rows:
        if group and row.problem_id != group[0].problem_id:
            yield group
            group = []
        group.append(row)
    if group:
        yield group


class _Formats:
    def __init__(self, workbook):
        base = {"border": 1, "text_wrap": True, "valign": "top", "font_size": 10}
        self.title = workbook.add_format({"bold": True, "font_size": 18, "align": "center", "valign": "vcenter"})
        self.subtitle = workbook.add_format({"font_size": 11, "valign": "vcenter"})
        self.subtitle_right = workbook.add_format({"font_size": 11, "valign": "vcenter", "align": "right"})
        self.header = workbook.add_format(
            {**base, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2"}
        )
        self.text = workbook.add_format(base)
        self.center = workbook.add_format({**base, "align": "center"})
        self.merged = workbook.add_format({**base, "valign": "vcenter"})
        self.merged_center = workbook.add_format({**base, "valign": "vcenter", "align": "center"})
        self.date = workbook.add_format({**base, "align": "center", "num_format": DATE_FORMAT})
        self.percent = workbook.add_format({**base, "align": "center", "num_format": "0%"})
        self.lights = {
            value: workbook.add_format({**base, "align": "center", "bold": True, "bg_color": colour})
            for value, colour in LIGHT_FILLS.items()
        }


class _RowWriter:
    """Writes one problem's rows; every text goes through write_string, so a cell that begins with
    = + - @ stays text and never becomes a formula. An empty text is a blank (formatted) cell."""

    def __init__(self, sheet, formats: _Formats, today: datetime.date):
        self.sheet, self.formats, self.today = sheet, formats, today

    def text(self, row: int, col: int, value: str | None, cell_format) -> None:
        if value:
            self.sheet.write_string(row, col, value, cell_format)
        else:
            self.sheet.write_blank(row, col, None, cell_format)

    def problem(self, row: int, number: int, group: list) -> None:
        sheet, formats = self.sheet, self.formats
        write_blank = sheet.write_blank
        head = group[0]
        sheet.write_number(row, 0, number, formats.merged_center)
        problem_cells = (
            head.problem__code,
            head.problem__org__short_name or head.problem__org__name,
            head.problem__description,
            head.problem__category__name,
            SOURCE_LABELS.get(head.problem__source, head.problem__source),
            head.problem__root_cause,
        )
        for col, text in enumerate(problem_cells, start=1):
            self.text(row, col, text, formats.merged)
        self.measure(row, head)
        for values in group[1:]:
            row += 1
            for col in MERGED:
                write_blank(row, col, None, formats.merged)
            self.measure(row, values)

    def measure(self, row: int, m) -> None:
        sheet, formats = self.sheet, self.formats
        write_string = sheet.write_string
        write_string(row, COL["整改措施"], m.content, formats.text)
        write_string(row, COL["整改类型"], KIND_LABELS.get(m.kind, m.kind), formats.center)
        text = self.text
        text(row, COL["责任领导"], m.leader__name or m.leader__username, formats.center)
        text(row, COL["责任科室"], m.department__short_name or m.department__name, formats.center)
        text(row, COL["责任人"], m.owner__name or m.owner__username, formats.center)
        for col, day in ((COL["整改时限"], m.deadline), (COL["现行时限"], m.due_on)):
            if day is None:
                write_string(row, col, "长期", formats.center)
            else:
                sheet.write_datetime(row, col, day, formats.date)
        lamp = light(status=m.status, due_on=m.due_on, yellow_from=m.yellow_from, today=self.today)
        write_string(row, COL["灯"], LIGHT_LABELS[lamp], formats.lights.get(lamp, formats.center))
        sheet.write_number(row, COL["完成进度"], m.percent / 100, formats.percent)
        write_string(row, COL["状态"], STATUS_LABELS.get(m.status, m.status), formats.center)
        latest = f"{cn_date(m.last_progress_on)}：{m.last_progress_text}" if m.last_progress_on else None
        text(row, COL["最近进展"], latest, formats.text)


def ledger_export_xlsx(
    measures: QuerySet[Measure],
    out,
    progress: ProgressCallback | None = None,
    *,
    title: str | None = None,
    unit: str = "",
    today: datetime.date | None = None,
) -> int:
    """Write these measures as the 整改台账 to `out` (a path or a binary file object); returns the
    number of measure rows. The title defaults to the first problem's campaign theme."""
    today = today or local_today()
    total = measures.count() if progress is not None else 0
    groups = _problem_groups(ledger_export_rows(measures).iterator(chunk_size=2000))
    first = next(groups, None)
    if title is None:
        campaigns = Campaign.objects.filter(problems__id=first[0].problem_id) if first else Campaign.objects.none()
        theme = campaigns.values_list("theme", flat=True).first()
        title = f"{theme}整改台账" if theme else "整改台账"

    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = workbook.add_worksheet("整改台账")
    formats = _Formats(workbook)
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, column.width)
    sheet.set_landscape()
    sheet.set_paper(8)  # A3: a ledger of eighteen columns stays readable on one page width
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.freeze_panes(FIRST_DATA_ROW, 0)

    sheet.set_row(0, 36)
    sheet.merge_range(0, 0, 0, LAST_COL, title, formats.title)
    sheet.set_row(1, 22)
    split = LAST_COL // 2
    sheet.merge_range(1, 0, 1, split, f"填报单位：{unit}", formats.subtitle)
    sheet.merge_range(1, split + 1, 1, LAST_COL, f"导出日期：{cn_date(today)}", formats.subtitle_right)
    sheet.set_row(HEADER_ROW, 30)
    for index, column in enumerate(COLUMNS):
        sheet.write_string(HEADER_ROW, index, column.title, formats.header)
    merges = _ProblemMerges(MERGED, sheet.merge)
    sheet.merge = merges

    row = FIRST_DATA_ROW
    writer = _RowWriter(sheet, formats, today)
    for number, group in enumerate(chain([first], groups) if first else (), start=1):
        writer.problem(row, number, group)
        if len(group) > 1:
            merges.add(row, row + len(group) - 1)
        row += len(group)
        if progress is not None:
            progress(row - FIRST_DATA_ROW, total)

    count = row - FIRST_DATA_ROW
    if count:
        sheet.data_validation(
            FIRST_DATA_ROW,
            COL["状态"],
            row - 1,
            COL["状态"],
            {
                "validate": "list",
                "source": list(STATUS_LABELS.values()),
                "error_title": "状态",
                "error_message": "请从下拉列表中选择状态。",
            },
        )
    workbook.close()
    return count


# --- the job behind the ledger page's export button --------------------------------------------


def ledger_filter_form(user: User, data) -> LedgerFilterForm:
    """The ledger page's filter form, bound to `data`, with the choices of this user's scope."""
    return LedgerFilterForm(
        data,
        campaigns=campaign_list(user).order_by("-starts_on", "org__path"),
        orgs=org_list(user),
        people=person_list(user),
        categories=selectors.ledger_categories(campaign_list(user).values("pk")),
    )


def _unit_name(user: User, filters: dict) -> str:
    if filters.get("org") is not None:
        return filters["org"].display_name
    if filters.get("campaign") is not None:
        return filters["campaign"].org.display_name
    roots = scope_roots(user)
    names = org_list(user).filter(path__in=roots).order_by("path").values_list("name", flat=True)
    return "、".join(names[:3]) + ("等" if len(roots) > 3 else "")


@register(JobKind.EXPORT_LEDGER)
def export_ledger_job(job, progress) -> JobResult:
    """The ledger with the filters the person had on the page, checked again against their scope now."""
    user = job.created_by
    form = ledger_filter_form(user, job.params or None)
    if job.params and not form.is_valid():
        errors = [
            {"row": "", "column": form.fields[name].label if name in form.fields else "", "message": message}
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise DomainError("筛选条件无效或已超出您的查看范围，未导出。", errors=errors)
    filters = form.cleaned_data if job.params else {}
    day = local_today()
    measures = selectors.ledger_measures(user, filters, day)
    campaign = filters.get("campaign")
    title = f"{campaign.theme}整改台账" if campaign else "整改台账"
    name = f"{campaign.code + '-' if campaign else ''}整改台账-{day:%Y%m%d}.xlsx"
    with tempfile.TemporaryDirectory(prefix="pobing-export-") as tmp:
        path = os.path.join(tmp, "ledger.xlsx")
        count = ledger_export_xlsx(measures, path, progress, title=title, unit=_unit_name(user, filters), today=day)
        with open(path, "rb") as handle:
            # Stored here, while the temporary file still exists.
            job.output_file.save(name, File(handle), save=False)
    return JobResult(message=f"已导出{count}条整改措施。", output_name=name)
