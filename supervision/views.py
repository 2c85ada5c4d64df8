"""督查督办 pages: thin views that read through the scoped selectors and write through one service each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_get, campaign_list
from common.dates import today
from common.exceptions import DomainError
from common.views import attachment, call_service, form_page, get_or_404, page_of, query_without, run_or_message
from ledger.forms import ReasonForm, RemarkForm
from ledger.selectors import can_reopen
from organisations.selectors import org_list, person_list
from supervision import selectors, services
from supervision.choices import AWAITING_ANSWER, CheckResult
from supervision.forms import (
    AnswerForm,
    CheckerForm,
    CheckResultForm,
    FindingForm,
    InspectionForm,
    SpotCheckForm,
    StepFormSet,
    UrgeFilterForm,
    UrgeNoticeForm,
)

PAGE_SIZE = 50


def _require_role(user, roles) -> None:
    if not selectors.has_any_role(user, roles):
        raise PermissionDenied("您没有这项权限。")


def _form_errors(form) -> str:
    return "；".join(error for errors in form.errors.values() for error in errors)


# --- urge notices ------------------------------------------------------------------------------


@login_required
def urgenotice_list(request):
    """Notices in scope, with filters and the count at each level of the ladder."""
    user, day = request.user, today()
    notices = selectors.urge_notice_list(user)
    counts = selectors.urge_level_counts(notices)
    form = UrgeFilterForm(request.GET or None, levels=[(level, name) for level, name, _ in counts])
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.urge_notice_filtered(
        user,
        level=filters.get("level"),
        status=filters.get("status") or "",
        overdue=bool(filters.get("overdue")),
        today=day,
    )
    page = page_of(request, rows, PAGE_SIZE)
    for notice in page:
        notice.overdue = notice.status in AWAITING_ANSWER and notice.answer_by < day
    return render(
        request,
        "supervision/urgenotice_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request, "page"),
            "counts": counts,
            "can_issue": selectors.has_any_role(user, selectors.ISSUE_ROLES),
            "ladders": [
                campaign
                for campaign in campaign_list(user).filter(parent__isnull=True).order_by("-starts_on")
                if selectors.can_issue(user, campaign.org)
            ],
        },
    )


def _notice_url(notice) -> str:
    return reverse("supervision:urgenotice-detail", args=[notice.pk])


@login_required
def urgenotice_create(request):
    """Issue a notice to an org, or about one measure (`?measure=<id>`, the link on the measure page)."""
    user = request.user
    measure = None
    if request.GET.get("measure"):
        if not request.GET["measure"].isdigit():
            raise Http404("未找到该措施。")
        measure = get_or_404(selectors.measure_for_notice, user, int(request.GET["measure"]))
        if not selectors.can_issue(user, measure.org):
            raise PermissionDenied("只有活动办公室或监督考核组可以下发督办单。")
    else:
        _require_role(user, selectors.ISSUE_ROLES)
    initial = {"org": request.GET.get("org")} if request.GET.get("org", "").isdigit() else {}
    form = UrgeNoticeForm(
        request.POST or None,
        initial=initial,
        campaigns=campaign_list(user).order_by("-starts_on", "org__path"),
        orgs=selectors.issue_orgs(user),
        for_measure=measure is not None,
    )
    if request.method == "POST" and form.is_valid():
        notice = call_service(form, services.urge_notice_issue, actor=user, measure=measure, **form.cleaned_data)
        if notice:
            messages.success(request, f"已下发{notice.level_name}。")
            return redirect(_notice_url(notice))
    if measure is not None:
        back = reverse("ledger:measure-detail", args=[measure.pk])
        intro = f"关于整改措施 {measure.problem.code}（{measure.org}）：{measure.content[:80]}"
    else:
        back, intro = (
            reverse("supervision:urgenotice-list"),
            "一事一单：督办对象单位的主要负责人和活动办公室将收到通知。",
        )
    return form_page(request, form, title="下发催办督办单", back_url=back, submit_label="下发", intro=intro)


@login_required
def urgenotice_detail(request, pk: int):
    notice = get_or_404(selectors.urge_notice_get, request.user, pk)
    day = today()
    notice.overdue = notice.status in AWAITING_ANSWER and notice.answer_by < day
    return render(
        request,
        "supervision/urgenotice_detail.html",
        {
            "notice": notice,
            "events": list(notice.events.select_related("actor")),
            "recipients": selectors.urge_notice_recipients(notice),
            "actions": selectors.urge_notice_actions(request.user, notice),
            "answer_form": AnswerForm(),
            "remark_form": RemarkForm(),
            "reason_form": ReasonForm(),
        },
    )


def _notice_action(request, pk: int, form_class, service, *, done: str):
    """A POST from the detail page that calls one service; refusals come back as messages there."""
    notice = get_or_404(selectors.urge_notice_get, request.user, pk)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(_notice_url(notice))
    try:
        service(actor=request.user, notice=notice, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(_notice_url(notice))


@login_required
@require_POST
def urgenotice_acknowledge(request, pk: int):
    notice = get_or_404(selectors.urge_notice_get, request.user, pk)
    run_or_message(request, services.urge_notice_acknowledge, actor=request.user, notice=notice)
    return redirect(_notice_url(notice))


@login_required
@require_POST
def urgenotice_answer(request, pk: int):
    return _notice_action(request, pk, AnswerForm, services.urge_notice_answer, done="已提交反馈。")


@login_required
@require_POST
def urgenotice_close(request, pk: int):
    return _notice_action(request, pk, RemarkForm, services.urge_notice_close, done="已办结。")


@login_required
@require_POST
def urgenotice_return(request, pk: int):
    return _notice_action(request, pk, ReasonForm, services.urge_notice_return, done="已退回。")


@login_required
def urgenotice_file(request, pk: int):
    notice = get_or_404(selectors.urge_notice_get, request.user, pk)
    return attachment(notice.answer_file, notice.answer_file_name, missing="没有佐证材料。")


@login_required
def escalation_edit(request, campaign_pk: int):
    """The campaign's ladder: names and working days of each level."""
    campaign = get_or_404(campaign_get, request.user, campaign_pk)
    if not selectors.can_issue(request.user, campaign.org):
        raise PermissionDenied("只有活动办公室或监督考核组可以设置升级规则。")
    steps = services.escalation_steps_ensure(campaign)
    formset = StepFormSet(request.POST or None, initial=[{"name": step.name, "days": step.days} for step in steps])
    if request.method == "POST" and formset.is_valid():
        rows = [(form.cleaned_data.get("name") or "", form.cleaned_data.get("days")) for form in formset]
        try:
            services.escalation_steps_save(actor=request.user, campaign=campaign, steps=rows)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已保存升级规则。")
            return redirect(reverse("supervision:escalation-edit", args=[campaign.pk]))
    return render(request, "supervision/escalation_edit.html", {"campaign": campaign, "formset": formset})


# --- inspections -------------------------------------------------------------------------------


@login_required
def inspection_list(request):
    inspections = (
        selectors.inspection_list(request.user)
        .annotate(
            finding_count=Count("findings"), converted=Count("findings", filter=Q(findings__problem__isnull=False))
        )
        .order_by("-visited_on", "-id")
    )
    return render(
        request,
        "supervision/inspection_list.html",
        {
            "page": page_of(request, inspections, PAGE_SIZE),
            "query": query_without(request, "page"),
            "can_inspect": selectors.has_any_role(request.user, selectors.INSPECT_ROLES),
        },
    )


def _inspection_form(request, **kwargs) -> InspectionForm:
    user = request.user
    return InspectionForm(
        request.POST or None,
        campaigns=campaign_list(user).order_by("-starts_on", "org__path"),
        orgs=org_list(user, selectors.INSPECT_ROLES),
        people=person_list(user),
        **kwargs,
    )


def _inspection_url(inspection) -> str:
    return reverse("supervision:inspection-detail", args=[inspection.pk])


@login_required
def inspection_create(request):
    _require_role(request.user, selectors.INSPECT_ROLES)
    form = _inspection_form(request, initial={"visited_on": today(), "inspectors": [request.user.pk]})
    if request.method == "POST" and form.is_valid():
        inspection = call_service(form, services.inspection_create, actor=request.user, **form.cleaned_data)
        if inspection:
            messages.success(request, "已登记督查。")
            return redirect(_inspection_url(inspection))
    return form_page(request, form, title="登记督查", back_url=reverse("supervision:inspection-list"))


@login_required
def inspection_edit(request, pk: int):
    inspection = get_or_404(selectors.inspection_get, request.user, pk)
    if not selectors.can_inspect(request.user, inspection.org):
        raise PermissionDenied("您不能修改这条督查记录。")
    initial = {
        "campaign": inspection.campaign_id,
        "type": inspection.type,
        "visited_on": inspection.visited_on,
        "org": inspection.org_id,
        "inspectors": list(inspection.inspectors.values_list("pk", flat=True)),
        "summary": inspection.summary,
    }
    form = _inspection_form(request, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.inspection_update, actor=request.user, inspection=inspection, **form.cleaned_data
        ):
            messages.success(request, "已保存督查记录。")
            return redirect(_inspection_url(inspection))
    return form_page(request, form, title="修改督查记录", back_url=_inspection_url(inspection))


@login_required
def inspection_detail(request, pk: int):
    inspection = get_or_404(selectors.inspection_get, request.user, pk)
    return render(
        request,
        "supervision/inspection_detail.html",
        {
            "inspection": inspection,
            "inspectors": list(inspection.inspectors.order_by("name")),
            "findings": list(inspection.findings.select_related("problem")),
            "can_inspect": selectors.can_inspect(request.user, inspection.org),
            "finding_form": FindingForm(),
        },
    )


@login_required
@require_POST
def finding_add(request, pk: int):
    inspection = get_or_404(selectors.inspection_get, request.user, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        run_or_message(request, services.finding_add, actor=request.user, inspection=inspection, **form.cleaned_data)
    else:
        messages.error(request, _form_errors(form))
    return redirect(_inspection_url(inspection))


@login_required
@require_POST
def finding_convert(request, pk: int):
    """One click: the finding becomes a problem on the ledger."""
    finding = get_or_404(selectors.finding_get, request.user, pk)
    try:
        problem = services.finding_to_problem(actor=request.user, finding=finding)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已转为问题 {problem.code}。")
    return redirect(_inspection_url(finding.inspection))


# --- spot checks -------------------------------------------------------------------------------


@login_required
def spotcheck_list(request):
    checks = (
        selectors.spot_check_list(request.user)
        .annotate(
            item_count=Count("items"),
            checked=Count("items", filter=~Q(items__result=CheckResult.PENDING)),
            failed=Count("items", filter=Q(items__result=CheckResult.FAILED)),
        )
        .order_by("-drawn_at", "-id")
    )
    return render(
        request,
        "supervision/spotcheck_list.html",
        {
            "page": page_of(request, checks, PAGE_SIZE),
            "query": query_without(request, "page"),
            "can_draw": selectors.has_any_role(request.user, selectors.SPOT_CHECK_ROLES),
        },
    )


def _spotcheck_url(spot_check) -> str:
    return reverse("supervision:spotcheck-detail", args=[spot_check.pk])


@login_required
def spotcheck_create(request):
    user = request.user
    _require_role(user, selectors.SPOT_CHECK_ROLES)
    form = SpotCheckForm(
        request.POST or None,
        campaigns=campaign_list(user).order_by("-starts_on", "org__path"),
        orgs=org_list(user, selectors.SPOT_CHECK_ROLES),
        people=person_list(user),
    )
    if request.method == "POST" and form.is_valid():
        spot_check = call_service(form, services.spot_check_draw, actor=user, **form.cleaned_data)
        if spot_check:
            messages.success(request, f"已抽取 {spot_check.items.count()} 条，随机种子 {spot_check.seed}。")
            return redirect(_spotcheck_url(spot_check))
    return form_page(
        request,
        form,
        title="随机抽查已销号措施",
        back_url=reverse("supervision:spotcheck-list"),
        submit_label="抽取",
        intro="抽取过程记录随机种子：相同的范围、条件与种子可复现同一样本，供审计核查。",
    )


@login_required
def spotcheck_detail(request, pk: int):
    spot_check = get_or_404(selectors.spot_check_get, request.user, pk)
    items = list(spot_check.items.select_related("measure", "measure__problem", "measure__org", "checked_by"))
    for item in items:
        item.can_reopen = (
            item.result == CheckResult.FAILED and not item.reopened and can_reopen(request.user, item.measure)
        )
    return render(
        request,
        "supervision/spotcheck_detail.html",
        {
            "spot_check": spot_check,
            "items": items,
            "can_check": selectors.can_check(request.user, spot_check),
            "can_assign": selectors.can_draw(request.user, spot_check.org),
            "result_form": CheckResultForm(),
        },
    )


@login_required
def spotcheck_assign(request, pk: int):
    spot_check = get_or_404(selectors.spot_check_get, request.user, pk)
    if not selectors.can_draw(request.user, spot_check.org):
        raise PermissionDenied("您不能指定复核人。")
    form = CheckerForm(
        request.POST or None, people=person_list(request.user), initial={"checker": spot_check.checker_id}
    )
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.spot_check_assign, actor=request.user, spot_check=spot_check, **form.cleaned_data
        ):
            messages.success(request, "已指定复核人。")
            return redirect(_spotcheck_url(spot_check))
    return form_page(request, form, title="指定复核人", back_url=_spotcheck_url(spot_check))


@login_required
@require_POST
def spotcheck_item_check(request, pk: int):
    item = get_or_404(selectors.spot_check_item_get, request.user, pk)
    form = CheckResultForm(request.POST)
    if form.is_valid():
        run_or_message(request, services.spot_check_item_record, actor=request.user, item=item, **form.cleaned_data)
    else:
        messages.error(request, _form_errors(form))
    return redirect(_spotcheck_url(item.spot_check))


@login_required
@require_POST
def spotcheck_item_reopen(request, pk: int):
    item = get_or_404(selectors.spot_check_item_get, request.user, pk)
    run_or_message(request, services.spot_check_item_reopen, actor=request.user, item=item)
    return redirect(_spotcheck_url(item.spot_check))
