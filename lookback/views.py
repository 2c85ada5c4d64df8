"""Look-back pages: rounds, verdicts, the per-org summary, and the recurrence-warning actions."""

import random

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from campaigns.models import Campaign, ProblemCategory
from campaigns.selectors import campaign_can_manage, campaign_get, campaign_list, campaign_units
from common.views import attachment, call_service, form_page, get_or_404, run_or_message
from ledger import services as ledger_services
from ledger.selectors import problem_get
from lookback import selectors, services
from lookback.choices import SelectionRule
from lookback.forms import AssignForm, RemarkForm, RoundForm, VerdictForm
from organisations.choices import Role
from organisations.selectors import org_list

ITEMS_LIMIT = 500


@login_required
def round_list(request):
    rounds = list(selectors.round_list(request.user).order_by("-starts_on", "-id")[:200])
    campaigns = [
        campaign
        for campaign in campaign_list(request.user).filter(parent__isnull=True)
        if campaign_can_manage(request.user, campaign)
    ]
    my_items = list(
        selectors.my_open_items(request.user)
        .select_related("round", "measure__problem", "measure__org")
        .order_by("round__ends_on", "id")[:100]
    )
    return render(
        request,
        "lookback/round_list.html",
        {"rounds": rounds, "campaigns": campaigns, "my_items": my_items},
    )


def _round_form(request, campaign: Campaign, data):
    orgs = org_list(request.user, {Role.OFFICE}).filter(path__startswith=campaign.org.path).order_by("path")
    root = orgs.first()
    campaigns = campaign_list(request.user).filter(parent__isnull=True).order_by("-starts_on")
    categories = (
        ProblemCategory.objects.filter(campaign__in=campaigns)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    checkers = selectors.checker_choices(root) if root is not None else selectors.checker_choices(campaign.org)
    return RoundForm(
        data,
        orgs=orgs,
        campaigns=campaigns,
        categories=list(categories),
        checkers=checkers,
        initial={"org": root, "rule": SelectionRule.ALL},
    )


def _preview(form: RoundForm, campaign: Campaign) -> dict:
    data = form.cleaned_data
    ids = selectors.select_measure_ids(
        campaign_ids=selectors.source_campaign_ids(campaign=campaign, sources=data["source_campaigns"]),
        org=data["org"],
        rule=data["rule"],
        category_name=data["category_name"],
        percent=data["percent"],
        seed=data["seed"],
    )
    return {"count": len(ids), "seed": data["seed"]}


@login_required
def round_create(request, campaign_pk: int):
    campaign = get_or_404(campaign_get, request.user, campaign_pk)
    if not campaign_can_manage(request.user, campaign):
        raise PermissionDenied("只有活动办公室可以安排回头看。")
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and data.get("rule") == SelectionRule.RANDOM and not data.get("seed"):
        # The seed is fixed at the preview, so that what is previewed is what will be drawn.
        data["seed"] = str(random.SystemRandom().randrange(1, 2**31))
    form = _round_form(request, campaign, data)
    preview = None
    if data is not None and form.is_valid():
        if "preview" in data:
            preview = _preview(form, campaign)
        else:
            round_ = call_service(
                form, services.round_create, actor=request.user, campaign=campaign, **form.cleaned_data
            )
            if round_:
                messages.success(request, f"已创建回头看“{round_.name}”，确认核查人后即可启动抽取。")
                return redirect("lookback:round-detail", round_.pk)
    return render(request, "lookback/round_create.html", {"form": form, "campaign": campaign, "preview": preview})


@login_required
def round_detail(request, pk: int):
    round_ = get_or_404(selectors.round_get, request.user, pk)
    can_manage = selectors.can_manage_round(request.user, round_)
    items = round_.items.select_related("measure__problem", "measure__org", "checker", "reopen_event")
    if not can_manage:
        items = items.filter(checker_id=request.user.pk)
    return render(
        request,
        "lookback/round_detail.html",
        {
            "round": round_,
            "items": list(items.order_by("id")[:ITEMS_LIMIT]),
            "progress": selectors.round_progress(round_),
            "can_manage": can_manage,
            "sources": list(round_.source_campaigns.all()),
            "checkers": list(round_.checkers.all()),
            "limit": ITEMS_LIMIT,
        },
    )


@login_required
@require_POST
def round_start(request, pk: int):
    round_ = get_or_404(selectors.round_get, request.user, pk)
    run_or_message(request, services.round_start, actor=request.user, round_=round_)
    return redirect("lookback:round-detail", round_.pk)


@login_required
def round_finish(request, pk: int):
    round_ = get_or_404(selectors.round_get, request.user, pk)
    if not selectors.can_manage_round(request.user, round_):
        raise PermissionDenied("只有活动办公室可以结束回头看。")
    form = RemarkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.round_finish, actor=request.user, round_=round_, **form.cleaned_data):
            messages.success(request, "回头看已结束，未核查的事项已标记为“未核查”。")
            return redirect("lookback:round-detail", round_.pk)
    return form_page(
        request,
        form,
        title=f"结束回头看 · {round_.name}",
        back_url=reverse("lookback:round-detail", args=[round_.pk]),
        submit_label="结束",
        intro="尚无核查结论的事项将标记为“未核查”。",
        danger=True,
    )


@login_required
def item_assign(request, pk: int):
    item = get_or_404(selectors.item_get, request.user, pk)
    if not selectors.can_manage_round(request.user, item.round):
        raise PermissionDenied("只有活动办公室可以调整核查人。")
    form = AssignForm(request.POST or None, checkers=selectors.checker_choices(item.round.org))
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.item_assign, actor=request.user, item=item, **form.cleaned_data):
            messages.success(request, "已调整核查人。")
            return redirect("lookback:round-detail", item.round_id)
    return form_page(
        request,
        form,
        title=f"调整核查人 · {item.measure.problem.code}",
        back_url=reverse("lookback:round-detail", args=[item.round_id]),
        intro=item.measure.content,
    )


@login_required
def item_verdict(request, pk: int):
    item = get_or_404(selectors.item_get, request.user, pk)
    if item.checker_id != request.user.pk:
        raise PermissionDenied("只有分配到该事项的核查人可以核查。")
    form = VerdictForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.item_verdict, actor=request.user, item=item, **form.cleaned_data):
            messages.success(request, "核查结论已保存。")
            return redirect("lookback:round-detail", item.round_id)
    return render(request, "lookback/item_verdict.html", {"form": form, "item": item})


@login_required
def item_file(request, pk: int):
    """The checker's evidence, served only to those who may see the round."""
    item = get_or_404(selectors.item_get, request.user, pk)
    return attachment(item.file, item.file_name, missing="未上传佐证材料。")


@login_required
def summary(request, campaign_pk: int):
    campaign = get_or_404(campaign_get, request.user, campaign_pk)
    visible = set(org_list(request.user).values_list("pk", flat=True))
    orgs = [org for org in campaign_units(campaign) if org.pk in visible]
    return render(
        request,
        "lookback/summary.html",
        {"campaign": campaign, "rows": selectors.recurrence_summary(campaign=campaign, orgs=orgs)},
    )


# --- recurrence warnings (on the ledger's problem page) ----------------------------------------


@login_required
@require_POST
def recurrence_mark(request, pk: int, earlier_pk: int):
    problem = get_or_404(problem_get, request.user, pk)
    earlier = get_or_404(problem_get, request.user, earlier_pk)
    run_or_message(
        request, ledger_services.problem_mark_recurrence, actor=request.user, problem=problem, earlier=earlier
    )
    return redirect("ledger:problem-detail", problem.pk)


@login_required
@require_POST
def recurrence_clear(request, pk: int):
    problem = get_or_404(problem_get, request.user, pk)
    run_or_message(request, ledger_services.problem_mark_recurrence, actor=request.user, problem=problem, earlier=None)
    return redirect("ledger:problem-detail", problem.pk)


@login_required
@require_POST
def recurrence_dismiss(request, pk: int, earlier_pk: int):
    problem = get_or_404(problem_get, request.user, pk)
    earlier = get_or_404(problem_get, request.user, earlier_pk)
    run_or_message(request, services.recurrence_dismiss, actor=request.user, problem=problem, earlier=earlier)
    return redirect("ledger:problem-detail", problem.pk)
