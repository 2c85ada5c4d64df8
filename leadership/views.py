"""领办清单, research topics and the regulation register: thin views over scoped selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_list
from common.dates import today
from common.views import (
    action_page,
    attachment,
    call_service,
    form_page,
    get_or_404,
    page_of,
    query_without,
    run_or_message,
)
from leadership import selectors, services
from leadership.forms import (
    ConcludeForm,
    LedFilterForm,
    ProblemLinkForm,
    RegulationEditForm,
    RegulationFilterForm,
    RegulationForm,
    ReportUploadForm,
    ResearchTopicForm,
)
from ledger.selectors import problem_list
from organisations.selectors import org_list, person_list

PAGE_SIZE = 50


def _campaigns(user):
    return campaign_list(user).order_by("-starts_on", "org__path")


# --- 领办清单 ------------------------------------------------------------------------------------


@login_required
def led_list(request):
    """领办清单: the problems each leader leads, with their measures' statuses, lights and progress."""
    user = request.user
    sees_all = selectors.sees_all_leaders(user)
    form = LedFilterForm(request.GET or None, campaigns=_campaigns(user), leaders=selectors.led_leaders(user))
    if not sees_all:
        del form.fields["leader"]
    filters = form.cleaned_data if form.is_valid() else {}
    page = page_of(request, selectors.led_problems(user, filters), PAGE_SIZE)
    return render(
        request,
        "leadership/led_list.html",
        {
            "form": form,
            "page": page,
            "problems": selectors.with_measure_lights(list(page.object_list), today()),
            "sees_all": sees_all,
            "query": query_without(request, "page"),
        },
    )


# --- research topics ---------------------------------------------------------------------------


@login_required
def topic_list(request):
    topics = selectors.research_topic_list(request.user).order_by("-planned_start", "-id")
    page = page_of(request, topics, PAGE_SIZE)
    return render(
        request,
        "leadership/researchtopic_list.html",
        {"page": page, "can_create": selectors.writable_orgs(request.user).exists()},
    )


def _create_page(request, form, service, *, title: str, back_url: str, detail: str, done: str):
    """A create form calling one service; on success, to the new object's page."""
    if request.method == "POST" and form.is_valid():
        created = call_service(form, service, actor=request.user, **form.cleaned_data)
        if created:
            messages.success(request, done)
            return redirect(detail, created.pk)
    return form_page(request, form, title=title, back_url=back_url)


@login_required
def topic_create(request):
    orgs = selectors.writable_orgs(request.user)
    if not orgs.exists():
        raise PermissionDenied("只有办公室、主要负责人或班子成员可以登记专题调研。")
    form = ResearchTopicForm(
        request.POST or None, campaigns=_campaigns(request.user), orgs=orgs, people=person_list(request.user)
    )
    return _create_page(
        request,
        form,
        services.research_topic_create,
        title="登记专题调研",
        back_url=reverse("leadership:topic-list"),
        detail="leadership:topic-detail",
        done="已登记专题调研。",
    )


@login_required
def topic_detail(request, pk: int):
    topic = get_or_404(selectors.research_topic_get, request.user, pk)
    return render(
        request,
        "leadership/researchtopic_detail.html",
        {
            "topic": topic,
            "can_work": selectors.can_work_on_topic(request.user, topic),
            "problems": selectors.with_measure_lights(list(selectors.topic_problems(request.user, topic)), today()),
            "events": list(topic.events.select_related("actor")),
        },
    )


@login_required
@require_POST
def topic_start(request, pk: int):
    topic = get_or_404(selectors.research_topic_get, request.user, pk)
    run_or_message(request, services.research_topic_start, actor=request.user, topic=topic)
    return redirect("leadership:topic-detail", topic.pk)


def _topic_action(request, pk: int, form_class, service, *, title: str, submit_label: str, form_kwargs=None):
    topic = get_or_404(selectors.research_topic_get, request.user, pk)
    kwargs = form_kwargs(topic) if form_kwargs else {}
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    return action_page(
        request,
        form,
        service,
        title=title,
        back_url=reverse("leadership:topic-detail", args=[topic.pk]),
        submit_label=submit_label,
        intro=topic.title,
        topic=topic,
    )


@login_required
def topic_report(request, pk: int):
    return _topic_action(
        request, pk, ReportUploadForm, services.research_topic_submit_report, title="提交调研报告", submit_label="提交"
    )


@login_required
def topic_conclude(request, pk: int):
    return _topic_action(
        request, pk, ConcludeForm, services.research_topic_conclude, title="调研结题", submit_label="结题"
    )


@login_required
def topic_link(request, pk: int):
    def link_form_kwargs(topic):
        return {
            "problems": selectors.linkable_problems(request.user, topic.org),
            "initial": {"problems": list(topic.problems.order_by("code"))},
        }

    return _topic_action(
        request,
        pk,
        ProblemLinkForm,
        services.research_topic_link_problems,
        title="关联后续问题",
        submit_label="保存",
        form_kwargs=link_form_kwargs,
    )


@login_required
def topic_report_download(request, pk: int):
    topic = get_or_404(selectors.research_topic_get, request.user, pk)
    return attachment(topic.file, topic.file_name, missing="尚未提交调研报告。")


# --- regulations -------------------------------------------------------------------------------


@login_required
def regulation_list(request):
    user = request.user
    form = RegulationFilterForm(request.GET or None, orgs=org_list(user))
    filters = form.cleaned_data if form.is_valid() else {}
    form.fields["org"].offer_steps(user, filters.get("org"))
    regulations = selectors.regulation_filter(selectors.regulation_list(user), filters)
    page = page_of(request, regulations, PAGE_SIZE)
    return render(
        request,
        "leadership/regulation_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request, "page"),
            "can_create": selectors.writable_orgs(user).exists(),
        },
    )


def _regulation_choices(user):
    return {
        "campaigns": _campaigns(user),
        "orgs": selectors.writable_orgs(user),
        "regulations": selectors.regulation_list(user).order_by("org__path", "-issued_on"),
        "problems": problem_list(user),
    }


@login_required
def regulation_create(request):
    if not selectors.writable_orgs(request.user).exists():
        raise PermissionDenied("只有办公室、主要负责人或班子成员可以登记制度。")
    form = RegulationForm(request.POST or None, request.FILES or None, **_regulation_choices(request.user))
    return _create_page(
        request,
        form,
        services.regulation_create,
        title="登记制度（建章立制）",
        back_url=reverse("leadership:regulation-list"),
        detail="leadership:regulation-detail",
        done="已登记制度。",
    )


@login_required
def regulation_edit(request, pk: int):
    regulation = get_or_404(selectors.regulation_get, request.user, pk)
    if not selectors.can_write(request.user, regulation.org):
        raise PermissionDenied("您不能修改该单位的制度。")
    initial = {name: getattr(regulation, name) for name in services.REGULATION_FIELDS}
    initial["problems"] = list(regulation.problems.order_by("code"))
    form = RegulationEditForm(
        request.POST or None, request.FILES or None, initial=initial, **_regulation_choices(request.user)
    )
    form.fields["replaces"].queryset = (
        form.fields["replaces"].queryset.filter(org=regulation.org).exclude(pk=regulation.pk)
    )
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.regulation_update, actor=request.user, regulation=regulation, **form.cleaned_data
        ):
            messages.success(request, "已保存。")
            return redirect("leadership:regulation-detail", regulation.pk)
    return form_page(
        request,
        form,
        title=f"修改制度 · {regulation.title}",
        back_url=reverse("leadership:regulation-detail", args=[pk]),
    )


@login_required
def regulation_detail(request, pk: int):
    regulation = get_or_404(selectors.regulation_get, request.user, pk)
    return render(
        request,
        "leadership/regulation_detail.html",
        {
            "regulation": regulation,
            "can_edit": selectors.can_write(request.user, regulation.org),
            "problems": list(problem_list(request.user).filter(regulations=regulation).order_by("code")),
            "replaced_by": list(selectors.regulation_list(request.user).filter(replaces=regulation)),
        },
    )


@login_required
def regulation_download(request, pk: int):
    regulation = get_or_404(selectors.regulation_get, request.user, pk)
    return attachment(regulation.file, regulation.file_name, missing="该制度没有附件。")
