"""A period's ranking as an Excel workbook for annual reviews: a pure function from the period and its
score rows to bytes. A ranking has one row per unit, so the workbook is built in memory."""

import io

import xlsxwriter

from assessment.models import AssessmentPeriod, Score
from assessment.scoring import COUNTS, RATES
from common.dates import cn_date

FIELD_TITLES = [
    ("method", "计分方法"),
    *[(indicator.weight_field, f"{indicator.label}权重") for indicator in RATES],
    *[(indicator.per_point_field, f"{indicator.label}每个百分点扣分") for indicator in RATES],
    *[(indicator.deduction_field, f"{indicator.label}每项扣分") for indicator in COUNTS],
    ("bottom_n", "末位单位数"),
]
HEADERS = [
    "名次",
    "单位",
    "得分",
    *[f"{indicator.label}（%）" for indicator in RATES],
    *[indicator.label for indicator in COUNTS],
    "末位",
    "处理决定",
    "说明",
    "决定人",
    "决定时间",
]


def rank_label(score: Score) -> str:
    return f"{score.rank}（并列）" if score.tied else str(score.rank)


def ranking_xlsx(period: AssessmentPeriod, rows: list[Score]) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#EEF1F4", "border": 1, "text_wrap": True})
    cell = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "0.00"})
    bottom = book.add_format({"border": 1, "font_color": "#C0392B", "bold": True})
    sheet = book.add_worksheet("考核排名")
    status = "已发布" if period.is_locked else "草稿，未发布"
    sheet.write(0, 0, f"{period.campaign.theme} {period.name}考核排名（{status}）", title)
    sheet.write(1, 0, f"考核期：{cn_date(period.starts_on)}至{cn_date(period.ends_on)}")
    sheet.write_row(2, 0, HEADERS, header)
    for index, row in enumerate(rows, start=3):
        follow_up = getattr(row, "follow_up", None)
        sheet.write(index, 0, rank_label(row), cell)
        sheet.write(index, 1, row.org.name, cell)
        sheet.write_number(index, 2, float(row.score), number)
        for offset, indicator in enumerate(RATES, start=3):
            value = getattr(row, indicator.key)
            if value is None:
                sheet.write(index, offset, "—", cell)
            else:
                sheet.write_number(index, offset, float(value), number)
        for offset, indicator in enumerate(COUNTS, start=3 + len(RATES)):
            sheet.write_number(index, offset, getattr(row, indicator.key), cell)
        column = 3 + len(RATES) + len(COUNTS)
        sheet.write(index, column, "是" if row.is_bottom else "", bottom if row.is_bottom else cell)
        sheet.write_row(
            index,
            column + 1,
            [
                follow_up.get_decision_display() if follow_up else "",
                follow_up.remark if follow_up else "",
                str(follow_up.decided_by) if follow_up else "",
                follow_up.decided_at.strftime("%Y-%m-%d %H:%M") if follow_up else "",
            ],
            cell,
        )
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, len(HEADERS) - 1, 12)
    sheet.freeze_panes(3, 2)
    _scheme_sheet(book, period, header)
    book.close()
    return output.getvalue()


def _scheme_sheet(book, period: AssessmentPeriod, header) -> None:
    """The settings the scores were made with, so the figures can be checked a year later."""
    sheet = book.add_worksheet("计分办法")
    sheet.write_row(0, 0, ["项目", "设定"], header)
    scheme = period.scheme
    if scheme is None:
        sheet.write(1, 0, "尚未计算得分")
        return
    for index, (name, label) in enumerate(FIELD_TITLES, start=1):
        value = scheme.get_method_display() if name == "method" else getattr(scheme, name)
        sheet.write(index, 0, label)
        sheet.write(index, 1, value if isinstance(value, str | int) else float(value))
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 28)
