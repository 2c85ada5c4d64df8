"""Write docs/samples/巡察反馈问题整改台账（示例）.xlsx: a messy ledger as hospitals really keep them.

    python docs/samples/make_sample.py

It exercises everything the importer (ledger/imports) accepts: a title row and a 填报单位 / 填报日期
row above a two-row header (责任主体 over 分管领导 / 责任科室（单位） / 具体责任人), varying header
words, a category merged over several problems and a problem merged over its measures, 序号 in
full-width digits, deadlines in many spellings (a date cell, an Excel serial number, 2027年3月31日,
２０２７.６.３０, 2027-06, 2027年1月, 2027年底, …前, 立行立改, 长期坚持), blank separator rows and a
注： row at the end.

The people and departments are those of 青山县人民医院 in the demo county (`manage.py demo`), so a
newcomer can import it as the hospital's office (qsrmyy-office) into the hospital's sub-plan
2026-PB-QSRMYY — in the pages (整改台账 → 导入台账) or with

    python manage.py import_ledger "docs/samples/巡察反馈问题整改台账（示例）.xlsx" --campaign 2026-PB-QSRMYY --org QSRMYY

Deadlines fall in the year after the one the file is generated in (none may be earlier than the day
of the import): regenerate it when that year has come.
"""

import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

OUT = Path(__file__).resolve().parent / "巡察反馈问题整改台账（示例）.xlsx"
Y = datetime.date.today().year + 1
FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")

# (序号, 类别, 问题, 原因剖析, [(措施, 时限, 分管领导, 责任科室, 责任人, 验收标准)])
PROBLEMS = [
    (
        "１",
        "服务意识方面",
        "门诊“一站式”服务中心设置后仍存在多头跑、反复跑现象，患者反映挂号、缴费、检查预约需往返多个窗口。",
        "流程再造停留在窗口合并，未打通信息系统；部门之间各管一段。",
        [
            (
                "打通挂号、收费、检查预约信息系统，实现一窗通办",
                f"{Y}年3月31日",
                "金慧敏",
                "门诊部",
                "吕立新",
                "同一事项办理窗口不超过1个",
            ),
            ("在门诊大厅增设自助机6台，安排志愿者引导", "立行立改", "金慧敏", "门诊部", "吕立新", "自助机投入使用"),
            ("每月开展患者满意度调查并通报", "长期坚持", "严雪莲", "院长办公室", "王文杰", "门诊满意度达到90%以上"),
        ],
    ),
    (
        "２",
        None,  # merged with the category above
        "部分医务人员服务态度生硬，投诉量同比上升。",
        "服务礼仪培训流于形式，考核与绩效脱节。",
        [
            (
                "开展全员服务礼仪轮训，考试合格率100%",
                f"{Y}.6.30".translate(FULL),
                "金慧敏",
                "护理部",
                "孔秀英",
                "培训覆盖全体医护人员",
            ),
            ("将投诉情况纳入科室月度绩效考核", f"{Y}-06", "严雪莲", "财务科", "曹建国", "考核办法印发实施"),
        ],
    ),
    (
        "３",
        "工作作风方面",
        "病历书写不规范，运行病历抽查合格率仅为82%。",
        "质控措施落实不到位，重数量轻质量。",
        [
            ("每周开展运行病历专项抽查并通报", f"{Y}年1月", "金慧敏", "医务科", "冯丽华", "运行病历合格率不低于95%"),
            ("修订病历书写质量考核细则", datetime.date(Y, 2, 28), "金慧敏", "医务科", "冯丽华", "细则印发执行"),
        ],
    ),
    (
        "４",
        None,
        "医保基金使用存在超标准收费、重复收费问题。",
        "收费项目对照不及时，事前提醒功能未启用。",
        [
            (
                "全面自查近两年收费明细，违规费用全部退还",
                f"{Y}年6月30日前",
                "周雪莲",
                "医保办",
                "张晓明",
                "退还到位，形成自查报告",
            ),
            (
                "上线医保智能审核系统",
                (datetime.date(Y, 9, 30) - datetime.date(1899, 12, 30)).days,
                "金慧敏",
                "医保办",
                "张晓明",
                "系统上线运行",
            ),
        ],
    ),
    (
        "５",
        "责任担当方面",
        "药品耗材采购审批把关不严，个别品种未经药事委员会审议即采购。",
        "制度执行打折扣，监督缺位。",
        [
            ("修订药品耗材遴选和采购管理办法", f"{Y}年底", "严雪莲", "药剂科", "施春梅", "办法经院党委会审议通过"),
            ("纪检监察室每季度开展专项监督检查", "长期坚持", "严雪莲", "纪检监察室", "许国栋", "每季度形成检查报告"),
        ],
    ),
    (
        "６",
        None,
        "宣传工作亮点挖掘不够，先进典型宣传报道偏少。",
        "",
        [
            (
                "建立典型选树和宣传工作机制，每季度推出一名先进典型",
                f"{Y}年12月31日",
                "金慧敏",
                "宣传科",
                "何海燕",
                "全年宣传先进典型不少于4名",
            )
        ],
    ),
]
HEADER = [
    "序号",
    "问题类别",
    "巡察反馈问题",
    "原因剖析",
    "具体整改措施",
    "时限要求",
    "责任主体",
    None,
    None,
    "验收标准",
]
SUBHEADER = [None, None, None, None, None, None, "分管领导", "责任科室（单位）", "具体责任人", None]
WIDTHS = [6, 12, 40, 26, 36, 14, 10, 14, 10, 24]


class Rows:
    """Writes rows one under another and says where each went (openpyxl's append skips empty rows
    when counting)."""

    def __init__(self, sheet):
        self.sheet, self.row = sheet, 0

    def put(self, values=(), skip: int = 0) -> int:
        self.row += 1 + skip
        for col, value in enumerate(values, start=1):
            if value is not None:
                self.sheet.cell(self.row, col, value)
        return self.row


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    rows = Rows(sheet)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    last_col = len(HEADER)

    rows.put(["青山县人民医院巡察反馈问题整改台账"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    rows.put(["填报单位：青山县人民医院（盖章）", None, None, None, None, None, None, f"填报日期：{Y - 1}年11月20日"])
    sheet.merge_cells("A2:E2")
    sheet.merge_cells("H2:J2")
    rows.put(HEADER)
    rows.put(SUBHEADER)
    for col, text in enumerate(HEADER, start=1):
        if text is not None and text != "责任主体":
            sheet.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    sheet.merge_cells("G3:I3")
    for line in sheet.iter_rows(min_row=3, max_row=4, max_col=last_col):
        for cell in line:
            cell.font, cell.border = Font(bold=True), box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    category_start = None
    for number, category, problem, cause, measures in PROBLEMS:
        # A blank row between categories.
        skip = 1 if category is not None and category_start is not None else 0
        first = None
        for index, (content, deadline, leader, dept, owner, standard) in enumerate(measures):
            head = [number, category, problem, cause] if index == 0 else [None] * 4
            row = rows.put([*head, content, deadline, leader, dept, owner, standard], skip=skip if index == 0 else 0)
            first = first or row
            if isinstance(deadline, datetime.date):
                sheet.cell(row, 6).number_format = "yyyy/m/d"
        last = rows.row
        if category is not None:
            category_start = first
        if last > first:
            for col in (1, 3, 4):
                sheet.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
        # The category is merged down over all of its problems.
        for merged in list(sheet.merged_cells.ranges):
            if merged.min_col == 2 and merged.min_row == category_start:
                sheet.merged_cells.remove(merged)
        if last > category_start:
            sheet.merge_cells(start_row=category_start, start_column=2, end_row=last, end_column=2)
        for line in sheet.iter_rows(min_row=first, max_row=last, max_col=last_col):
            for cell in line:
                cell.border, cell.alignment = box, wrap

    note = rows.put(
        ["注：1.整改时限可填写具体日期或“立行立改”“长期坚持”；2.责任人须为本院在册人员；3.本表一式两份。"], skip=1
    )
    sheet.merge_cells(start_row=note, start_column=1, end_row=note, end_column=last_col)
    rows.put(["填表人：王文杰", None, None, None, "审核人：严雪莲"])
    for col, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + col)].width = width
    return book


if __name__ == "__main__":
    build().save(OUT)
    print(f"已生成 {OUT}")
