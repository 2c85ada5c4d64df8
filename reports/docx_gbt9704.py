"""Official documents laid out per GB/T 9704-2012 (党政机关公文格式), as DOCX bytes.

`render(document, fonts)` is a pure function of a small document model: a title, a document
number, a recipient, paragraphs and numbered headings (一、/（一）/1./（1）), tables, and the
issuing org's name with the date. Whatever the content, the page is the standard's: A4, the
standard margins, 22 lines of 28 characters of 3号 text, page numbers “— 1 —” in 4号 宋体 on the
outer side (odd pages right, even pages left).

Font names are those of the deployment (Windows offices use 仿宋_GB2312 / 楷体_GB2312; newer
installations 仿宋 / 楷体); they are written for East Asian text on every run and style, so Word,
WPS and LibreOffice all pick them.
"""

import datetime
import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from common.dates import cn_date

# --- the page (GB/T 9704-2012, 5.2) -------------------------------------------------------------

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
TITLE_PT = 22  # 2号
BODY_PT = 16  # 3号
PAGE_NUMBER_PT = 14  # 4号
TABLE_PT = 14  # 4号: a table row keeps to one grid line more often than in 3号
# The page number's rule (一字线) sits 7 mm below the text block.
PAGE_NUMBER_GAP_MM = 7

_TWIPS_PER_MM = 1440 / 25.4
# Word stores the grid in whole twips; 225 mm / 22 lines gives 579 twips = 28.95 pt.
LINE_PITCH_TWIPS = int((PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) * _TWIPS_PER_MM / LINES_PER_PAGE)
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20


def _twips(mm: float) -> int:
    return int(Mm(mm).twips)


# The character grid: w:charSpace is the difference between the grid's pitch and the Normal
# style's font size, in 1/4096 pt; 156 mm / 28 characters is a little under 16 pt.
_TEXT_WIDTH_TWIPS = _twips(PAGE_WIDTH_MM) - _twips(MARGIN_LEFT_MM) - _twips(MARGIN_RIGHT_MM)
CHAR_PITCH_PT = _TEXT_WIDTH_TWIPS / 20 / CHARS_PER_LINE
CHAR_SPACE = round((CHAR_PITCH_PT - BODY_PT) * 4096)

RED = RGBColor(0xFF, 0x00, 0x00)
HEADING_NUMBERS = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "（{}）"}


@dataclass(frozen=True)
class Fonts:
    """Font names, as the deployment's fonts are called (settings.REPORT_FONT_*)."""

    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    heading: str = "黑体"
    kai: str = "楷体_GB2312"
    page: str = "宋体"

    def for_heading(self, level: int) -> str:
        return {1: self.heading, 2: self.kai}.get(level, self.body)


# --- the document model -------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A numbered heading. The number is given by its place (一、 (一) 1. (1)); `text` runs on in
    the same paragraph in the body font, as in “（一）围绕……方面。正文……”."""

    level: int
    title: str
    text: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]


Block = Heading | Paragraph | Table


@dataclass
class OfficialDocument:
    title: str
    issuer: str  # 发文机关署名
    date: datetime.date  # 成文日期
    body: list[Block] = field(default_factory=list)
    doc_number: str = ""  # 发文字号, 机关代字〔年份〕序号号
    issuer_mark: str = ""  # 发文机关标志, e.g. “某某县卫生健康委员会文件”; none when empty
    recipient: str = ""  # 主送机关


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (up to 9999)."""
    digits = "零一二三四五六七八九"
    if not 0 < number < 10000:
        return str(number)
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    parts, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(digits[digit] + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def heading_number(level: int, count: int) -> str:
    value = chinese_numeral(count) if level <= 2 else str(count)
    return HEADING_NUMBERS[level].format(value)


# --- rendering ----------------------------------------------------------------------------------


def render(document: OfficialDocument, fonts: Fonts | None = None) -> bytes:
    fonts = fonts or Fonts()
    doc = Document()
    _set_up_styles(doc, fonts)
    _set_up_page(doc, fonts)
    if document.issuer_mark:
        _issuer_mark(doc, document.issuer_mark, fonts)
    if document.doc_number:
        _doc_number(doc, document.doc_number, fonts, red_line=bool(document.issuer_mark))
    # The title sits two lines below the red rule (one below a bare document number).
    for _ in range(2 if document.issuer_mark else 1 if document.doc_number else 0):
        _blank(doc)
    title = _paragraph(doc, "公文标题", align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(title, document.title, fonts.title, TITLE_PT)
    _blank(doc)
    if document.recipient:
        recipient = _paragraph(doc, "公文正文", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        _run(recipient, f"{document.recipient}：", fonts.body, BODY_PT)
    counters = dict.fromkeys(HEADING_NUMBERS, 0)
    for index, block in enumerate(document.body):
        if isinstance(block, Heading):
            counters[block.level] += 1
            for deeper in range(block.level + 1, 5):
                counters[deeper] = 0
            _heading(doc, block, heading_number(block.level, counters[block.level]), fonts)
        elif isinstance(block, Table):
            _table(doc, block, fonts)
            if index + 1 < len(document.body):
                _blank(doc)
        else:
            paragraph = _paragraph(doc, "公文正文", first_line_chars=2)
            _run(paragraph, block.text, fonts.body, BODY_PT)
    _signature(doc, document.issuer, cn_date(document.date), fonts)
    doc.core_properties.title = document.title
    doc.core_properties.author = document.issuer
    doc.core_properties.last_modified_by = document.issuer
    doc.core_properties.comments = document.doc_number
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# The schema's order of paragraph and run properties (Word refuses a file that breaks it).
# fmt: off
PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"
]
RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath"
]
# fmt: on


def _child(parent, tag: str, order: list[str]):
    """The `w:<tag>` child of a properties element, added in its schema position when missing."""
    element = parent.find(qn(f"w:{tag}"))
    if element is not None:
        return element
    element = OxmlElement(f"w:{tag}")
    later = {qn(f"w:{name}") for name in order[order.index(tag) + 1 :]}
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def _set_fonts(rPr, name: str) -> None:
    """Name the font for every script, East Asian first, and drop theme fonts (which would win)."""
    rFonts = _child(rPr, "rFonts", RPR_ORDER)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rFonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rFonts.set(qn(script), name)


def _set_size(rPr, points: float) -> None:
    half_points = str(round(points * 2))
    for tag in ("sz", "szCs"):
        _child(rPr, tag, RPR_ORDER).set(qn("w:val"), half_points)


def _set_up_styles(doc, fonts: Fonts) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rPr, fonts.body)
    _set_size(rPr, BODY_PT)
    lang = rPr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE_PITCH_TWIPS))
    spacing.set(qn("w:lineRule"), "exact")

    normal = doc.styles["Normal"]
    _style_font(normal, fonts.body, BODY_PT)
    _exact_lines(normal.paragraph_format)
    for name, font, size, outline in (
        ("公文标题", fonts.title, TITLE_PT, None),
        ("公文正文", fonts.body, BODY_PT, None),
        ("一级标题", fonts.heading, BODY_PT, 0),
        ("二级标题", fonts.kai, BODY_PT, 1),
        ("三级标题", fonts.body, BODY_PT, None),
        ("四级标题", fonts.body, BODY_PT, None),
        ("公文表格", fonts.body, TABLE_PT, None),
    ):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        _style_font(style, font, size)
        _exact_lines(style.paragraph_format)
        if outline is not None:
            _child(style.element.get_or_add_pPr(), "outlineLvl", PPR_ORDER).set(qn("w:val"), str(outline))


def _style_font(style, name: str, size: float) -> None:
    rPr = style.element.get_or_add_rPr()
    _set_fonts(rPr, name)
    _set_size(rPr, size)


def _exact_lines(paragraph_format) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(LINE_PITCH_PT)
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def _set_up_page(doc, fonts: Fonts) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    # The footer's bottom edge, so that the top of the page-number line is 7 mm below the text block.
    section.footer_distance = Mm(MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM) - Pt(PAGE_NUMBER_PT)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))

    doc.settings.odd_and_even_pages_header_footer = True
    section.different_first_page_header_footer = False
    _page_number(section.footer, fonts, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, fonts, align=WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(footer, fonts: Fonts, *, align) -> None:
    """“— 1 —”: odd pages on the right, even pages on the left, one character in from the edge."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    paragraph_format = paragraph.paragraph_format
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph_format.first_line_indent = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
    _snap_to_grid(paragraph, False)
    _run(paragraph, "— ", fonts.page, PAGE_NUMBER_PT)
    for kind in ("begin", "instr", "separate", "1", "end"):
        run = _run(paragraph, "", fonts.page, PAGE_NUMBER_PT)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        elif kind == "1":
            run.text = "1"
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    _run(paragraph, " —", fonts.page, PAGE_NUMBER_PT)


def _paragraph(doc_or_cell, style: str, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_chars: int = 0):
    paragraph = doc_or_cell.add_paragraph(style=style)
    paragraph.alignment = align
    if first_line_chars:
        _indent_chars(paragraph, first_line=first_line_chars)
    return paragraph


def _indent_chars(paragraph, *, first_line: float = 0, right: float = 0) -> None:
    """Indents in characters (w:*Chars, hundredths of a character, which follow the grid) with
    their length in twips for applications that ignore them."""
    ind = _child(paragraph._p.get_or_add_pPr(), "ind", PPR_ORDER)
    if first_line:
        ind.set(qn("w:firstLine"), str(round(first_line * BODY_PT * 20)))
        ind.set(qn("w:firstLineChars"), str(round(first_line * 100)))
    if right:
        ind.set(qn("w:right"), str(round(right * BODY_PT * 20)))
        ind.set(qn("w:rightChars"), str(round(right * 100)))


def _snap_to_grid(paragraph, snap: bool) -> None:
    _child(paragraph._p.get_or_add_pPr(), "snapToGrid", PPR_ORDER).set(qn("w:val"), "1" if snap else "0")


def _run(paragraph, text: str, font: str, size: float, *, color: RGBColor | None = None):
    run = paragraph.add_run(text)
    rPr = run._r.get_or_add_rPr()
    _set_fonts(rPr, font)
    _set_size(rPr, size)
    if color is not None:
        run.font.color.rgb = color
    return run


def _blank(doc) -> None:
    doc.add_paragraph(style="公文正文")


def _issuer_mark(doc, mark: str, fonts: Fonts) -> None:
    """发文机关标志: red, in the title font, as large as fits one line (at most 小初 36 pt)."""
    width_pt = _TEXT_WIDTH_TWIPS / 20
    size = min(36.0, int(width_pt / max(len(mark), 1) * 2) / 2)
    paragraph = _paragraph(doc, "公文标题", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _snap_to_grid(paragraph, False)
    _run(paragraph, mark, fonts.title, size, color=RED)
    _blank(doc)


def _doc_number(doc, number: str, fonts: Fonts, *, red_line: bool) -> None:
    """发文字号, centred; with a 版头, the red rule across the text block 4 mm below it."""
    paragraph = _paragraph(doc, "公文正文", align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(paragraph, number, fonts.body, BODY_PT)
    if red_line:
        bottom = OxmlElement("w:bottom")
        for name, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", "FF0000")):
            bottom.set(qn(name), value)
        _child(paragraph._p.get_or_add_pPr(), "pBdr", PPR_ORDER).append(bottom)


def _heading(doc, heading: Heading, number: str, fonts: Fonts) -> None:
    style = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}[heading.level]
    paragraph = _paragraph(doc, style, first_line_chars=2)
    _run(paragraph, number + heading.title, fonts.for_heading(heading.level), BODY_PT)
    if heading.text:
        _run(paragraph, heading.text, fonts.body, BODY_PT)


def _table(doc, table: Table, fonts: Fonts) -> None:
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    width = grid._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:w"), "5000")
    width.set(qn("w:type"), "pct")
    # The header row repeats on every page the table runs over.
    grid.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row_index, values in enumerate([table.columns, *table.rows]):
        for cell, value in zip(grid.rows[row_index].cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.style = doc.styles["公文表格"]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            font = fonts.heading if row_index == 0 else fonts.body
            _run(paragraph, str(value), font, TABLE_PT)


def _width_in_chars(text: str) -> float:
    """Width in body characters: CJK and full-width marks take one, Latin letters and digits half."""
    return sum(1 if ord(char) > 0x2E80 else 0.5 for char in text)


def _signature(doc, issuer: str, date_text: str, fonts: Fonts) -> None:
    """发文机关署名 and 成文日期 (GB/T 9704-2012, 7.3.5.2, no seal): the name two characters in from
    the right; the date under it, starting two characters further right, and at least two
    characters in from the right (the name moves left when the date is longer)."""
    name_width, date_width = _width_in_chars(issuer), _width_in_chars(date_text)
    if name_width - date_width >= 2:
        name_right, date_right = 2.0, name_width - date_width
    else:
        name_right, date_right = 4 + date_width - name_width, 2.0
    _blank(doc)
    for text, right in ((issuer, name_right), (date_text, date_right)):
        paragraph = _paragraph(doc, "公文正文", align=WD_ALIGN_PARAGRAPH.RIGHT)
        _indent_chars(paragraph, right=right)
        _run(paragraph, text, fonts.body, BODY_PT)
