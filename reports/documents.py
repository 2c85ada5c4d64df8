"""The three documents, composed from the data of `reports.selectors` (no database here).

Each function takes the selector's dict and returns an `OfficialDocument`: the wording of a 自查报告
follows the shape of the self-inspection reports that offices write (an opening paragraph, 存在的
问题 by aspect, 原因剖析, 下一步工作方向); the 整改情况报告 and the 月度通报 state the ledger's
figures and list its items.
"""

import datetime

from common.dates import cn_date
from ledger.choices import Light, MeasureKind, MeasureStatus
from reports.docx_gbt9704 import Heading, OfficialDocument, Paragraph, Table

OTHER_CATEGORY = "其他"
KIND_HEADINGS = {
    MeasureKind.IMMEDIATE: "坚持立行立改，即知即改。",
    MeasureKind.DEADLINE: "坚持限期整改，逐项销号。",
    MeasureKind.LONG_TERM: "坚持建章立制，长效长治。",
}


def sentence(text: str) -> str:
    """The text as one sentence: trailing spaces gone, a full stop added when it has none."""
    text = " ".join(text.split())
    return text if text.endswith(("。", "！", "？", "；", "”", "）")) else f"{text}。"


def clause(text: str) -> str:
    """The text without its closing full stop, to be followed by more of the same sentence."""
    return " ".join(text.split()).rstrip("。；;.")


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _aspect(name: str | None) -> str:
    return f"{name or OTHER_CATEGORY}方面"


def _plan(data: dict) -> str:
    """《…方案》（〔〕号） as the opening sentence cites it."""
    campaign = data["campaign"]
    number = f"（{campaign['doc_number']}）" if campaign["doc_number"] else ""
    return f"《{campaign['theme']}实施方案》{number}"


def _base(data: dict, *, title: str, doc_number: str, recipient: str | None = None) -> OfficialDocument:
    org = data["org"]["name"]
    return OfficialDocument(
        title=title,
        issuer=org,
        date=data["today"],
        doc_number=doc_number,
        issuer_mark=f"{org}文件",
        recipient=data["org"]["parent"] if recipient is None else recipient,
    )


# --- 自查报告 -------------------------------------------------------------------------------------


def self_inspection_document(data: dict, *, doc_number: str) -> OfficialDocument:
    org, theme = data["org"]["name"], data["campaign"]["theme"]
    document = _base(data, title=f"{org}关于{theme}自查情况的报告", doc_number=doc_number)
    categories = data["categories"]
    aspects = [category["name"] for category in categories if category["name"]]
    aspect_text = f"围绕{'、'.join(aspects)}等{len(aspects)}个方面" if aspects else "对照活动要求"
    sources = "、".join(label for label, _ in data["sources"])
    by_sources = f"，通过{sources}等方式" if sources else ""
    high = f"（其中重点问题{data['high_count']}个）" if data["high_count"] else ""
    body = document.body
    body.append(
        Paragraph(
            f"按照{_plan(data)}部署，{org}组织全体党员干部职工{aspect_text}{by_sources}开展自查，"
            f"共查摆问题{data['problem_count']}个{high}，逐一分析症结、研究制定整改措施{data['measure_count']}条，"
            "推动各项要求落到实处、取得实效。现将自查情况报告如下："
        )
    )

    body.append(Heading(1, "存在的问题"))
    if not categories:
        body.append(Paragraph("经自查，暂未查摆出问题。"))
    else:
        body.append(
            Paragraph(
                f"对照{theme}确定的重点查摆内容，组织全体干部职工再次查摆剖析差距短板，"
                f"共查摆问题{data['problem_count']}个，具体如下："
            )
        )
    for category in categories:
        body.append(Heading(2, f"围绕{_aspect(category['name'])}。", f"查摆问题{len(category['problems'])}个："))
        for problem in category["problems"]:
            unit = f"（{problem['org']}）" if problem["org"] else ""
            body.append(Heading(3, sentence(problem["description"]), unit))

    body.append(Heading(1, "原因剖析"))
    with_causes = [category for category in categories if category["root_causes"]]
    if not with_causes:
        body.append(Paragraph("各问题的原因剖析尚在进行中，将在整改过程中进一步深挖思想根源。"))
    else:
        body.append(Paragraph("对照查摆出的问题，深挖思想根源，主要有以下几方面原因："))
    for category in with_causes:
        body.append(Heading(2, f"{_aspect(category['name'])}。"))
        body.extend(Heading(3, sentence(cause)) for cause in category["root_causes"])

    body.append(Heading(1, "下一步工作方向及整改措施"))
    groups = [group for group in data["measures_by_kind"] if group["measures"]]
    if not groups:
        body.append(Paragraph("针对查摆出的问题，整改措施正在研究制定中，将逐项明确责任单位、责任人和整改时限。"))
    else:
        counts = "、".join(f"{group['label']}{len(group['measures'])}条" for group in groups)
        body.append(
            Paragraph(
                f"针对查摆出的问题，制定整改措施{data['measure_count']}条，其中{counts}，逐项明确责任单位、"
                "责任人和整改时限，做到问题不查清不放过、整改不到位不放过。"
            )
        )
    for group in groups:
        body.append(Heading(2, KIND_HEADINGS[group["kind"]]))
        for measure in group["measures"]:
            deadline = f"，完成时限：{cn_date(measure['deadline'])}" if measure["deadline"] else "，长期坚持"
            body.append(Heading(3, f"{clause(measure['content'])}（责任单位：{measure['org']}{deadline}）。"))
    body.append(
        Paragraph(
            f"下一步，{org}将以此次自查为契机，对照问题清单、任务清单、责任清单，逐项抓好整改落实，"
            "确保问题整改到位、取得实效。"
        )
    )
    return document


# --- 整改情况报告 ----------------------------------------------------------------------------------


def _measure_text(measure: dict) -> str:
    """One measure's state: its kind and status, the latest progress and the completion."""
    parts = [f"（{measure['kind']}，{measure['status_label']}）"]
    if measure["latest_text"]:
        parts.append(f"最新进展（{cn_date(measure['latest_on'])}）：{sentence(measure['latest_text'])}")
    if measure["status"] == MeasureStatus.CLOSED:
        timing = "按期" if measure["on_time"] else "逾期"
        parts.append(f"已于{cn_date(measure['closed_on'])}验收销号（{timing}完成）。")
    elif measure["status"] == MeasureStatus.ONGOING:
        parts.append("已通过验收，转入持续推进。")
    else:
        deadline = f"整改时限{cn_date(measure['due_on'])}，" if measure["due_on"] else ""
        overdue = "已逾期，" if measure["light"] == Light.RED else ""
        parts.append(f"{deadline}{overdue}完成进度{measure['percent']}%。")
    return "".join(parts)


def rectification_document(data: dict, *, doc_number: str) -> OfficialDocument:
    org, theme = data["org"]["name"], data["campaign"]["theme"]
    totals = data["totals"]
    document = _base(data, title=f"{org}关于{theme}问题整改情况的报告", doc_number=doc_number)
    body = document.body
    body.append(
        Paragraph(
            f"按照{_plan(data)}部署，{org}对照问题清单，逐项制定整改措施、明确责任、限时整改。现将整改情况报告如下："
        )
    )
    body.append(Heading(1, "总体情况"))
    unfinished = totals["total"] - totals["closed"]
    body.append(
        Paragraph(
            f"截至{cn_date(data['today'])}，共查摆问题{data['problem_count']}个，制定整改措施{totals['total']}条，"
            f"已完成{totals['closed']}条，整改完成率{percent(totals['completion_rate'])}；"
            f"已销号{totals['closed_with_deadline']}条，其中按期完成{totals['closed_on_time']}条，"
            f"按期完成率{percent(totals['on_time_rate'])}；尚未完成{unfinished}条，其中逾期{totals['overdue']}条、"
            f"临近时限{totals['yellow']}条。各方面整改情况如下表："
        )
    )
    body.append(
        Table(
            ["问题类别", "整改措施", "已完成", "完成率", "按期完成率", "逾期"],
            [
                [
                    row["category"] or OTHER_CATEGORY,
                    str(row["total"]),
                    str(row["closed"]),
                    percent(row["completion_rate"]),
                    percent(row["on_time_rate"]),
                    str(row["overdue"]),
                ]
                for row in data["by_category"]
            ]
            + [
                [
                    "合计",
                    str(totals["total"]),
                    str(totals["closed"]),
                    percent(totals["completion_rate"]),
                    percent(totals["on_time_rate"]),
                    str(totals["overdue"]),
                ]
            ],
        )
    )
    body.append(Heading(1, "问题整改落实情况"))
    if not data["categories"]:
        body.append(Paragraph("暂无问题。"))
    for category in data["categories"]:
        body.append(Heading(2, f"{_aspect(category['name'])}。", f"共{len(category['problems'])}个问题。"))
        for problem in category["problems"]:
            body.append(Heading(3, sentence(problem["description"]), f"（{problem['code']}，{problem['org']}）"))
            if not problem["measures"]:
                body.append(Paragraph("整改措施正在制定中。"))
            for measure in problem["measures"]:
                body.append(Heading(4, sentence(measure["content"]), _measure_text(measure)))
    body.append(Heading(1, "下一步工作打算"))
    next_steps = [
        f"对尚未完成的{unfinished}条整改措施，逐条盯紧时限、压实责任，确保按期完成。"
        if unfinished
        else "全部整改措施均已完成，将持续巩固整改成果，防止问题反弹回潮。",
    ]
    if totals["overdue"]:
        next_steps.append(f"对已逾期的{totals['overdue']}条整改措施，逐条分析原因，明确完成时限，限期清零。")
    next_steps.append("对已完成的整改事项适时开展“回头看”，对长期坚持的事项完善制度、形成长效机制。")
    body.extend(Heading(2, text) for text in next_steps)
    return document


# --- 月度通报 ------------------------------------------------------------------------------------


def _month_text(month: datetime.date) -> str:
    return f"{month.year}年{month.month}月"


def _board(units: list[dict], *, show_overdue: bool) -> str:
    names = []
    for unit in units:
        detail = f"完成率{percent(unit['completion_rate'])}"
        if show_overdue and unit["red"]:
            detail += f"，逾期{unit['red']}条"
        names.append(f"{unit['org']}（{detail}）")
    return "、".join(names)


def monthly_document(data: dict, *, doc_number: str) -> OfficialDocument:
    org, theme = data["org"]["name"], data["campaign"]["theme"]
    month = _month_text(data["month"])
    totals = data["totals"]
    document = _base(
        data, title=f"{org}关于{month}{theme}整改工作情况的通报", doc_number=doc_number, recipient="各有关单位"
    )
    body = document.body
    body.append(
        Paragraph(f"按照{_plan(data)}“一月一督查、一月一通报”工作要求，现将{month}{theme}问题整改工作情况通报如下：")
    )
    body.append(Heading(1, "总体情况"))
    body.append(
        Paragraph(
            f"截至{cn_date(data['as_of'])}，整改台账共有问题{data['problem_count']}个、整改措施{totals['total']}条，"
            f"已完成{totals['closed']}条，整改完成率{percent(totals['completion_rate'])}，"
            f"按期完成率{percent(totals['on_time_rate'])}。本月新增问题{data['new_problems']}个，"
            f"验收销号{data['closed_in_month']}条；逾期未完成{totals['overdue']}条，临近时限{totals['yellow']}条。"
        )
    )
    body.append(Heading(1, "各单位整改情况"))
    ranking = data["ranking"]
    if ranking:
        body.append(Paragraph("各单位按整改完成率排序（完成率相同的，按期完成率高、逾期少的在前）如下："))
        body.append(
            Table(
                ["排名", "单位", "整改措施", "已完成", "完成率", "按期完成率", "逾期"],
                [
                    [
                        str(unit["rank"]),
                        unit["org"],
                        str(unit["total"]),
                        str(unit["closed"]),
                        percent(unit["completion_rate"]),
                        percent(unit["on_time_rate"]),
                        str(unit["red"]),
                    ]
                    for unit in ranking
                ],
            )
        )
    else:
        body.append(Paragraph("各下级单位本月暂无整改措施。"))
    body.append(Heading(1, "红黑榜"))
    red = _board(data["red_board"], show_overdue=False)
    black = _board(data["black_board"], show_overdue=True)
    body.append(Heading(2, "红榜。", f"{red}整改进度快、无逾期事项，予以通报表扬。" if red else "本月无。"))
    body.append(
        Heading(
            2,
            "黑榜。",
            f"{black}整改进度靠后或存在逾期事项，予以通报批评，请单位主要负责人高度重视、督促整改。"
            if black
            else "本月无。",
        )
    )
    body.append(Heading(1, "逾期未完成事项"))
    if not data["overdue"]:
        body.append(Paragraph("本月无逾期未完成事项。"))
    else:
        body.append(Paragraph(f"截至{cn_date(data['as_of'])}，以下整改措施已超过整改时限仍未完成："))
    for item in data["overdue"]:
        owner = f"，责任人{item['owner']}" if item["owner"] else ""
        body.append(
            Heading(
                3,
                f"{item['org']}：{sentence(item['content'])}",
                f"（问题编号{item['code']}，整改时限{cn_date(item['due_on'])}，已逾期{item['days']}天{owner}）",
            )
        )
    rest = data["overdue_count"] - len(data["overdue"])
    if rest > 0:
        body.append(Paragraph(f"另有{rest}条逾期事项，详见整改台账。"))
    body.append(Heading(1, "下一步工作要求"))
    black_names = "、".join(unit["org"] for unit in data["black_board"])
    body.append(
        Heading(
            2,
            "压实整改责任。",
            f"{black_names}要认真分析整改滞后的原因，提出针对性措施，加快整改进度。"
            if black_names
            else "各单位要对照问题清单，逐项抓好整改落实，确保按期完成。",
        )
    )
    if totals["overdue"]:
        body.append(
            Heading(
                2,
                "限期清零逾期事项。",
                f"对逾期未完成的{totals['overdue']}条整改措施，责任单位要逐条说明原因、明确完成时限，尽快完成整改。",
            )
        )
    body.append(
        Heading(2, "严格销号验收。", "整改完成的事项须附佐证材料申请销号，经验收合格后方可销号，杜绝“纸面整改”。")
    )
    body.append(
        Heading(
            2,
            "强化督查问效。",
            "活动办公室将继续开展“一月一督查、一月一通报”，对整改不力、逾期未完成的单位进行督办，"
            "考核结果纳入年度考评。",
        )
    )
    return document
