"""The GB/T 9704-2012 layout, read back from the bytes with python-docx and its XML."""

import datetime
import io
import re

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from campaigns.validators import DOC_NUMBER_RE
from reports.docx_gbt9704 import (
    Fonts,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    chinese_numeral,
    heading_number,
    render,
)

FONTS = Fonts()


def sample() -> OfficialDocument:
    return OfficialDocument(
        title="测试县卫生健康委员会关于思想破冰大研讨自查情况的报告",
        issuer="测试县卫生健康委员会",
        date=datetime.date(2026, 11, 22),
        doc_number="测卫发〔2026〕12号",
        issuer_mark="测试县卫生健康委员会文件",
        recipient="测试县人民政府",
        body=[
            Paragraph("现将自查情况报告如下："),
            Heading(1, "存在的问题"),
            Heading(2, "围绕服务意识方面。", "查摆问题2个："),
            Heading(3, "门诊排队时间长。"),
            Heading(4, "高峰期排队超过30分钟。"),
            Heading(4, "自助机数量不足。"),
            Heading(3, "住院满意度调查流于形式。"),
            Heading(2, "围绕工作作风方面。"),
            Heading(3, "会议记录不全。"),
            Heading(1, "整改措施"),
            Heading(2, "立行立改。"),
            Table(["类别", "措施"], [["服务意识", "2"]]),
            Paragraph("下一步，持续抓好整改落实。"),
        ],
    )


@pytest.fixture(scope="module")
def document():
    return Document(io.BytesIO(render(sample(), FONTS)))


def east_asia(run_or_rpr) -> str:
    rPr = getattr(run_or_rpr, "_r", None)
    rPr = rPr.rPr if rPr is not None else run_or_rpr
    return rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def size_pt(run) -> float:
    return run.font.size.pt


def paragraph_starting(document, prefix: str):
    return next(paragraph for paragraph in document.paragraphs if paragraph.text.startswith(prefix))


def test_page_is_a4_with_the_standard_margins(document):
    section = document.sections[0]
    for length, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(length.mm - mm) < 0.1


def test_the_grid_gives_22_lines_of_28_characters(document):
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert line_pitch_pt == pytest.approx(28.95, abs=0.01)
    text_height_pt = section.page_height.pt - section.top_margin.pt - section.bottom_margin.pt
    assert int(text_height_pt // line_pitch_pt) == 22
    char_pitch_pt = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    text_width_pt = section.page_width.pt - section.left_margin.pt - section.right_margin.pt
    assert text_width_pt / char_pitch_pt == pytest.approx(28, abs=0.01)
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.line_spacing.pt == pytest.approx(28.95, abs=0.01)


def test_normal_style_and_defaults_name_the_east_asian_body_font(document):
    normal = document.styles["Normal"]
    assert east_asia(normal.element.rPr) == FONTS.body
    assert normal.font.size.pt == 16
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert east_asia(defaults) == FONTS.body
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None


def test_title_is_22pt_in_the_title_font_centred(document):
    title = paragraph_starting(document, "测试县卫生健康委员会关于")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [(east_asia(run), size_pt(run)) for run in title.runs] == [(FONTS.title, 22)]
    assert east_asia(document.styles["公文标题"].element.rPr) == FONTS.title


def test_body_is_16pt_in_the_body_font_indented_two_characters(document):
    body = paragraph_starting(document, "现将自查情况")
    assert [(east_asia(run), size_pt(run)) for run in body.runs] == [(FONTS.body, 16)]
    ind = body._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200" and ind.get(qn("w:firstLine")) == "640"


def test_headings_are_numbered_by_level_in_their_fonts(document):
    texts = [paragraph.text for paragraph in document.paragraphs]
    numbered = [
        text
        for text in texts
        if re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)", text)
    ]
    assert numbered == [
        "一、存在的问题",
        "（一）围绕服务意识方面。查摆问题2个：",
        "1.门诊排队时间长。",
        "（1）高峰期排队超过30分钟。",
        "（2）自助机数量不足。",
        "2.住院满意度调查流于形式。",
        "（二）围绕工作作风方面。",
        "1.会议记录不全。",
        "二、整改措施",
        "（一）立行立改。",
    ]
    level_1 = paragraph_starting(document, "一、")
    assert [(east_asia(run), size_pt(run)) for run in level_1.runs] == [(FONTS.heading, 16)]
    level_2 = paragraph_starting(document, "（一）围绕")
    heading, text = level_2.runs
    assert (heading.text, east_asia(heading), east_asia(text)) == ("（一）围绕服务意识方面。", FONTS.kai, FONTS.body)
    assert east_asia(paragraph_starting(document, "1.").runs[0]) == FONTS.body
    assert east_asia(paragraph_starting(document, "（1）").runs[0]) == FONTS.body
    assert document.styles["一级标题"].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (35, "三十五"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
    ],
)
def test_chinese_numerals(number, text):
    assert chinese_numeral(number) == text


def test_heading_numbers():
    assert [heading_number(level, 12) for level in (1, 2, 3, 4)] == ["十二、", "（十二）", "12.", "（12）"]


def test_odd_and_even_footers_carry_the_page_number_outside(document):
    settings = document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = document.sections[0]
    odd, even = section.footer, section.even_page_footer
    assert not odd.is_linked_to_previous and not even.is_linked_to_previous
    for footer, alignment in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        [paragraph] = footer.paragraphs
        assert paragraph.alignment == alignment
        pieces = []
        for run in paragraph._p.findall(qn("w:r")):
            assert run.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == FONTS.page
            assert run.rPr.find(qn("w:sz")).get(qn("w:val")) == "28"  # 14 pt, 4号
            for child in run:
                if child.tag == qn("w:t"):
                    pieces.append(child.text)
                elif child.tag == qn("w:fldChar"):
                    pieces.append(child.get(qn("w:fldCharType")))
                elif child.tag == qn("w:instrText"):
                    pieces.append(child.text.strip())
        assert pieces == ["— ", "begin", "PAGE", "separate", "1", "end", " —"]
    assert section.footer.paragraphs[0].paragraph_format.right_indent.pt == 14
    assert section.even_page_footer.paragraphs[0].paragraph_format.left_indent.pt == 14


def test_document_number_issuer_and_date(document):
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "测试县卫生健康委员会文件" in texts
    number = next(text for text in texts if "〔" in text)
    assert DOC_NUMBER_RE.match(number) and number == "测卫发〔2026〕12号"
    assert "测试县人民政府：" in texts
    issuer, date = [paragraph for paragraph in document.paragraphs if paragraph.text][-2:]
    assert issuer.text == "测试县卫生健康委员会" and date.text == "2026年11月22日"
    assert issuer.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # 7.3.5.2: the name two characters in from the right, the date starting two characters further right.
    right = [int(p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))) for p in (issuer, date)]
    assert right == [200, 300]


def test_a_date_longer_than_the_issuer_keeps_two_characters_from_the_edge():
    short = OfficialDocument(title="报告", issuer="甲医院", date=datetime.date(2026, 1, 5))
    paragraphs = [p for p in Document(io.BytesIO(render(short))).paragraphs if p.text][-2:]
    assert [p.text for p in paragraphs] == ["甲医院", "2026年1月5日"]
    right = [int(p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))) for p in paragraphs]
    # The date (6 characters wide) ends two characters in; the name starts two characters before it.
    assert right == [700, 200]


def test_tables_keep_the_text_block_width_and_repeat_their_header(document):
    [table] = document.tables
    assert table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:type")) == "pct"
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert east_asia(header.cells[0].paragraphs[0].runs[0]) == FONTS.heading
    assert east_asia(table.rows[1].cells[0].paragraphs[0].runs[0]) == FONTS.body


def test_font_names_follow_the_deployment():
    fonts = Fonts(title="方正小标宋_GBK", body="仿宋", heading="黑体", kai="楷体", page="宋体")
    document = Document(io.BytesIO(render(sample(), fonts)))
    assert east_asia(document.styles["Normal"].element.rPr) == "仿宋"
    assert east_asia(paragraph_starting(document, "（一）").runs[0]) == "楷体"
    assert east_asia(paragraph_starting(document, "测试县卫生健康委员会关于").runs[0]) == "方正小标宋_GBK"
