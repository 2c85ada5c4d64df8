"""Campaign pages: thin views that read through selectors and write through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from campaigns import selectors, services
from campaigns.forms import (
    CampaignCreateForm,
    CampaignForm,
    CategoryForm,
    GroupForm,
    GroupMemberForm,
    PhaseForm,
    PlanItemCompleteForm,
    PlanItemForm,
    RollOutForm,
)
from campaigns.models import Campaign, Group, GroupMember, Phase, PlanItem, ProblemCategory
from common.dates import today
from common.views import call_service, form_page, fresh, get_or_404, run_or_message
from organisations.choices import OrgType, Role
from organisations.selectors import org_list, person_list


def _campaign_for_office(request, pk: int) -> Campaign:
    campaign = get_or_404(selectors.campaign_get, request.user, pk)
    if not selectors.campaign_can_manage(request.user, campaign):
        raise PermissionDenied("只有本单位或上级单位的活动办公室可以修改本活动方案。")
    return campaign


def _overview_url(campaign: Campaign, anchor: str = "") -> str:
    url = reverse("campaigns:campaign-detail", args=[campaign.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
def campaign_list(request):
    campaigns = selectors.campaign_list(request.user).order_by("-starts_on", "org__path")
    can_create = org_list(request.user, {Role.OFFICE}).exists()
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns, "can_create": can_create})


@login_required
def campaign_create(request):
    orgs = org_list(request.user, {Role.OFFICE})
    if not orgs.exists():
        raise PermissionDenied("只有活动办公室可以新建活动。")
    form = CampaignCreateForm(request.POST or None, orgs=orgs, initial={"starts_on": today()})
    if request.method == "POST" and form.is_valid():
        campaign = call_service(form, services.campaign_create, actor=request.user, **form.cleaned_data)
        if campaign:
            messages.success(request, f"已创建活动“{campaign.theme}”。")
            return redirect(_overview_url(campaign))
    return form_page(request, form, title="新建活动", back_url=reverse("campaigns:campaign-list"), submit_label="创建")


@login_required
def campaign_detail(request, pk: int):
    campaign = get_or_404(selectors.campaign_get, request.user, pk)
    context = selectors.campaign_overview(campaign, request.user, today())
    context.update(
        campaign=campaign,
        today=today(),
        can_manage=selectors.campaign_can_manage(request.user, campaign),
        parent_visible=campaign.parent_id
        and selectors.campaign_list(request.user).filter(pk=campaign.parent_id).exists(),
    )
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
def campaign_edit(request, pk: int):
    campaign = _campaign_for_office(request, pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.campaign_update, actor=request.user, campaign=fresh(campaign), **form.cleaned_data
        ):
            messages.success(request, "活动方案已保存。")
            return redirect(_overview_url(campaign))
    return form_page(request, form, title=f"编辑活动方案 · {campaign.theme}", back_url=_overview_url(campaign))


@login_required
def campaign_roll_out(request, pk: int):
    campaign = _campaign_for_office(request, pk)
    candidates = (
        org_list(request.user)
        .filter(path__startswith=campaign.org.path)
        .exclude(pk=campaign.org_id)
        .exclude(type__in=[OrgType.DEPARTMENT, OrgType.BRANCH])
        .exclude(pk__in=campaign.sub_plans.values("org_id"))
    )
    form = RollOutForm(request.POST or None, orgs=candidates)
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form, services.campaign_roll_out, actor=request.user, campaign=campaign, orgs=form.cleaned_data["orgs"]
        )
        if created:
            messages.success(request, f"已向{len(created)}个单位下发子方案。")
            return redirect(_overview_url(campaign, "sub-plans"))
    return form_page(
        request,
        form,
        title=f"下发子方案 · {campaign.theme}",
        back_url=_overview_url(campaign),
        submit_label="下发",
        intro="每个所选单位将得到自己的子方案，继承本方案的阶段、问题类别和工作安排，由该单位活动办公室调整。",
    )


def _plan_part_edit(request, pk, *, model, form_class, part_pk, create, update, part_name, anchor, noun):
    """Create or edit one part of a campaign's plan (phase, plan item, group, category) through its service."""
    campaign = _campaign_for_office(request, pk)
    part = get_object_or_404(model, pk=part_pk, campaign=campaign) if part_pk else model(campaign=campaign)
    form = form_class(request.POST or None, instance=part)
    if request.method == "POST" and form.is_valid():
        if part_pk:
            done = call_service(form, update, actor=request.user, **{part_name: fresh(part)}, **form.cleaned_data)
        else:
            done = call_service(form, create, actor=request.user, campaign=campaign, **form.cleaned_data)
        if done:
            return redirect(_overview_url(campaign, anchor))
    title = f"编辑{noun}" if part_pk else f"新增{noun}"
    return form_page(request, form, title=title, back_url=_overview_url(campaign, anchor))


@login_required
def phase_edit(request, pk: int, phase_pk: int | None = None):
    return _plan_part_edit(
        request,
        pk,
        model=Phase,
        form_class=PhaseForm,
        part_pk=phase_pk,
        create=services.phase_create,
        update=services.phase_update,
        part_name="phase",
        anchor="phases",
        noun="阶段",
    )


@login_required
@require_POST
def phase_delete(request, pk: int, phase_pk: int):
    campaign = _campaign_for_office(request, pk)
    phase = get_object_or_404(Phase, pk=phase_pk, campaign=campaign)
    run_or_message(request, services.phase_delete, actor=request.user, phase=phase)
    return redirect(_overview_url(campaign, "phases"))


@login_required
def plan_item_edit(request, pk: int, item_pk: int | None = None):
    return _plan_part_edit(
        request,
        pk,
        model=PlanItem,
        form_class=PlanItemForm,
        part_pk=item_pk,
        create=services.plan_item_create,
        update=services.plan_item_update,
        part_name="item",
        anchor="plan",
        noun="工作安排",
    )


@login_required
def plan_item_complete(request, pk: int, item_pk: int):
    campaign = _campaign_for_office(request, pk)
    item = get_object_or_404(PlanItem, pk=item_pk, campaign=campaign)
    form = PlanItemCompleteForm(request.POST or None, initial={"done_on": today()})
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.plan_item_complete, actor=request.user, item=item, done_on=form.cleaned_data["done_on"]
        ):
            return redirect(_overview_url(campaign, "plan"))
    return form_page(
        request,
        form,
        title=f"标记完成 · {item.task}",
        back_url=_overview_url(campaign, "plan"),
        submit_label="标记完成",
    )


@login_required
@require_POST
def plan_item_reopen(request, pk: int, item_pk: int):
    campaign = _campaign_for_office(request, pk)
    item = get_object_or_404(PlanItem, pk=item_pk, campaign=campaign)
    run_or_message(request, services.plan_item_reopen, actor=request.user, item=item)
    return redirect(_overview_url(campaign, "plan"))


@login_required
@require_POST
def plan_item_delete(request, pk: int, item_pk: int):
    campaign = _campaign_for_office(request, pk)
    item = get_object_or_404(PlanItem, pk=item_pk, campaign=campaign)
    run_or_message(request, services.plan_item_delete, actor=request.user, item=item)
    return redirect(_overview_url(campaign, "plan"))


@login_required
def group_edit(request, pk: int, group_pk: int | None = None):
    return _plan_part_edit(
        request,
        pk,
        model=Group,
        form_class=GroupForm,
        part_pk=group_pk,
        create=services.group_create,
        update=services.group_update,
        part_name="group",
        anchor="groups",
        noun="工作组",
    )


@login_required
def group_member_add(request, pk: int, group_pk: int):
    campaign = _campaign_for_office(request, pk)
    group = get_object_or_404(Group, pk=group_pk, campaign=campaign)
    people = person_list(request.user).filter(memberships__org__path__startswith=campaign.org.path).distinct()
    form = GroupMemberForm(request.POST or None, instance=GroupMember(group=group), people=people)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.group_member_add, actor=request.user, group=group, **form.cleaned_data):
            return redirect(_overview_url(campaign, "groups"))
    return form_page(
        request, form, title=f"添加成员 · {group.name}", back_url=_overview_url(campaign, "groups"), submit_label="添加"
    )


@login_required
@require_POST
def group_member_remove(request, pk: int, member_pk: int):
    campaign = _campaign_for_office(request, pk)
    member = get_object_or_404(GroupMember, pk=member_pk, group__campaign=campaign)
    run_or_message(request, services.group_member_remove, actor=request.user, member=member)
    return redirect(_overview_url(campaign, "groups"))


@login_required
def category_edit(request, pk: int, category_pk: int | None = None):
    return _plan_part_edit(
        request,
        pk,
        model=ProblemCategory,
        form_class=CategoryForm,
        part_pk=category_pk,
        create=services.category_create,
        update=services.category_update,
        part_name="category",
        anchor="categories",
        noun="问题类别",
    )
