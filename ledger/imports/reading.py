"""Reading a ledger workbook: the file, its merged cells, the header, and each kind of cell."""

import datetime
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from common.dates import cn_date
from common.exceptions import DomainError
from common.uploads import sniff
from ledger.choices import MeasureKind, ProblemSource
from ledger.deadlines import add_months

Progress = Callable[[int, int], None]

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
HEADER_SCAN_ROWS = 30

# What each field is called in the UI, in the order the preview lists them.
FIELD_LABELS = {
    "ref": "序号",
    "category": "问题类别",
    "source": "问题来源",
    "description": "问题描述",
    "root_cause": "原因剖析",
    "content": "整改措施",
    "kind": "整改类型",
    "deadline": "整改时限",
    "leader": "责任领导",
    "department": "责任科室",
    "owner": "责任人",
    "acceptance_standard": "验收标准",
}
# Header words seen in real ledgers, best first: when two columns match one field the better word wins
# (an exported ledger has both 责任单位 and 责任科室). Words of two characters must match exactly.
HEADER_WORDS = {
    "ref": ("序号", "编号", "问题序号", "问题编号"),
    "category": ("问题类别", "类别", "问题分类", "问题类型", "所属类别"),
    "source": ("问题来源", "来源"),
    "description": (
        "问题描述",
        "具体问题表述",
        "巡察反馈问题",
        "存在问题",
        "存在的问题",
        "问题表现",
        "具体问题",
        "反馈问题",
        "问题",
    ),
    "root_cause": ("原因剖析", "原因分析", "问题原因", "产生原因"),
    "content": ("整改措施", "具体整改措施", "整改举措", "措施"),
    "kind": ("整改类型", "整改方式"),
    "deadline": ("整改时限", "完成时限", "时限要求", "完成时间", "整改期限", "时限"),
    "leader": ("责任领导", "分管领导", "牵头领导", "分管院领导"),
    "department": ("责任科室", "责任科室(单位)", "牵头部门", "牵头科室", "责任部门", "责任单位"),
    "owner": ("责任人", "具体责任人"),
    "acceptance_standard": ("验收标准", "整改目标", "完成标准", "整改标准"),
}
PROBLEM_FIELDS = ("ref", "category", "source", "description", "root_cause")
MEASURE_FIELDS = ("content", "kind", "deadline", "leader", "department", "owner", "acceptance_standard")
SOURCE_WORDS = (
    ("巡察", ProblemSource.INSPECTION),
    ("巡视", ProblemSource.INSPECTION),
    ("审计", ProblemSource.AUDIT),
    ("督查", ProblemSource.SUPERVISION),
    ("督导", ProblemSource.SUPERVISION),
    ("群众", ProblemSource.PUBLIC),
    ("患者", ProblemSource.PUBLIC),
    ("上级", ProblemSource.SUPERIOR),
    ("调研", ProblemSource.RESEARCH),
    ("集体", ProblemSource.COLLECTIVE),
    ("评议", ProblemSource.GRASSROOTS),
    ("基层", ProblemSource.GRASSROOTS),
    ("自查", ProblemSource.SELF),
    ("自身", ProblemSource.SELF),
    ("查摆", ProblemSource.SELF),
)
KIND_WORDS = (
    ("立行立改", MeasureKind.IMMEDIATE),
    ("长期坚持", MeasureKind.LONG_TERM),
    ("长期", MeasureKind.LONG_TERM),
    ("限期整改", MeasureKind.DEADLINE),
    ("限期", MeasureKind.DEADLINE),
)
KIND_LABELS = dict(MeasureKind.choices)

FULL_WIDTH = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")
NUMERALS = "一二三四五六七八九十"
SECTION_RE = re.compile(rf"^(第?[{NUMERALS}]+[、.．]|[（(][{NUMERALS}]+[)）]|第[{NUMERALS}\d]+[部分类项])")
NOTE_RE = re.compile(r"^(注|备注|说明|填表说明)\s*[:：\d]|^(填表人|审核人|制表人|联系人|联系电话|单位负责人)")
LIST_SPLIT_RE = re.compile(r"[、，,；;/]")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


# --- reading the workbook ----------------------------------------------------------------------


@dataclass
class Sheet:
    name: str
    rows: list[list]  # rows[i] is Excel row i + 1, cells from column A
    merged: list[tuple[int, int, int, int]]  # (first row, first col, last row, last col), 0-based


def sniff_excel(head: bytes, file) -> str | None:
    """'xlsx', 'xls' or None, from the content (an .xlsx is a zip holding xl/workbook.xml; an .xls an
    OLE2 compound file)."""
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    try:
        return "xlsx" if sniff(head, file) == "xlsx" else None
    finally:
        file.seek(0)
    return None


def read_workbook(file, name: str) -> list[Sheet]:
    """The visible worksheets of an .xlsx or .xls, values as calamine reads them (dates as dates)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise DomainError(f"文件“{name}”超过 50 MB，请拆分后分批导入。")
    file.seek(0)
    if sniff_excel(file.read(8), file) is None:
        raise DomainError(
            f"文件“{name}”不是 Excel 表格（.xlsx 或 .xls），请在 Excel 或 WPS 中另存为 Excel 格式后再导入。"
        )
    file.seek(0)
    try:
        workbook = CalamineWorkbook.from_filelike(file)
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
            sheets.append(Sheet(meta.name, sheet.to_python(skip_empty_area=False), merged))
    except Exception as error:  # calamine raises its own error types, and panics surface as others
        raise DomainError(f"无法读取文件“{name}”：文件可能已损坏或设置了密码，请在 Excel 中打开后另存再试。") from error
    return sheets


def fill_merged(sheet: Sheet) -> None:
    """Copy each merged range's value into all of its cells."""
    rows = sheet.rows
    for r0, c0, r1, c1 in sheet.merged:
        if r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value


# --- cells -------------------------------------------------------------------------------------


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return cn_date(value.date())
    if isinstance(value, datetime.date):
        return cn_date(value)
    return str(value).strip()


def squeeze(text: str) -> str:
    """For comparing names and header words: NFKC (full-width → half-width) without any whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _month_end(year: int, month: int) -> datetime.date:
    return add_months(datetime.date(year, month, 1), 1) - datetime.timedelta(days=1)


_DATE_FORMS: list[tuple[re.Pattern, Callable[..., datetime.date]]] = [
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"), lambda y, m, d: datetime.date(int(y), int(m), int(d))),
    (re.compile(r"(\d{4})[./-](\d{1,2})[./-](\d{1,2})"), lambda y, m, d: datetime.date(int(y), int(m), int(d))),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), lambda y, m, d: datetime.date(int(y), int(m), int(d))),
    (re.compile(r"(\d{4})年(\d{1,2})月上旬"), lambda y, m: datetime.date(int(y), int(m), 10)),
    (re.compile(r"(\d{4})年(\d{1,2})月中旬"), lambda y, m: datetime.date(int(y), int(m), 20)),
    (re.compile(r"(\d{4})年(\d{1,2})月(?:底|末|份|下旬)?"), lambda y, m: _month_end(int(y), int(m))),
    (re.compile(r"(\d{4})[./-](\d{1,2})(?:月底|月末)?"), lambda y, m: _month_end(int(y), int(m))),
    (re.compile(r"(\d{4})年(?:上半年|年中)"), lambda y: datetime.date(int(y), 6, 30)),
    (
        re.compile(r"(\d{4})年第?([一二三四1-4])季度(?:末|底)?"),
        lambda y, q: _month_end(int(y), 3 * ("一二三四".find(q) + 1 if q in "一二三四" else int(q))),
    ),
    (re.compile(r"(\d{4})年(?:底|末|年底|年末|下半年)?"), lambda y: datetime.date(int(y), 12, 31)),
]


def parse_deadline(value) -> tuple[datetime.date | None, str | None]:
    """(deadline, kind implied by the cell) from a deadline cell; ValueError with the message to show.

    Accepts date cells, Excel serial numbers, 2026年12月31日, 2026.12.31, 2026-12-31, 20261231,
    2026-12 and 2027年1月 (last day of the month), 2026年底 (31 December), 上半年 / 第三季度 / 上旬 /
    中旬, any of those followed by 前 / 之前 / 止, in full-width digits too; and the words 立行立改
    (immediate, with or without a date) and 长期坚持 (long term, no date)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    if isinstance(value, bool):
        raise ValueError(f"无法识别的日期“{value}”")
    if isinstance(value, int | float):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            return parse_deadline(str(int(value)))
        if 20000 <= value <= 80000:  # 1954 – 2119 as an Excel serial date
            return EXCEL_EPOCH + datetime.timedelta(days=int(value)), None
        raise ValueError(f"无法识别的日期“{text_of(value)}”")
    original = str(value).strip()
    text = squeeze(original.translate(FULL_WIDTH))
    kind = None
    for word, word_kind in KIND_WORDS[:3]:
        if word in text:
            kind = word_kind
            text = text.replace(word, "")
            break
    if kind == MeasureKind.LONG_TERM:
        return None, kind
    text = re.sub(r"^[,，、;；:：()（）\[\]【】]+|[,，、;；:：()（）\[\]【】。.]+$", "", text)
    text = re.sub(r"(之前|以前|前|止|为止|完成)+$", "", text)
    if not text:
        return None, kind
    for pattern, build in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return build(*match.groups()), kind
            except ValueError:
                break
    raise ValueError(f"无法识别的日期“{original}”")


def parse_kind(text: str) -> str | None:
    """整改类型 cell → MeasureKind; None when blank; ValueError when not one of the three."""
    words = squeeze(text)
    if not words:
        return None
    for word, kind in KIND_WORDS:
        if word in words:
            return kind
    raise ValueError(f"无法识别的整改类型“{text}”，应为{'、'.join(KIND_LABELS.values())}之一")


def parse_source(text: str) -> str:
    words = squeeze(text)
    for value, label in ProblemSource.choices:
        if words in (value, label):
            return value
    for word, source in SOURCE_WORDS:
        if word in words:
            return source
    raise ValueError(f"无法识别的问题来源“{text}”，应为{'、'.join(ProblemSource.labels)}之一")


def source_from_title(title: str) -> str:
    for word, source in SOURCE_WORDS[:6]:
        if word in title:
            return source
    return ProblemSource.SELF


def clean_ref(value) -> str:
    text = text_of(value).translate(FULL_WIDTH).strip()
    return re.sub(r"[、.．。]$", "", unicodedata.normalize("NFKC", text)).strip()


# --- the header --------------------------------------------------------------------------------


def _header_words() -> tuple[dict[str, tuple[str, int]], list[tuple[str, str, int]]]:
    exact, contained = {}, []
    for name, words in HEADER_WORDS.items():
        for rank, word in enumerate(words):
            key = squeeze(word)
            exact.setdefault(key, (name, rank))
            if len(key) >= 3:
                contained.append((key, name, rank))
    contained.sort(key=lambda item: -len(item[0]))
    return exact, contained


EXACT_WORDS, CONTAINED_WORDS = _header_words()


def match_header(text: str) -> tuple[str, int] | None:
    """(field, rank) for a header cell: exact word, then without a bracketed note, then containing a
    word of three or more characters (ranked after every exact match)."""
    key = squeeze(text).replace("*", "")
    if not key:
        return None
    if key in EXACT_WORDS:
        return EXACT_WORDS[key]
    bare = re.sub(r"\(.*?\)", "", key)
    if bare in EXACT_WORDS:
        name, rank = EXACT_WORDS[bare]
        return name, rank + 50
    for word, name, rank in CONTAINED_WORDS:
        if word in key:
            return name, rank + 100
    return None


@dataclass
class ImportColumn:
    index: int
    header: str
    field: str  # "" = not imported
    detected: str = ""

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, "")


def find_header(sheet: Sheet) -> tuple[int, int, list[ImportColumn]] | None:
    """(first header row, last header row, columns) — a second header row under merged group
    headers (责任主体 over 责任领导 / 责任科室 / 责任人) is folded in."""
    rows = sheet.rows
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        matches = {c: match_header(text_of(v)) for c, v in enumerate(rows[r]) if text_of(v)}
        fields = {m[0] for m in matches.values() if m}
        if len(fields) < 3 or not fields & {"description", "content"}:
            continue
        headers = [text_of(v) for v in rows[r]]
        last = r
        if r + 1 < len(rows):
            below = rows[r + 1]
            new = {c: text_of(v) for c, v in enumerate(below) if text_of(v) and text_of(v) != cell_at(headers, c)}
            if new and all(match_header(t) for t in new.values()):
                last = r + 1
                headers.extend([""] * (len(below) - len(headers)))
                for c, t in new.items():
                    headers[c] = t
        return r, last, assign_fields(headers)
    return None


def cell_at(row: list, index: int):
    return row[index] if index < len(row) else ""


def assign_fields(headers: list[str]) -> list[ImportColumn]:
    """Each field to its best-matching column (leftmost on a tie); other columns are not imported."""
    best: dict[str, tuple[int, int]] = {}
    columns = []
    for c, header in enumerate(headers):
        if not header:
            continue
        header = re.sub(r"\s+", " ", header).strip()
        columns.append(ImportColumn(index=c, header=header, field=""))
        match = match_header(header)
        if match and (match[0] not in best or match[1] < best[match[0]][0]):
            best[match[0]] = (match[1], c)
    chosen = {c: name for name, (_, c) in best.items()}
    for column in columns:
        column.field = column.detected = chosen.get(column.index, "")
    return columns


def apply_mapping(columns: list[ImportColumn], mapping: dict) -> None:
    """The person's corrections from the preview: {column index: field or ""}; ValueError when a
    field is given to two columns."""
    wanted = {int(k): v for k, v in mapping.items()}
    for column in columns:
        if column.index in wanted:
            value = wanted[column.index]
            if value and value not in FIELD_LABELS:
                raise ValueError(f"未知的字段“{value}”。")
            column.field = value
    used = Counter(column.field for column in columns if column.field)
    twice = [name for name, n in used.items() if n > 1]
    if twice:
        letters = "、".join(c.letter for c in columns if c.field == twice[0])
        raise ValueError(f"“{FIELD_LABELS[twice[0]]}”被指定给了多列（{letters}列），每个字段只能对应一列。")
