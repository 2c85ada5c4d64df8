"""考核排名 pages: thin views that read through `assessment.selectors` and write through its services."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessment import selectors, services
from assessment.exports import ranking_xlsx
from assessment.forms import FollowUpForm, PeriodForm, SchemeForm, last_month
from assessment.scoring import COUNTS, RATES, breakdown, indicator_cells
from campaigns.selectors import campaign_get
from common.dates import today
from common.views import call_service, form_page, get_or_404, run_or_message

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period_url(period) -> str:
    return reverse("assessment:period-detail", args=[period.pk])


@login_required
def period_list(request):
    periods = selectors.period_list(request.user).order_by("-starts_on", "-id")
    return render(
        request,
        "assessment/period_list.html",
        {"periods": periods, "campaigns": selectors.manageable_campaigns(request.user)},
    )


@login_required
def period_create(request):
    campaigns = selectors.manageable_campaigns(request.user)
    if not campaigns.exists():
        raise PermissionDenied("只有活动办公室可以新建考核期。")
    name, starts_on, ends_on = last_month(today())
    form = PeriodForm(
        request.POST or None,
        campaigns=campaigns,
        initial={"campaign": campaigns.first(), "name": name, "starts_on": starts_on, "ends_on": ends_on},
    )
    if request.method == "POST" and form.is_valid():
        period = call_service(form, services.period_create, actor=request.user, **form.cleaned_data)
        if period:
            messages.success(request, f"已新建考核期“{period.name}”，请计算得分。")
            return redirect(_period_url(period))
    return form_page(
        request,
        form,
        title="新建考核期",
        back_url=reverse("assessment:period-list"),
        submit_label="创建",
        intro="考核期可以是一个月、一个季度或一年。计算得分后可反复重算，发布后得分锁定。",
    )


@login_required
def scheme_edit(request, campaign_pk: int):
    campaign = get_or_404(campaign_get, request.user, campaign_pk)
    if not selectors.can_manage(request.user, campaign):
        raise PermissionDenied("只有活动办公室可以修改考核办法。")
    form = SchemeForm(request.POST or None, instance=selectors.scheme_active(campaign))
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.scheme_save, actor=request.user, campaign=campaign, **form.cleaned_data):
            messages.success(request, "考核办法已保存，新计算的得分将按此办法计算。")
            return redirect("assessment:period-list")
    return form_page(
        request,
        form,
        title=f"考核办法 · {campaign.theme}",
        back_url=reverse("assessment:period-list"),
        intro="加权计分：四项比率按权重得分（权重合计100），再减去各项扣分；百分制扣分：基础分100，"
        "比率每差1个百分点扣相应分值，再减去各项扣分。得分最低为0。已发布排名所用的办法不会被改动，保存时另存为新版本。",
    )


@login_required
def period_detail(request, pk: int):
    period = get_or_404(selectors.period_get, request.user, pk)
    campaign = period.campaign
    rows = selectors.ranking(request.user, period)
    for row in rows:
        row.cells = indicator_cells(row)
    return render(
        request,
        "assessment/period_detail.html",
        {
            "period": period,
            "rows": rows,
            "rates": RATES,
            "counts": COUNTS,
            "scores_visible": selectors.scores_visible(request.user, period),
            "can_manage": selectors.can_manage(request.user, campaign),
            "can_decide": period.is_locked and selectors.can_decide(request.user, campaign),
            "can_export": selectors.can_see_all(request.user, campaign),
        },
    )


@login_required
@require_POST
def period_compute(request, pk: int):
    period = get_or_404(selectors.period_get, request.user, pk)
    run_or_message(request, services.period_compute, actor=request.user, period=period)
    return redirect(_period_url(period))


@login_required
@require_POST
def period_lock(request, pk: int):
    period = get_or_404(selectors.period_get, request.user, pk)
    run_or_message(request, services.period_lock, actor=request.user, period=period)
    return redirect(_period_url(period))


@login_required
def period_export(request, pk: int):
    period = get_or_404(selectors.period_get, request.user, pk)
    if not selectors.can_see_all(request.user, period.campaign):
        raise PermissionDenied("只有活动办公室、单位负责人和监督考核组可以导出考核排名。")
    content = ranking_xlsx(period, selectors.ranking(request.user, period))
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=f"考核排名-{period.name}.xlsx", content_type=XLSX
    )


@login_required
def score_detail(request, pk: int):
    score = get_or_404(selectors.score_get, request.user, pk)
    return render(
        request,
        "assessment/score_detail.html",
        {
            "score": score,
            "period": score.period,
            "lines": breakdown(score, score.period.scheme),
            "figures": score.figures,
        },
    )


@login_required
def follow_up_decide(request, pk: int):
    score = get_or_404(selectors.score_get, request.user, pk)
    period = score.period
    if not selectors.can_decide(request.user, period.campaign):
        raise PermissionDenied("只有活动办公室或监督考核组可以对末位单位作出处理决定。")
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.follow_up_decide, actor=request.user, score=score, **form.cleaned_data):
            messages.success(request, f"已记录对“{score.org}”的处理决定。")
            return redirect(_period_url(period))
    return form_page(
        request,
        form,
        title=f"末位处理决定 · {score.org} · {period.name}",
        back_url=_period_url(period),
        submit_label="记录决定",
        intro=f"本期得分 {score.score}，第{score.rank}名{'（并列）' if score.tied else ''}。",
    )
