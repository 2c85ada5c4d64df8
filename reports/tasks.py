"""The background job that generates a report for the reports page (JobKind.REPORT)."""

from campaigns.selectors import campaign_list
from common.exceptions import DomainError
from jobs.choices import JobKind
from jobs.registry import JobResult, register
from reports import selectors, services
from reports.choices import ReportKind


@register(JobKind.REPORT)
def report_job(job, progress) -> JobResult:
    """Params: kind, campaign (pk), org (pk), month ("2026-11"), doc_number, pdf. The job runs as the
    person who started it: their scope decides what the report may say."""
    params, actor = job.params, job.created_by
    campaign = campaign_list(actor).filter(pk=params.get("campaign")).first()
    if campaign is None:
        raise DomainError("未找到该活动，或您无权查看。")
    org = None
    if params.get("org"):
        org = selectors.report_org_list(actor, campaign).filter(pk=params["org"]).first()
        if org is None:
            raise DomainError("您无权生成该单位的报告：只能生成本单位及下级单位在本活动中的报告。")
    month = services.parse_month(params["month"]) if params.get("month") else None
    files = services.report_generate(
        actor=actor,
        kind=params.get("kind", ""),
        campaign=campaign,
        org=org,
        month=month,
        doc_number=params.get("doc_number", ""),
        pdf=bool(params.get("pdf")),
        progress=progress,
    )
    bundle = services.report_bundle(files)
    label = ReportKind(params["kind"]).label
    extra = "（Word 与 PDF 打包下载）" if len(files) > 1 else ""
    return JobResult(message=f"已生成{label}{extra}：{files[0].name}", output_name=bundle.name, output=bundle.content)
