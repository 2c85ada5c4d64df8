"""The bulletin as an official document (GB/T 9704), composed from its frozen figures only.

It is the richer sibling of the reports app's 月度通报: the same wording helpers (`reports.documents`)
and the same renderer, with the bulletin's own number (〔2026〕第3期), its ranking with ties, the
红榜/黑榜 at its thresholds, the overdue items, the office's good practices and next steps.
"""

import datetime

from django.utils import timezone

from bulletins.models import Bulletin
from bulletins.selectors import bulletin_boards, bulletin_ranking
from common.dates import cn_date, today
from reports.documents import percent, sentence
from reports.docx_gbt9704 import Heading, OfficialDocument, Paragraph, Table, render
from reports.services import report_fonts

RANKING_COLUMNS = ["排名", "单位", "整改措施", "已完成", "完成率", "按期完成率", "逾期"]
OVERDUE_COLUMNS = ["单位", "问题编号", "整改措施", "责任人", "整改时限", "逾期（工作日）"]


def rank_text(row: dict) -> str:
    if row["rank"] is None:
        return "—"
    return f"{row['rank']}（并列）" if row["tied"] else str(row["rank"])


def _threshold(value) -> str:
    """Decimal("90.00") → 90%, Decimal("87.50") → 87.5%."""
    return f"{float(value):g}%"


def _board_names(rows: list[dict]) -> str:
    return "、".join(f"{row['name']}（完成率{percent(row['completion_rate'])}）" for row in rows)


def bulletin_document(bulletin: Bulletin, *, date: datetime.date) -> OfficialDocument:
    figures = bulletin.figures
    totals, lights = figures["totals"], figures["lights"]
    as_of = datetime.date.fromisoformat(figures["as_of"])
    month = f"{bulletin.month.year}年{bulletin.month.month}月"
    campaign = bulletin.campaign
    plan = f"《{campaign.theme}实施方案》" + (f"（{campaign.doc_number}）" if campaign.doc_number else "")
    document = OfficialDocument(
        title=bulletin.title,
        issuer=bulletin.org.name,
        date=date,
        doc_number=bulletin.number,
        issuer_mark=f"{campaign.theme}工作通报",
        recipient="各有关单位",
    )
    body = document.body
    body.append(Paragraph(f"按照{plan}“一月一督查、一月一通报”工作要求，现将{month}问题整改工作情况通报如下："))
    body.append(Heading(1, "总体情况"))
    body.append(
        Paragraph(
            f"截至{cn_date(as_of)}，整改台账共有问题{totals['problems']}个、整改措施{totals['total']}条，"
            f"已完成{totals['closed']}条，正在整改{totals['in_progress']}条，整改完成率"
            f"{percent(totals['completion_rate'])}，按期完成率{percent(totals['on_time_rate'])}。"
            f"本月新增问题{totals['new_problems']}个，验收销号{totals['closed_in_month']}条。"
            f"正在整改的措施中，红灯（逾期）{lights['red']}条、黄灯（临近时限或进度滞后）{lights['yellow']}条、"
            f"绿灯{lights['green']}条。"
        )
    )
    ranking = bulletin_ranking(figures)
    body.append(Heading(1, "各单位整改情况"))
    if ranking:
        body.append(Paragraph("各单位按整改完成率排名如下（完成率相同的并列，其后名次顺延）："))
        body.append(
            Table(
                RANKING_COLUMNS,
                [
                    [
                        rank_text(row),
                        row["name"],
                        str(row["total"]),
                        str(row["closed"]),
                        percent(row["completion_rate"]),
                        percent(row["on_time_rate"]),
                        str(row["overdue"]),
                    ]
                    for row in ranking
                ],
            )
        )
    else:
        body.append(Paragraph("各单位本月暂无整改措施。"))
    red, black = bulletin_boards(
        figures, red_threshold=bulletin.red_threshold, black_threshold=bulletin.black_threshold
    )
    body.append(Heading(1, "红黑榜"))
    body.append(
        Heading(
            2,
            f"红榜（整改完成率{_threshold(bulletin.red_threshold)}及以上）。",
            f"{_board_names(red)}整改进度快、成效明显，予以通报表扬。" if red else "本月无。",
        )
    )
    body.append(
        Heading(
            2,
            f"黑榜（整改完成率低于{_threshold(bulletin.black_threshold)}）。",
            f"{_board_names(black)}整改进度滞后，予以通报批评，请单位主要负责人高度重视、督促整改。"
            if black
            else "本月无。",
        )
    )
    body.append(Heading(1, "逾期未完成事项"))
    if figures["overdue"]:
        body.append(Paragraph(f"截至{cn_date(as_of)}，共有{figures['overdue_count']}条整改措施超过整改时限仍未完成："))
        body.append(
            Table(
                OVERDUE_COLUMNS,
                [
                    [
                        item["org"],
                        item["code"],
                        item["content"],
                        item["owner"] or "—",
                        cn_date(datetime.date.fromisoformat(item["due_on"])),
                        str(item["days"]),
                    ]
                    for item in figures["overdue"]
                ],
            )
        )
        rest = figures["overdue_count"] - len(figures["overdue"])
        if rest > 0:
            body.append(Paragraph(f"另有{rest}条逾期事项，详见整改台账。"))
    else:
        body.append(Paragraph("本月无逾期未完成事项。"))
    practices = list(bulletin.good_practices.select_related("org"))
    if practices:
        body.append(Heading(1, "典型做法"))
        for practice in practices:
            unit = f"{practice.org.name}：" if practice.org_id else ""
            body.append(Heading(2, f"{unit}{sentence(practice.text)}"))
    body.append(Heading(1, "下步工作"))
    steps = [line.strip() for line in bulletin.next_steps.splitlines() if line.strip()]
    if steps:
        body.extend(Paragraph(sentence(step)) for step in steps)
    else:
        body.append(Paragraph("各单位要对照问题清单，逐项抓好整改落实，确保按期完成、取得实效。"))
    return document


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The document, dated the day it was published (a draft: today)."""
    date = timezone.localdate(bulletin.published_at) if bulletin.published_at else today()
    return render(bulletin_document(bulletin, date=date), report_fonts())
