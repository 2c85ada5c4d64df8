"""What the three documents say: their figures are the ledger selectors' figures, for what the asker may see."""

import datetime
import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from common.exceptions import DomainError
from ledger.selectors import campaign_family_ids, ledger_statistics_by_subtree, measure_list
from reports import selectors, services
from reports.choices import ReportKind
from reports.tests.conftest import REPORT_DAY, docx_text


def generate(actor, kind, campaign, **options) -> str:
    [file] = services.report_generate(actor=actor, kind=kind, campaign=campaign, today=REPORT_DAY, **options)
    assert file.name.endswith(".docx")
    return docx_text(file.content)


def numbered(text: str) -> list[str]:
    return [
        line
        for line in text.splitlines()
        if re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)", line)
    ]


def test_self_inspection_groups_problems_by_category(ledger, cast, campaign):
    text = generate(cast["office"], ReportKind.SELF_INSPECTION, campaign)
    first, second = ledger["cats"][0].name, ledger["cats"][1].name
    assert "测试县卫健委关于思想破冰大研讨自查情况的报告" in text
    assert "共查摆问题4个" in text and "研究制定整改措施8条" in text
    assert numbered(text) == [
        "一、存在的问题",
        f"（一）围绕{first}方面。查摆问题1个：",
        "1.政治理论学习以读代学，学习笔记照抄照搬。（甲医院医务科）",
        f"（二）围绕{second}方面。查摆问题2个：",
        "1.门诊挂号排队时间长，群众反映强烈。（甲医院）",
        "2.住院患者满意度调查流于形式。（乙医院）",
        "（三）围绕其他方面。查摆问题1个：",
        "1.药品库存账实不符。（丙医院）",
        "二、原因剖析",
        f"（一）{first}方面。",
        "1.对理论学习重要性认识不足。",
        f"（二）{second}方面。",
        "1.服务意识淡薄，流程设计以科室为中心。",
        "三、下一步工作方向及整改措施",
        "（一）坚持限期整改，逐项销号。",
        "1.改进学习方式，推行领学加研讨（责任单位：甲医院医务科，完成时限：2026年12月31日）。",
        "2.增设自助挂号机（责任单位：甲医院，完成时限：2026年9月30日）。",
        "3.推行分时段预约挂号（责任单位：甲医院，完成时限：2026年9月30日）。",
        "4.委托第三方开展满意度调查（责任单位：乙医院，完成时限：2026年10月15日）。",
        "5.满意度结果纳入科室绩效（责任单位：乙医院，完成时限：2026年12月31日）。",
        "6.全面盘点药库（责任单位：丙医院，完成时限：2026年9月30日）。",
        "7.上线药品进销存系统（责任单位：丙医院，完成时限：2026年12月31日）。",
        "（二）坚持建章立制，长效长治。",
        "1.建立理论学习考勤和通报制度（责任单位：甲医院医务科，长期坚持）。",
    ]
    lines = text.splitlines()
    assert lines[-2:] == ["测试县卫健委", "2026年11月15日"]
    assert "测卫发〔2026〕12号" in lines


def test_rectification_figures_are_the_selectors_figures(ledger, cast, campaign, county):
    text = generate(cast["office"], ReportKind.RECTIFICATION, campaign)
    measures = measure_list(cast["office"]).filter(
        campaign_id__in=campaign_family_ids(campaign), org__path__startswith=county["commission"].path
    )
    [row] = ledger_statistics_by_subtree(measures, orgs=[county["commission"]], today=REPORT_DAY)
    assert (row["total"], row["closed"], row["closed_on_time"], row["overdue"]) == (8, 3, 2, 1)
    summary = next(line for line in text.splitlines() if line.startswith("截至2026年11月15日"))
    assert summary == (
        f"截至2026年11月15日，共查摆问题4个，制定整改措施{row['total']}条，已完成{row['closed']}条，"
        f"整改完成率{row['completion_rate'] * 100:.1f}%；已销号{row['closed_with_deadline']}条，"
        f"其中按期完成{row['closed_on_time']}条，按期完成率{row['on_time_rate'] * 100:.1f}%；"
        f"尚未完成5条，其中逾期{row['overdue']}条、临近时限{row['yellow']}条。各方面整改情况如下表："
    )
    assert "合计 | 8 | 3 | 37.5% | 66.7% | 1" in text
    # Each problem with its measures, their latest progress and completion.
    assert "1.门诊挂号排队时间长，群众反映强烈。（2026-PB-JYY-001，甲医院）" in text
    assert "（1）增设自助挂号机。（限期整改，已销号）最新进展（2026年9月20日）：" in text
    assert "已于2026年9月20日验收销号（按期完成）。" in text
    assert "已于2026年10月10日验收销号（逾期完成）。" in text
    assert "（1）委托第三方开展满意度调查。（限期整改，未启动）整改时限2026年10月15日，已逾期，完成进度0%。" in text


def test_monthly_bulletin_ranks_units_by_completion(ledger, cast, campaign):
    text = generate(cast["office"], ReportKind.MONTHLY, campaign, month=datetime.date(2026, 11, 1))
    assert "测试县卫健委关于2026年11月思想破冰大研讨整改工作情况的通报" in text
    table = [line for line in text.splitlines() if re.match(r"^\d+ \| ", line)]
    assert table == [
        "1 | 丙医院 | 2 | 1 | 50.0% | 100.0% | 0",
        "2 | 甲医院 | 4 | 2 | 50.0% | 50.0% | 0",
        "3 | 乙医院 | 2 | 0 | 0.0% | — | 1",
    ]
    assert "（一）红榜。丙医院（完成率50.0%）整改进度快" in text
    assert "（二）黑榜。乙医院（完成率0.0%，逾期1条）整改进度靠后" in text
    assert "1.乙医院：委托第三方开展满意度调查。（问题编号2026-PB-YYY-001，整改时限2026年10月15日，已逾期31天" in text
    assert "本月新增问题0个，验收销号0条；逾期未完成1条" in text


def test_monthly_bulletin_of_a_past_month_counts_that_month(ledger, cast, campaign):
    text = generate(cast["office"], ReportKind.MONTHLY, campaign, month=datetime.date(2026, 9, 1))
    assert "截至2026年9月30日" in text and "本月新增问题4个，验收销号2条" in text


def test_a_future_month_is_refused(ledger, cast, campaign):
    with pytest.raises(DomainError, match="尚未开始"):
        generate(cast["office"], ReportKind.MONTHLY, campaign, month=datetime.date(2026, 12, 1))


def test_a_report_holds_only_what_the_asker_may_see(ledger, cast, campaign, county):
    text = generate(cast["owner_b"], ReportKind.SELF_INSPECTION, campaign)
    assert "乙医院关于思想破冰大研讨自查情况的报告" in text
    assert "住院患者满意度调查流于形式" in text
    assert "门诊挂号" not in text and "药品库存" not in text
    with pytest.raises(DomainError, match="您无权生成“甲医院”的报告"):
        generate(cast["owner_b"], ReportKind.SELF_INSPECTION, campaign, org=county["a"])


def test_a_sub_plan_the_asker_cannot_see_is_refused(ledger, cast, rolled_out):
    with pytest.raises(DomainError, match="无权查看"):
        generate(cast["owner_b"], ReportKind.RECTIFICATION, rolled_out["JYY"])


def test_a_unit_reports_on_its_sub_plan(ledger, cast, rolled_out):
    text = generate(cast["office_a"], ReportKind.RECTIFICATION, rolled_out["JYY"])
    assert "制定整改措施4条，已完成2条，整改完成率50.0%" in text
    # A sub-plan without a document number gets one in the org's name, to be corrected before issuing.
    assert "甲医院发〔2026〕1号" in text.splitlines()


def test_the_document_number_is_checked(ledger, cast, campaign):
    with pytest.raises(DomainError, match="六角括号"):
        generate(cast["office"], ReportKind.SELF_INSPECTION, campaign, doc_number="测卫发[2026]3号")
    text = generate(cast["office"], ReportKind.SELF_INSPECTION, campaign, doc_number="测卫发〔2026〕15号")
    assert "测卫发〔2026〕15号" in text.splitlines()


def test_an_empty_ledger_still_makes_a_document(cast, campaign):
    for kind in ReportKind.values:
        text = generate(cast["office"], kind, campaign, month=datetime.date(2026, 11, 1))
        assert "测试县卫健委\n2026年11月15日" in text


def test_default_org_is_the_campaign_org_or_the_askers_highest(cast, campaign, county):
    assert selectors.report_default_org(cast["office"], campaign) == county["commission"]
    assert selectors.report_default_org(cast["owner_a"], campaign) == county["dept_a"]
    assert list(selectors.report_org_list(cast["owner_b"], campaign)) == [county["b"]]


def test_fonts_come_from_settings(ledger, cast, campaign, settings):
    settings.REPORT_FONT_BODY = "仿宋"
    settings.REPORT_FONT_KAI = "楷体"
    [file] = services.report_generate(
        actor=cast["office"], kind=ReportKind.SELF_INSPECTION, campaign=campaign, today=REPORT_DAY
    )
    document = Document(io.BytesIO(file.content))
    heading = next(p for p in document.paragraphs if p.text.startswith("（一）"))
    assert [run._r.rPr.rFonts.get(qn("w:eastAsia")) for run in heading.runs] == ["楷体", "仿宋"]
