"""Bulletin pages: thin views that read through selectors and write through services."""

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bulletins import selectors, services
from bulletins.documents import bulletin_docx
from bulletins.forms import BulletinCreateForm, BulletinForm, GoodPracticeForm, PublishForm, ReturnForm
from bulletins.models import Bulletin
from campaigns.selectors import campaign_list
from common.dates import today
from common.views import call_service, form_page, fresh, get_or_404, run_or_message
from ledger.choices import MeasureStatus
from ledger.selectors import campaign_family_ids, measure_list
from organisations.selectors import org_list
from reports.selectors import month_bounds

LISTED = 200


def _detail_url(bulletin: Bulletin) -> str:
    return reverse("bulletins:bulletin-detail", args=[bulletin.pk])


def _draftable(request, pk: int) -> Bulletin:
    bulletin = get_or_404(selectors.bulletin_get, request.user, pk)
    if not selectors.can_draft(request.user, bulletin.org):
        raise PermissionDenied("只有通报范围内的活动办公室可以编辑通报。")
    return bulletin


def _reviewable(request, pk: int) -> Bulletin:
    bulletin = get_or_404(selectors.bulletin_get, request.user, pk)
    if not selectors.can_review(request.user, bulletin):
        raise PermissionDenied("只有通报范围的主要负责人、班子成员或监督考核组成员可以审核，且不能审核自己起草的通报。")
    return bulletin


def _figures_context(bulletin: Bulletin) -> dict:
    red, black = selectors.bulletin_boards(
        bulletin.figures, red_threshold=bulletin.red_threshold, black_threshold=bulletin.black_threshold
    )
    figures = bulletin.figures
    return {
        "bulletin": bulletin,
        "figures": figures,
        "as_of": datetime.date.fromisoformat(figures["as_of"]),
        "ranking": selectors.bulletin_ranking(figures),
        "red_board": red,
        "black_board": black,
        "overdue": [
            {**item, "due_on": datetime.date.fromisoformat(item["due_on"])} for item in figures.get("overdue", [])
        ],
        "overdue_rest": figures.get("overdue_count", 0) - len(figures.get("overdue", [])),
        "practices": list(bulletin.good_practices.select_related("org", "measure__problem")),
    }


@login_required
def bulletin_list(request):
    bulletins = selectors.bulletin_list(request.user).select_related("campaign", "org")[:LISTED]
    return render(
        request,
        "bulletins/bulletin_list.html",
        {"bulletins": bulletins, "can_create": org_list(request.user, selectors.DRAFT_ROLES).exists()},
    )


@login_required
def bulletin_create(request):
    orgs = org_list(request.user, selectors.DRAFT_ROLES).order_by("path")
    if not orgs.exists():
        raise PermissionDenied("只有活动办公室可以起草通报。")
    last_month = month_bounds(today().replace(day=1) - datetime.timedelta(days=1))[0]
    form = BulletinCreateForm(
        request.POST or None,
        campaigns=campaign_list(request.user).order_by("-starts_on", "org__path"),
        orgs=orgs,
        initial={"month": f"{last_month:%Y-%m}"},
    )
    if request.method == "POST" and form.is_valid():
        bulletin = call_service(form, services.bulletin_create, actor=request.user, **form.cleaned_data)
        if bulletin:
            messages.success(request, f"已生成{bulletin.number}通报草稿。")
            return redirect(_detail_url(bulletin))
    return form_page(
        request, form, title="起草月度通报", back_url=reverse("bulletins:bulletin-list"), submit_label="生成草稿"
    )


@login_required
def bulletin_detail(request, pk: int):
    bulletin = get_or_404(selectors.bulletin_get, request.user, pk)
    context = _figures_context(bulletin)
    context.update(
        actions=selectors.bulletin_actions(request.user, bulletin),
        events=list(bulletin.events.select_related("actor")),
        public=False,
    )
    return render(request, "bulletins/bulletin_detail.html", context)


@login_required
def bulletin_edit(request, pk: int):
    bulletin = _draftable(request, pk)
    form = BulletinForm(request.POST or None, instance=bulletin)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if call_service(form, services.bulletin_update, actor=request.user, bulletin=fresh(bulletin), **changes):
            messages.success(request, "已保存。")
            return redirect(_detail_url(bulletin))
    return form_page(request, form, title=f"修改通报 {bulletin.number}", back_url=_detail_url(bulletin))


@login_required
@require_POST
def bulletin_regenerate(request, pk: int):
    bulletin = _draftable(request, pk)
    run_or_message(request, services.bulletin_regenerate, actor=request.user, bulletin=bulletin)
    return redirect(_detail_url(bulletin))


@login_required
def good_practice_add(request, pk: int):
    bulletin = _draftable(request, pk)
    first, last = month_bounds(bulletin.month)
    measures = (
        measure_list(request.user)
        .filter(
            campaign_id__in=campaign_family_ids(bulletin.campaign),
            org__path__startswith=bulletin.org.path,
            status=MeasureStatus.CLOSED,
            closed_on__range=(first, last),
        )
        .select_related("problem", "org")
        .order_by("org__path", "id")
    )
    orgs = org_list(request.user).filter(path__startswith=bulletin.org.path, depth__lte=bulletin.org.depth + 1)
    form = GoodPracticeForm(request.POST or None, orgs=orgs.order_by("path"), measures=measures)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.good_practice_add, actor=request.user, bulletin=bulletin, **form.cleaned_data):
            return redirect(f"{_detail_url(bulletin)}#practices")
    return form_page(request, form, title="添加典型做法", back_url=_detail_url(bulletin), submit_label="添加")


@login_required
@require_POST
def good_practice_remove(request, pk: int, practice_pk: int):
    bulletin = _draftable(request, pk)
    try:
        practice = bulletin.good_practices.get(pk=practice_pk)
    except ObjectDoesNotExist as error:
        raise Http404("未找到该典型做法。") from error
    run_or_message(request, services.good_practice_remove, actor=request.user, practice=practice)
    return redirect(f"{_detail_url(bulletin)}#practices")


@login_required
@require_POST
def bulletin_submit(request, pk: int):
    bulletin = _draftable(request, pk)
    run_or_message(request, services.bulletin_submit, actor=request.user, bulletin=bulletin)
    return redirect(_detail_url(bulletin))


@login_required
def bulletin_publish(request, pk: int):
    bulletin = _reviewable(request, pk)
    form = PublishForm(request.POST or None, initial={"visibility": bulletin.visibility})
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.bulletin_publish, actor=request.user, bulletin=bulletin, **form.cleaned_data):
            messages.success(request, "通报已发布。")
            return redirect(_detail_url(bulletin))
    return form_page(
        request, form, title=f"审核发布 {bulletin.number}", back_url=_detail_url(bulletin), submit_label="发布"
    )


@login_required
def bulletin_return(request, pk: int):
    bulletin = _reviewable(request, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.bulletin_return, actor=request.user, bulletin=bulletin, **form.cleaned_data):
            messages.success(request, "已退回起草人修改。")
            return redirect(_detail_url(bulletin))
    return form_page(
        request, form, title=f"退回 {bulletin.number}", back_url=_detail_url(bulletin), submit_label="退回", danger=True
    )


@login_required
def bulletin_download(request, pk: int):
    bulletin = get_or_404(selectors.bulletin_get, request.user, pk)
    name = f"{bulletin.org.name}{bulletin.month.year}年{bulletin.month.month}月通报（第{bulletin.seq}期）.docx"
    return FileResponse(io.BytesIO(bulletin_docx(bulletin)), as_attachment=True, filename=name)


def public_bulletin_list(request, code: str):
    bulletins = list(selectors.public_bulletin_list(code))
    return render(request, "bulletins/public_list.html", {"bulletins": bulletins, "code": code})


def public_bulletin_detail(request, code: str, pk: int):
    try:
        bulletin = selectors.public_bulletin_get(code, pk)
    except ObjectDoesNotExist as error:
        raise Http404("未找到该通报。") from error
    context = _figures_context(bulletin)
    context.update(public=True, code=code)
    return render(request, "bulletins/bulletin_public.html", context)
