"""The reports page of a campaign: choose a document, start a job, follow it on the job's page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from campaigns.selectors import campaign_get
from common.dates import today
from common.views import call_service, get_or_404
from jobs.choices import JobKind
from jobs.services import job_start
from reports import selectors
from reports.forms import ReportForm
from reports.pdf import pdf_available


@login_required
def report_create(request, pk: int):
    campaign = get_or_404(campaign_get, request.user, pk)
    orgs = selectors.report_org_list(request.user, campaign)
    asked = request.POST.get("org", "")
    if asked.isdigit() and not orgs.filter(pk=int(asked)).exists():
        raise PermissionDenied("您无权生成该单位的报告：只能生成本单位及下级单位在本活动中的报告。")
    day = today()
    form = ReportForm(
        request.POST or None,
        orgs=orgs,
        pdf_available=pdf_available(),
        initial={
            "org": selectors.report_default_org(request.user, campaign),
            "month": f"{day:%Y-%m}",
            "doc_number": selectors.report_default_doc_number(campaign, day),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        params = {
            "kind": data["kind"],
            "campaign": campaign.pk,
            "org": data["org"].pk,
            "month": data["month"],
            "doc_number": data["doc_number"],
            "pdf": bool(data.get("pdf")),
        }
        job = call_service(form, job_start, actor=request.user, kind=JobKind.REPORT, params=params)
        if job:
            return redirect("jobs:job-detail", job.pk)
    return render(
        request,
        "reports/report_create.html",
        {"campaign": campaign, "form": form, "pdf_available": "pdf" in form.fields},
    )
