"""The bulletin's DOCX, read back: the official layout of reports.docx_gbt9704 with the bulletin's content."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.oxml.ns import qn

from bulletins import services
from bulletins.documents import bulletin_docx
from reports.docx_gbt9704 import MARGIN_LEFT_MM, MARGIN_TOP_MM


def east_asia(run) -> str:
    return run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def read(bulletin) -> Document:
    bulletin.refresh_from_db()
    return Document(io.BytesIO(bulletin_docx(bulletin)))


def paragraph_starting(document, prefix: str):
    return next(paragraph for paragraph in document.paragraphs if paragraph.text.startswith(prefix))


@pytest.fixture
def document(bulletin, cast, october, county):
    services.good_practice_add(
        actor=cast["office"], bulletin=bulletin, text="推行一站式预约挂号", measure=october["c1"]
    )
    services.good_practice_add(actor=cast["office"], bulletin=bulletin, text="建立周调度机制", org=county["b"])
    services.bulletin_update(actor=cast["office"], bulletin=bulletin, next_steps="限期清零逾期事项\n开展专项督查")
    return read(bulletin)


def test_head_number_and_title(document, bulletin):
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "思想破冰大研讨工作通报"
    assert "〔2026〕第1期" in texts
    title = paragraph_starting(document, "关于2026年10月")
    assert title.text == bulletin.title
    assert east_asia(title.runs[0]) == "方正小标宋简体"
    assert document.core_properties.comments == "〔2026〕第1期"


def test_page_layout_follows_the_standard(document):
    section = document.sections[0]
    assert round(section.top_margin.mm) == MARGIN_TOP_MM
    assert round(section.left_margin.mm) == MARGIN_LEFT_MM
    heading = paragraph_starting(document, "一、总体情况")
    assert east_asia(heading.runs[0]) == "黑体"
    totals = paragraph_starting(document, "截至2026年10月31日，整改台账共有问题9个、整改措施9条")
    assert "整改完成率44.4%，按期完成率75.0%" in totals.text
    assert "红灯（逾期）2条、黄灯（临近时限或进度滞后）1条、绿灯2条" in totals.text


def test_ranking_table_with_ties(document):
    ranking = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in ranking.rows]
    assert rows[0] == ["排名", "单位", "整改措施", "已完成", "完成率", "按期完成率", "逾期"]
    assert rows[1:] == [
        ["1", "丙医院", "1", "1", "100.0%", "100.0%", "0"],
        ["2（并列）", "甲医院", "4", "2", "50.0%", "50.0%", "2"],
        ["2（并列）", "乙医院", "2", "1", "50.0%", "100.0%", "0"],
        ["4", "丁医院", "1", "0", "0.0%", "—", "0"],
    ]


def test_red_and_black_lists_and_the_rest(document):
    red = paragraph_starting(document, "（一）红榜（整改完成率90%及以上）")
    assert "丙医院（完成率100.0%）" in red.text
    black = paragraph_starting(document, "（二）黑榜（整改完成率低于85%）")
    assert "甲医院（完成率50.0%）、乙医院（完成率50.0%）、丁医院（完成率0.0%）" in black.text
    overdue = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert overdue[0] == ["单位", "问题编号", "整改措施", "责任人", "整改时限", "逾期（工作日）"]
    assert [row[0] for row in overdue[1:]] == ["甲医院医务科", "甲医院"]
    assert [row[5] for row in overdue[1:]] == ["8", "5"]
    assert paragraph_starting(document, "五、典型做法")
    assert paragraph_starting(document, "（一）丙医院：推行一站式预约挂号。")
    assert paragraph_starting(document, "（二）乙医院：建立周调度机制。")
    assert paragraph_starting(document, "六、下步工作")
    assert paragraph_starting(document, "限期清零逾期事项。")


def test_changed_thresholds_move_the_lists(bulletin, cast):
    services.bulletin_update(
        actor=cast["office"], bulletin=bulletin, red_threshold=Decimal("50"), black_threshold=Decimal("12.5")
    )
    document = read(bulletin)
    red = paragraph_starting(document, "（一）红榜（整改完成率50%及以上）")
    assert "丙医院" in red.text and "甲医院" in red.text and "乙医院" in red.text
    assert paragraph_starting(document, "（二）黑榜（整改完成率低于12.5%）").text.endswith(
        "丁医院（完成率0.0%）整改进度滞后，予以通报批评，请单位主要负责人高度重视、督促整改。"
    )


def test_command_writes_the_docx(bulletin, campaign, tmp_path):
    output = tmp_path / "通报.docx"
    call_command("bulletin", "--campaign", campaign.code, "--month", "2026-10", "-o", str(output))
    assert Document(str(output)).tables[0].rows[1].cells[1].text == "丙医院"
    with pytest.raises(CommandError, match="尚未起草"):
        call_command("bulletin", "--campaign", campaign.code, "--month", "2026-09", "-o", str(output))
    with pytest.raises(CommandError, match="格式不正确"):
        call_command("bulletin", "--campaign", campaign.code, "--month", "10/2026", "-o", str(output))
