"""Ledger pages: thin views that read through the scoped selectors and write through one service each."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bulletins import selectors as bulletin_selectors
from campaigns.selectors import campaign_get, campaign_list
from commitments import selectors as commitment_selectors
from common.dates import today
from common.exceptions import DomainError
from common.pagination import KeyOrder, key_page
from common.views import (
    action_page,
    attachment,
    call_service,
    form_page,
    fresh,
    get_or_404,
    query_without,
    run_or_message,
)
from jobs.choices import JobKind
from jobs.services import job_start
from ledger import progress_sheets, selectors, services
from ledger.choices import OPEN_STATUSES, ExtensionStatus, Light, MeasureStatus
from ledger.deadlines import light
from ledger.forms import (
    SORTS,
    BulkForm,
    CloseoutForm,
    ExtensionForm,
    LedgerFilterForm,
    MeasureForm,
    ProblemForm,
    ProgressForm,
    ProgressSheetForm,
    ReasonForm,
    RemarkForm,
    UrgeForm,
)
from ledger.models import Evidence, Measure, Milestone
from lookback import selectors as lookback_selectors
from lookback.recurrence import similar_closed_problems
from organisations.choices import OrgType, Role
from organisations.selectors import org_choices, org_list, person_list, scope_roots
from supervision import selectors as supervision_selectors

PAGE_SIZE = 50
ORDERS = {
    "due": (KeyOrder("due_on"), datetime.date),
    "-due": (KeyOrder("due_on", descending=True), datetime.date),
    "new": (KeyOrder("id", descending=True, nullable=False), int),
    "old": (KeyOrder("id", nullable=False), int),
}
LIGHT_RANK = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2, Light.NONE: 3}


def _with_lights(measures, day):
    for measure in measures:
        measure.light = light(status=measure.status, due_on=measure.due_on, yellow_from=measure.yellow_from, today=day)
        measure.report_missing = (
            measure.status in (*OPEN_STATUSES, MeasureStatus.ONGOING)
            and measure.report_due_on is not None
            and measure.report_due_on < day
        )
    return measures


def _row_queryset(queryset):
    """What a row of the measures table shows (`ledger.templatetags.ledger.measure_rows`)."""
    return queryset.select_related("problem", "org", "owner")


@login_required
def measure_list(request):
    """The ledger (整改台账): filters, counts per status, lights, key pagination, bulk actions."""
    user, day = request.user, today()
    people = person_list(user)
    visible = campaign_list(user).order_by("-starts_on", "org__path")
    shown = list(visible)  # read once: the drop-down, the categories, the counts and the rows' filter
    form = LedgerFilterForm(
        request.GET or None,
        campaigns=visible,
        orgs=org_list(user),
        people=people,
        categories=selectors.ledger_categories([campaign.pk for campaign in shown]),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    selected = filters.get("org")
    leaders, owners = selectors.ledger_people_choices(user, selected)
    form.offer(campaigns=shown, orgs=org_choices(user, selected), leaders=leaders, owners=owners)
    campaign = filters.get("campaign")
    campaigns = selectors.ledger_campaigns(user, campaign) if campaign else {item.pk: item.org.path for item in shown}
    measures = selectors.ledger_measures(user, filters, day, campaigns)
    if selectors.ledger_filters_narrow(filters):
        counts = selectors.status_counts_live(measures)
    else:
        counts = selectors.status_counts(user=user, campaigns=campaigns, org=filters.get("org"))
    is_office = user.is_superuser or bool(scope_roots(user, {Role.OFFICE}))
    sort = filters.get("sort") or "due"
    order, value_type = ORDERS[sort]
    page = key_page(
        _row_queryset(measures),
        order,
        cursor=request.GET.get("after"),
        size=PAGE_SIZE,
        value_type=value_type,
    )
    return render(
        request,
        "ledger/measure_list.html",
        {
            "form": form,
            "rows": _with_lights(page.rows, day),
            "next_cursor": page.next_cursor,
            "query": query_without(request, "after"),
            "counts": [(value, label, counts[value]) for value, label in MeasureStatus.choices],
            "total": sum(counts.values()),
            "is_office": is_office,
            "bulk_form": BulkForm(people=people, owner_choices=owners) if is_office else None,
            "sorts": SORTS,
        },
    )


def _detail_url(measure: Measure) -> str:
    return reverse("ledger:measure-detail", args=[measure.pk])


@login_required
def measure_detail(request, pk: int):
    measure = get_or_404(selectors.measure_get, request.user, pk)
    day = today()
    _with_lights([measure], day)
    actions = selectors.measure_actions(request.user, measure)
    pending = measure.extensions.filter(status=ExtensionStatus.PENDING).first()
    return render(
        request,
        "ledger/measure_detail.html",
        {
            "measure": measure,
            "problem": measure.problem,
            "actions": actions,
            "milestones": list(measure.milestones.all()),
            "timeline": selectors.measure_timeline(measure),
            "formal_notices": list(
                supervision_selectors.urge_notice_list(request.user)
                .filter(measure=measure)
                .order_by("-issued_on", "-id")
            ),
            "pending_extension": pending,
            "can_decide_extension": pending is not None and selectors.can_decide_extension(request.user, measure),
            "progress_form": ProgressForm(),
            "closeout_form": CloseoutForm(),
            "remark_form": RemarkForm(),
            "reason_form": ReasonForm(),
            "extension_form": ExtensionForm(),
            "urge_form": UrgeForm(),
            "today": day,
        },
    )


def _measure_action(request, pk: int, form_class, service, *, title: str, submit_label: str):
    """A POST form on the detail page that calls one service; a refusal is shown on a page of its own."""
    measure = get_or_404(selectors.measure_get, request.user, pk)
    return action_page(
        request,
        form_class(request.POST or None, request.FILES or None),
        service,
        title=title,
        back_url=_detail_url(measure),
        submit_label=submit_label,
        heading=f"{title} · {measure.problem.code}",
        measure=measure,
    )


@login_required
def measure_report(request, pk: int):
    return _measure_action(
        request, pk, ProgressForm, services.progress_report, title="报送整改进展", submit_label="报送"
    )


@login_required
def measure_closeout(request, pk: int):
    return _measure_action(
        request, pk, CloseoutForm, services.measure_request_closeout, title="申请销号", submit_label="提交申请"
    )


@login_required
def measure_confirm(request, pk: int):
    return _measure_action(request, pk, RemarkForm, services.measure_confirm, title="单位确认", submit_label="确认")


@login_required
def measure_verify(request, pk: int):
    return _measure_action(request, pk, RemarkForm, services.measure_verify, title="验收销号", submit_label="验收通过")


@login_required
def measure_send_back(request, pk: int):
    return _measure_action(request, pk, ReasonForm, services.measure_send_back, title="退回整改", submit_label="退回")


@login_required
def measure_extension(request, pk: int):
    return _measure_action(
        request, pk, ExtensionForm, services.extension_request, title="申请延期", submit_label="提交申请"
    )


@login_required
def measure_urge(request, pk: int):
    return _measure_action(request, pk, UrgeForm, services.measure_urge, title="催办", submit_label="发送催办")


@login_required
def extension_decide(request, pk: int, decision: str):
    extension = get_or_404(selectors.extension_get, request.user, pk)
    service = services.extension_approve if decision == "approve" else services.extension_refuse
    form = RemarkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, service, actor=request.user, extension=extension, remark=form.cleaned_data["remark"]):
            messages.success(request, "已批准延期。" if decision == "approve" else "已不予批准。")
            return redirect(_detail_url(extension.measure))
    return form_page(
        request,
        form,
        title=f"{'批准' if decision == 'approve' else '不予批准'}延期申请",
        back_url=_detail_url(extension.measure),
        submit_label="批准" if decision == "approve" else "不予批准",
        intro=f"申请延至 {extension.requested_due_on:%Y年%m月%d日}。理由：{extension.reason}",
    )


@login_required
def evidence_download(request, pk: int):
    """Evidence is served only to people who may see its measure, never from a public URL."""
    evidence = Evidence.objects.filter(pk=pk, measure__in=selectors.measure_list(request.user)).first()
    if evidence is None:
        raise Http404("未找到，或您无权查看。")
    return attachment(evidence.file, evidence.name, missing="未找到，或您无权查看。")


@login_required
@require_POST
def measure_bulk(request):
    """Bulk actions of the office on the rows ticked in the ledger; each row goes through its service."""
    form = BulkForm(request.POST, people=person_list(request.user))
    back = request.POST.get("next") or reverse("ledger:measure-list")
    if not back.startswith("/"):
        back = reverse("ledger:measure-list")
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    if not ids:
        messages.error(request, "请先勾选要处理的措施。")
        return redirect(back)
    if not form.is_valid():
        messages.error(request, "；".join(error for errors in form.errors.values() for error in errors))
        return redirect(back)
    data = form.cleaned_data
    done, refused = 0, []
    for measure in selectors.measure_list(request.user).filter(pk__in=ids).select_related("problem", "org", "campaign"):
        try:
            if data["action"] == "urge":
                services.measure_urge(actor=request.user, measure=measure, text=data["text"])
            elif data["action"] == "extend":
                services.measure_extend(actor=request.user, measure=measure, due_on=data["due_on"], reason=data["text"])
            else:
                services.measure_assign_owner(actor=request.user, measure=measure, owner=data["owner"])
            done += 1
        except DomainError as error:
            refused.append(f"{measure.problem.code}：{error.message}")
    if done:
        messages.success(request, f"已处理 {done} 条措施。")
    for line in refused:
        messages.error(request, line)
    return redirect(back)


# --- problems ----------------------------------------------------------------------------------


@login_required
def problem_create(request, campaign_pk: int):
    campaign = get_or_404(campaign_get, request.user, campaign_pk)
    orgs = org_list(request.user).filter(path__startswith=campaign.org.path).order_by("path")
    if not any(selectors.can_register_problem(request.user, org) for org in orgs[:50]):
        raise PermissionDenied("您不能在本活动中登记问题。")
    form = ProblemForm(request.POST or None, campaign=campaign, orgs=orgs, people=person_list(request.user))
    matches = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Similar problems closed in earlier campaigns are shown once, to confirm (屡查屡犯).
        if "confirmed" not in request.POST:
            matches = similar_closed_problems(
                request.user, org=data["org"], campaign=campaign, text=data["description"]
            )
        problem = (
            None
            if matches
            else call_service(form, services.problem_create, actor=request.user, campaign=campaign, **data)
        )
        if problem:
            messages.success(request, f"已登记问题 {problem.code}，请为它制定整改措施。")
            earlier = selectors.problem_list(request.user).filter(pk=request.POST.get("recurrence_of") or None).first()
            if earlier is not None:
                run_or_message(
                    request, services.problem_mark_recurrence, actor=request.user, problem=problem, earlier=earlier
                )
            return redirect("ledger:problem-detail", problem.pk)
    return render(
        request,
        "ledger/problem_create.html",
        {
            "form": form,
            "title": f"登记问题 · {campaign.theme}",
            "back_url": reverse("campaigns:campaign-detail", args=[campaign.pk]),
            "matches": matches,
            "can_mark": matches and selectors.can_mark_recurrence(request.user, form.cleaned_data["org"]),
        },
    )


@login_required
def problem_detail(request, pk: int):
    problem = get_or_404(selectors.problem_get, request.user, pk)
    measures = _with_lights(
        list(_row_queryset(selectors.measure_list(request.user).filter(problem=problem)).order_by("id")),
        today(),
    )
    return render(
        request,
        "ledger/problem_detail.html",
        {
            "problem": problem,
            "measures": measures,
            "can_add_measure": selectors.can_write_measures(request.user, problem.org),
            "can_edit": selectors.can_register_problem(request.user, problem.org),
            "matches": similar_closed_problems(
                request.user, org=problem.org, campaign=problem.campaign, text=problem.description, problem=problem
            ),
            "can_mark": selectors.can_mark_recurrence(request.user, problem.org),
        },
    )


@login_required
def measure_create(request, problem_pk: int):
    problem = get_or_404(selectors.problem_get, request.user, problem_pk)
    if not selectors.can_write_measures(request.user, problem.org):
        raise PermissionDenied("您不能为该问题制定整改措施。")
    people = person_list(request.user)
    departments = org_list(request.user).filter(path__startswith=problem.org.path, type=OrgType.DEPARTMENT)
    form = MeasureForm(request.POST or None, people=people, departments=departments.order_by("path"))
    if request.method == "POST" and form.is_valid():
        measure = call_service(form, services.measure_create, actor=request.user, problem=problem, **form.cleaned_data)
        if measure:
            messages.success(request, "已制定整改措施。")
            return redirect(_detail_url(measure))
    return form_page(
        request,
        form,
        title=f"制定整改措施 · {problem.code}",
        back_url=reverse("ledger:problem-detail", args=[problem.pk]),
        intro=problem.description,
    )


# --- 我的待办 ------------------------------------------------------------------------------------

TODO_LIMIT = 20


@login_required
def home(request):
    """我的待办: what waits for this person, most urgent first."""
    user, day = request.user, today()
    visible = selectors.measure_list(user)
    rows = _row_queryset(visible)

    mine = _with_lights(list(rows.filter(owner=user, status__in=(*OPEN_STATUSES, MeasureStatus.ONGOING))), day)
    mine.sort(key=lambda m: (LIGHT_RANK[m.light], m.due_on is None, m.due_on or day, m.pk))

    to_confirm = list(_row_queryset(selectors.measure_to_confirm_list(user)).order_by("due_on", "id")[:TODO_LIMIT])
    to_verify = list(_row_queryset(selectors.measure_to_verify_list(user)).order_by("due_on", "id")[:TODO_LIMIT])

    office_scope = org_list(user, {"office"})
    is_office = office_scope.exists()
    office = {}
    if is_office:
        campaigns = selectors.ledger_campaigns(user)
        reds = selectors.office_measures(user, campaigns).filter(selectors.light_q(Light.RED, day))
        counts = selectors.status_counts(user=user, campaigns=campaigns)
        office = {
            "reds": _with_lights(list(_row_queryset(reds).order_by("due_on", "id")[:TODO_LIMIT]), day),
            "red_count": reds.count(),
            "pending_closeouts": counts[MeasureStatus.PENDING_REVIEW] + counts[MeasureStatus.PENDING_ACCEPTANCE],
            "extensions": list(
                selectors.pending_extensions(user)
                .filter(measure__org__in=office_scope)
                .exclude(requested_by=user)
                .select_related("measure", "measure__problem", "requested_by")[:TODO_LIMIT]
            ),
        }
    oversight = [
        item
        for item in (
            *supervision_selectors.todo(user),
            *lookback_selectors.todo(user),
            *bulletin_selectors.todo(user),
            *commitment_selectors.todo(user),
        )
        if item.count
    ]
    return render(
        request,
        "ledger/home.html",
        {
            "mine": mine,
            "to_confirm": _with_lights(to_confirm, day),
            "to_verify": _with_lights(to_verify, day),
            "is_office": is_office,
            "office": office,
            "oversight": oversight,
            "nothing": not (mine or to_confirm or to_verify or is_office or oversight),
            "urged_ids": set(visible.filter(owner=user, urges__isnull=False).values_list("id", flat=True)),
        },
    )


@login_required
def problem_edit(request, pk: int):
    problem = get_or_404(selectors.problem_get, request.user, pk)
    if not selectors.can_register_problem(request.user, problem.org):
        raise PermissionDenied("您不能修改该问题。")
    orgs = org_list(request.user).filter(path__startswith=problem.campaign.org.path).order_by("path")
    form = ProblemForm(
        request.POST or None,
        instance=fresh(problem),
        campaign=problem.campaign,
        orgs=orgs,
        people=person_list(request.user),
    )
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.problem_update, actor=request.user, problem=problem, **form.cleaned_data):
            messages.success(request, "已保存。")
            return redirect("ledger:problem-detail", problem.pk)
    return form_page(
        request, form, title=f"修改问题 · {problem.code}", back_url=reverse("ledger:problem-detail", args=[problem.pk])
    )


@login_required
def measure_edit(request, pk: int):
    measure = get_or_404(selectors.measure_get, request.user, pk)
    if not selectors.measure_actions(request.user, measure).edit:
        raise PermissionDenied("整改启动后措施不能再修改；时限请通过延期申请调整。")
    departments = org_list(request.user).filter(path__startswith=measure.org.path, type=OrgType.DEPARTMENT)
    initial = {
        name: getattr(measure, name)
        for name in ("content", "kind", "deadline", "leader", "department", "owner", "acceptance_standard")
    }
    form = MeasureForm(
        request.POST or None,
        initial=initial,
        people=person_list(request.user),
        departments=departments.order_by("path"),
    )
    del form.fields["milestones"]
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.measure_update, actor=request.user, measure=measure, **form.cleaned_data):
            messages.success(request, "已保存。")
            return redirect(_detail_url(measure))
    return form_page(request, form, title=f"修改整改措施 · {measure.problem.code}", back_url=_detail_url(measure))


@login_required
@require_POST
def milestone_done(request, pk: int):
    milestone = Milestone.objects.filter(pk=pk, measure__in=selectors.measure_list(request.user)).first()
    if milestone is None:
        raise Http404("未找到，或您无权查看。")
    run_or_message(request, services.milestone_complete, actor=request.user, milestone=milestone)
    return redirect(_detail_url(milestone.measure))


# --- Excel: export, bulk progress --------------------------------------------------------------

EXPORT_FILTERS = [name for name in LedgerFilterForm.base_fields if name != "sort"]


@login_required
@require_POST
def measure_export(request):
    """Export the ledger with the filters of the page (its query string) in a job; the job checks
    them again against the person's scope and its page shows the progress and the file."""
    params = {name: request.GET[name] for name in EXPORT_FILTERS if request.GET.get(name)}
    job = job_start(actor=request.user, kind=JobKind.EXPORT_LEDGER, params=params)
    return redirect("jobs:job-detail", job.pk)


@login_required
def progress_sheet(request):
    """批量报送进展: download the sheet of one's open measures, fill it in, upload it (run as a job)."""
    form = ProgressSheetForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = call_service(
            form, progress_sheets.progress_sheet_upload, actor=request.user, upload=form.cleaned_data["file"]
        )
        if job:
            return redirect("jobs:job-detail", job.pk)
    count = selectors.measure_reportable_list(request.user).count()
    return render(request, "ledger/progress_sheet.html", {"form": form, "count": count})


@login_required
def progress_sheet_download(request):
    return FileResponse(
        progress_sheets.progress_sheet_for(request.user),
        as_attachment=True,
        filename=f"整改进展报送表-{today():%Y%m%d}.xlsx",
    )
