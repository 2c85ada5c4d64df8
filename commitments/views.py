"""Commitment pages: the public wall (no login, phone first) and the scoped internal pages."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from campaigns.models import ProblemCategory
from campaigns.selectors import campaign_list
from commitments import selectors, services
from commitments.forms import CommitmentEditForm, CommitmentFilterForm, CommitmentForm, FulfilmentForm, ReportForm
from common.dates import today
from common.pagination import KeyOrder, key_page
from common.views import action_page, attachment, call_service, form_page, get_or_404, query_without, run_or_message
from ledger.forms import ReasonForm, RemarkForm
from organisations.selectors import ancestor_org_ids, org_list, person_list

PAGE_SIZE = 50
ORDER = KeyOrder("deadline", nullable=False)


# --- public wall -------------------------------------------------------------------------------


def _wall_campaign(code: str):
    try:
        return selectors.wall_campaign_get(code)
    except ObjectDoesNotExist as error:
        raise Http404("未找到该活动。") from error


def wall(request, code: str):
    """公开承诺墙: every published commitment of the campaign, grouped by unit, filterable by unit."""
    campaign = _wall_campaign(code)
    day = today()
    commitments = list(selectors.wall_commitments(campaign))
    units = selectors.wall_units(commitments, day)
    chosen = request.GET.get("org", "")
    shown = [unit for unit in units if not chosen or str(unit["org"].pk) == chosen]
    return render(
        request,
        "commitments/wall.html",
        {"campaign": campaign, "units": units, "shown": shown, "chosen": chosen, "total": len(commitments)},
    )


def wall_detail(request, code: str, pk: int):
    campaign = _wall_campaign(code)
    commitment = selectors.wall_commitments(campaign).filter(pk=pk).first()
    if commitment is None:
        raise Http404("未找到该承诺。")
    commitment.state = commitment.public_state(today())
    return render(
        request,
        "commitments/wall_detail.html",
        {
            "campaign": campaign,
            "commitment": commitment,
            "fulfilment": selectors.wall_fulfilment(commitment),
            "progress": list(selectors.wall_progress(commitment)),
        },
    )


# --- internal pages ----------------------------------------------------------------------------


@login_required
def commitment_list(request):
    user, day = request.user, today()
    form = CommitmentFilterForm(
        request.GET or None, campaigns=campaign_list(user).order_by("-starts_on", "org__path"), orgs=org_list(user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    form.fields["org"].offer_steps(user, filters.get("org"))
    commitments = selectors.commitment_filter(selectors.commitment_list(user), filters, day)
    page = key_page(commitments, ORDER, cursor=request.GET.get("after"), size=PAGE_SIZE, value_type=datetime.date)
    for commitment in page.rows:
        commitment.overdue = commitment.is_overdue(day)
    return render(
        request,
        "commitments/commitment_list.html",
        {
            "form": form,
            "rows": page.rows,
            "next_cursor": page.next_cursor,
            "query": query_without(request, "after"),
            "can_commit": selectors.committer_orgs(user).exists(),
        },
    )


def _form_choices(user):
    orgs = selectors.committer_orgs(user)
    campaigns = campaign_list(user).filter(org_id__in=ancestor_org_ids(user)).order_by("-starts_on", "org__path")
    return {
        "campaigns": campaigns,
        "orgs": orgs,
        "people": person_list(user),
        "categories": ProblemCategory.objects.filter(campaign__in=campaigns),
    }


@login_required
def commitment_create(request):
    if not selectors.committer_orgs(request.user).exists():
        raise PermissionDenied("只有单位主要负责人或班子成员可以作出公开承诺。")
    form = CommitmentForm(
        request.POST or None, initial={"campaign": request.GET.get("campaign")}, **_form_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        commitment = call_service(form, services.commitment_create, actor=request.user, **form.cleaned_data)
        if commitment:
            messages.success(request, "已保存为草稿；核对无误后请点击“公开承诺”。")
            return redirect("commitments:commitment-detail", commitment.pk)
    return form_page(
        request, form, title="作出公开承诺", back_url=reverse("commitments:commitment-list"), submit_label="保存草稿"
    )


@login_required
def commitment_edit(request, pk: int):
    commitment = get_or_404(selectors.commitment_get, request.user, pk)
    if not selectors.commitment_actions(request.user, commitment).edit:
        raise PermissionDenied("只有承诺人本人可以修改草稿；公开后不能再修改。")
    initial = {name: getattr(commitment, name) for name in services.EDITABLE}
    form = CommitmentEditForm(request.POST or None, initial=initial, **_form_choices(request.user))
    form.fields["category"].queryset = commitment.campaign.categories.all()
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.commitment_update, actor=request.user, commitment=commitment, **form.cleaned_data
        ):
            messages.success(request, "已保存。")
            return redirect("commitments:commitment-detail", commitment.pk)
    return form_page(
        request, form, title="修改承诺草稿", back_url=reverse("commitments:commitment-detail", args=[commitment.pk])
    )


@login_required
def commitment_detail(request, pk: int):
    commitment = get_or_404(selectors.commitment_get, request.user, pk)
    day = today()
    commitment.overdue = commitment.is_overdue(day)
    return render(
        request,
        "commitments/commitment_detail.html",
        {
            "commitment": commitment,
            "actions": selectors.commitment_actions(request.user, commitment),
            "history": selectors.commitment_history(commitment),
            "report_form": ReportForm(),
            "fulfilment_form": FulfilmentForm(),
            "remark_form": RemarkForm(),
            "reason_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def commitment_publish(request, pk: int):
    commitment = get_or_404(selectors.commitment_get, request.user, pk)
    run_or_message(request, services.commitment_publish, actor=request.user, commitment=commitment)
    return redirect("commitments:commitment-detail", commitment.pk)


def _action(request, pk: int, form_class, service, *, title: str, submit_label: str):
    """A form on the detail page that calls one service; a refusal is shown on a page of its own."""
    commitment = get_or_404(selectors.commitment_get, request.user, pk)
    return action_page(
        request,
        form_class(request.POST or None, request.FILES or None),
        service,
        title=title,
        back_url=reverse("commitments:commitment-detail", args=[commitment.pk]),
        submit_label=submit_label,
        intro=commitment.content,
        commitment=commitment,
    )


@login_required
def commitment_report(request, pk: int):
    return _action(request, pk, ReportForm, services.commitment_report, title="报告承诺进展", submit_label="报告")


@login_required
def commitment_fulfil(request, pk: int):
    return _action(
        request,
        pk,
        FulfilmentForm,
        services.commitment_request_fulfilment,
        title="报告承诺兑现",
        submit_label="提交核验",
    )


@login_required
def commitment_verify(request, pk: int):
    return _action(request, pk, RemarkForm, services.commitment_verify, title="核验兑现", submit_label="确认已兑现")


@login_required
def commitment_send_back(request, pk: int):
    return _action(request, pk, ReasonForm, services.commitment_send_back, title="退回兑现报告", submit_label="退回")


@login_required
def evidence_download(request, pk: int):
    """Evidence is served to those who may see the commitment, never on the public wall."""
    evidence = get_or_404(selectors.evidence_get, request.user, pk)
    return attachment(evidence.file, evidence.file_name, missing="未找到该佐证材料。")
