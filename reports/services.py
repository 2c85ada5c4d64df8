"""Generating a report: check who asks for what, read the figures, compose and render the document.

One entry point, `report_generate`, serves the reports page (through a job) and the `report`
management command alike; a refusal is a DomainError with a message fit to show.
"""

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.models import User
from campaigns.models import Campaign
from campaigns.validators import validate_doc_number
from common.dates import today as local_today
from common.exceptions import DomainError
from organisations.models import Org
from reports import documents, selectors
from reports.choices import ReportKind
from reports.docx_gbt9704 import Fonts, render
from reports.pdf import docx_to_pdf

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class ReportFile:
    name: str
    content: bytes


def report_fonts() -> Fonts:
    return Fonts(
        title=settings.REPORT_FONT_TITLE,
        body=settings.REPORT_FONT_BODY,
        heading=settings.REPORT_FONT_HEADING,
        kai=settings.REPORT_FONT_KAI,
        page=settings.REPORT_FONT_PAGE,
    )


def parse_month(value: str) -> datetime.date:
    """“2026-11” → 2026-11-01."""
    match = MONTH_RE.match(value.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise DomainError(f"月份“{value}”格式不正确，应为“年-月”，例如 2026-11。")
    return datetime.date(int(match[1]), int(match[2]), 1)


def report_generate(
    *,
    actor: User,
    kind: str,
    campaign: Campaign,
    org: Org | None = None,
    month: datetime.date | None = None,
    doc_number: str = "",
    pdf: bool = False,
    today: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ReportFile]:
    """The report as a .docx (and, when asked, its PDF copy), about `org` (by default the campaign's
    own org, or the actor's highest org in it) and only what the actor may see."""
    progress = progress or (lambda done, total: None)
    today = today or local_today()
    if kind not in ReportKind.values:
        raise DomainError(f"未知的报告类型“{kind}”。")
    if not selectors.report_campaign_visible(actor, campaign):
        raise DomainError("未找到该活动，或您无权查看。")
    if org is None:
        org = selectors.report_default_org(actor, campaign)
        if org is None:
            raise DomainError(f"您在“{campaign.theme}”中没有可生成报告的单位。")
    elif not selectors.report_org_list(actor, campaign).filter(pk=org.pk).exists():
        raise DomainError(f"您无权生成“{org.name}”的报告：只能生成本单位及下级单位在本活动中的报告。")
    doc_number = doc_number.strip() or selectors.report_default_doc_number(campaign, today)
    try:
        validate_doc_number(doc_number)
    except ValidationError as error:
        raise DomainError(error.messages[0]) from error
    total = 3 if pdf else 2
    progress(0, total)
    label = ReportKind(kind).label
    if kind == ReportKind.SELF_INSPECTION:
        data = selectors.self_inspection_data(actor, campaign=campaign, org=org, today=today)
        document = documents.self_inspection_document(data, doc_number=doc_number)
        name = f"{org.name}{label}"
    elif kind == ReportKind.RECTIFICATION:
        data = selectors.rectification_data(actor, campaign=campaign, org=org, today=today)
        document = documents.rectification_document(data, doc_number=doc_number)
        name = f"{org.name}{label}"
    else:
        month = month or today.replace(day=1)
        if month > today:
            raise DomainError(f"{month.year}年{month.month}月尚未开始，不能生成该月的通报。")
        data = selectors.monthly_data(actor, campaign=campaign, org=org, month=month, today=today)
        document = documents.monthly_document(data, doc_number=doc_number)
        name = f"{org.name}{month.year}年{month.month}月{label}"
    progress(1, total)
    docx = render(document, report_fonts())
    files = [ReportFile(f"{_safe(name)}.docx", docx)]
    progress(2, total)
    if pdf:
        files.append(ReportFile(f"{_safe(name)}.pdf", docx_to_pdf(docx)))
        progress(3, total)
    return files


def report_bundle(files: list[ReportFile]) -> ReportFile:
    """One file for a job's download: the document itself, or a zip of the document and its PDF."""
    if len(files) == 1:
        return files[0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.writestr(file.name, file.content)
    stem = files[0].name.rsplit(".", 1)[0]
    return ReportFile(f"{stem}.zip", buffer.getvalue())


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "", name)
