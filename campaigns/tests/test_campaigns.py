import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from campaigns import services
from campaigns.models import Campaign, Phase, PlanItem
from campaigns.templates_data import template_list
from campaigns.validators import validate_doc_number
from common.exceptions import DomainError
from ledger.tests.factories import make_problem
from organisations import services as org_services
from organisations.models import Org


@pytest.mark.parametrize("value", ["洪中医发〔2021〕12号", "青卫发〔2026〕1号", "文卫党〔2012〕16号"])
def test_doc_number_accepts_official_form(value):
    validate_doc_number(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("青卫发[2026]12号", "六角括号"),
        ("青卫发（2026）12号", "六角括号"),
        ("青卫发〔26〕12号", "四位数字"),
        ("青卫发〔2026〕012号", "前导零"),
        ("青卫发〔2026〕第12号", "第"),
        ("青卫发〔2026〕12", "号"),
    ],
)
def test_doc_number_refuses_malformed(value, message):
    with pytest.raises(ValidationError) as error:
        validate_doc_number(value)
    assert message in error.value.messages[0]


@pytest.mark.parametrize("template", template_list(), ids=lambda t: t.key)
def test_every_template_instantiates(template, cast, county):
    start = datetime.date(2027, 3, 1)
    campaign = services.campaign_create(
        actor=cast["office"],
        org=county["commission"],
        code=f"T-{template.key}",
        theme=template.data["theme"],
        kind=template.data["kind"],
        starts_on=start,
        template_key=template.key,
    )
    assert campaign.phases.count() == len(template.data["phases"])
    assert campaign.phases.order_by("starts_on").first().starts_on == start
    assert campaign.categories.count() == len(template.data["categories"])
    assert campaign.groups.count() == len(template.data["groups"])
    assert campaign.plan_items.count() == len(template.data["plan"])
    for item in campaign.plan_items.select_related("phase"):
        assert item.phase.contains(item.due_on)


def test_pobing_template_follows_seed(campaign):
    assert [p.name for p in campaign.phases.order_by("starts_on")] == ["学习交流", "查摆检视", "调研讨论", "整改提升"]
    assert campaign.phases.get(name="学习交流").ends_on == datetime.date(2026, 9, 15)
    assert campaign.categories.count() == 7
    assert {g.kind for g in campaign.groups.all()} == {"leading", "office", "working"}


def test_phase_ending_before_start_is_refused(campaign, cast):
    with pytest.raises(DomainError, match="结束日期不能早于开始日期"):
        services.phase_create(
            actor=cast["office"],
            campaign=campaign,
            name="补充",
            starts_on=datetime.date(2027, 2, 1),
            ends_on=datetime.date(2027, 1, 1),
        )


def test_overlapping_phase_is_refused(campaign, cast):
    with pytest.raises(DomainError, match="时间重叠"):
        services.phase_create(
            actor=cast["office"],
            campaign=campaign,
            name="补充",
            starts_on=datetime.date(2026, 9, 10),
            ends_on=datetime.date(2026, 9, 20),
        )
    assert not Phase.objects.filter(name="补充").exists()


def test_plan_item_outside_its_phase_is_refused(campaign, cast):
    phase = campaign.phases.get(name="学习交流")
    with pytest.raises(DomainError, match="不在阶段"):
        services.plan_item_create(
            actor=cast["office"], campaign=campaign, phase=phase, task="补充学习", due_on=datetime.date(2026, 10, 1)
        )


def test_group_member_must_belong_to_campaign_org_subtree(rolled_out, cast):
    sub_a = rolled_out["JYY"]
    group = services.group_create(actor=cast["office_a"], campaign=sub_a, kind="working", name="甲院工作组")
    with pytest.raises(DomainError, match="不能加入该工作组"):
        services.group_member_add(actor=cast["office_a"], group=group, user=cast["owner_b"], role="member")
    services.group_member_add(actor=cast["office_a"], group=group, user=cast["owner_a"], role="leader")


def test_roll_out_inherits_and_is_idempotent(campaign, rolled_out, cast, county):
    sub = rolled_out["JYY"]
    assert sub.parent == campaign and sub.code == "2026-PB-JYY"
    assert sub.phases.count() == campaign.phases.count()
    assert sub.categories.count() == 7
    assert sub.plan_items.count() == campaign.plan_items.count()
    assert services.campaign_roll_out(actor=cast["office"], campaign=campaign, orgs=[county["a"]]) == []
    assert Campaign.objects.filter(parent=campaign).count() == 2


def test_sub_plan_editable_by_its_unit_office_only(rolled_out, cast):
    sub_a, sub_b = rolled_out["JYY"], rolled_out["YYY"]
    services.campaign_update(actor=cast["office_a"], campaign=sub_a, goals="甲院目标")
    with pytest.raises(DomainError):
        services.campaign_update(actor=cast["office_a"], campaign=sub_b, goals="越权")
    with pytest.raises(DomainError):
        services.campaign_update(actor=cast["owner_a"], campaign=sub_a, goals="越权")


def test_owner_of_a_cannot_see_b_sub_plan(client, rolled_out, cast):
    sub_a, sub_b = rolled_out["JYY"], rolled_out["YYY"]
    client.force_login(cast["owner_a"])
    listing = client.get(reverse("campaigns:campaign-list")).content.decode()
    assert reverse("campaigns:campaign-detail", args=[sub_a.pk]) in listing
    assert reverse("campaigns:campaign-detail", args=[sub_b.pk]) not in listing
    assert client.get(reverse("campaigns:campaign-detail", args=[sub_b.pk])).status_code == 404
    assert client.post(reverse("campaigns:campaign-edit", args=[sub_b.pk]), {"theme": "x"}).status_code == 404
    assert client.get(reverse("campaigns:campaign-edit", args=[sub_a.pk])).status_code == 403
    # Through the admin too, even when given staff access and every permission.
    owner = cast["owner_a"]
    owner.is_staff = True
    owner.save()
    from django.contrib.auth.models import Permission

    owner.user_permissions.set(Permission.objects.all())
    client.force_login(owner)
    changelist = client.get("/admin/campaigns/campaign/").content.decode()
    assert "2026-PB-JYY" in changelist and "2026-PB-YYY" not in changelist
    response = client.get(f"/admin/campaigns/campaign/{sub_b.pk}/change/")
    assert response.status_code == 302


def test_commission_office_follows_all_sub_plans(client, rolled_out, cast, campaign):
    PlanItem.objects.filter(campaign=rolled_out["JYY"]).update(done_on=datetime.date(2026, 9, 10))
    client.force_login(cast["office"])
    page = client.get(reverse("campaigns:campaign-detail", args=[campaign.pk])).content.decode()
    assert "甲医院" in page and "乙医院" in page and "100%" in page


def test_overview_highlights_todays_phase_and_overdue_items(client, campaign, cast, monkeypatch):
    monkeypatch.setattr("campaigns.views.today", lambda: datetime.date(2026, 9, 20))
    client.force_login(cast["office"])
    response = client.get(reverse("campaigns:campaign-detail", args=[campaign.pk]))
    assert response.context["current_phase"].name == "查摆检视"
    statuses = {item.current_status for item in response.context["plan_items"]}
    assert "overdue" in statuses and "due" in statuses
    assert 'aria-current="step"' in response.content.decode()


def test_every_change_is_audited(campaign, cast):
    item = campaign.plan_items.first()
    services.plan_item_complete(actor=cast["office"], item=item, done_on=datetime.date(2026, 9, 10))
    entry = AuditEntry.objects.filter(target_id=str(item.pk), remark="标记完成").get()
    assert (
        entry.actor == cast["office"] and entry.before == {"done_on": None} and entry.after == {"done_on": "2026-09-10"}
    )
    assert AuditEntry.objects.filter(target_id=str(campaign.pk), action="create").exists()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(remark="改")


def test_org_moved_under_own_descendant_is_refused(county):
    with pytest.raises(DomainError, match="下级单位"):
        org_services.org_move(actor=None, org=county["a"], new_parent=county["dept_a"])
    moved = org_services.org_move(actor=None, org=county["dept_a"], new_parent=county["b"])
    assert moved.path == f"{county['b'].path}{moved.pk}/"


def test_org_with_problems_may_not_leave_their_campaigns_org(county, cast, campaign, rolled_out):
    # Hospital A's department has a problem in A's sub-plan: it may not move to hospital B, whose
    # office would otherwise see it in A's ledger. In the commission's campaign it may move anywhere
    # in the county.
    make_problem(actor=cast["office_a"], campaign=rolled_out["JYY"], org=county["dept_a"])
    with pytest.raises(DomainError, match="不能调整上级单位"):
        org_services.org_move(actor=None, org=county["dept_a"], new_parent=county["b"])
    assert Org.objects.get(pk=county["dept_a"].pk).path.startswith(county["a"].path)
    # Moving hospital A itself (its sub-plan moves along) within the county is allowed.
    make_problem(actor=cast["office"], campaign=campaign, org=county["dept_a"])
    moved = org_services.org_move(actor=None, org=county["a"], new_parent=county["b"])
    assert moved.path.startswith(county["b"].path)


def test_duplicate_org_code_is_refused(county):
    with pytest.raises(DomainError, match="单位代码已被其他单位使用"):
        org_services.org_create(actor=None, name="重复", code="jyy", type="hospital", parent=county["commission"])


def test_office_adds_and_edits_plan_parts_through_pages(client, campaign, cast):
    client.force_login(cast["office"])
    url = reverse("campaigns:phase-create", args=[campaign.pk])
    bad = client.post(url, {"name": "补充", "sort_order": 9, "starts_on": "2026-09-10", "ends_on": "2026-09-20"})
    assert "时间重叠" in bad.content.decode()
    ok = client.post(url, {"name": "补充", "sort_order": 9, "starts_on": "2027-02-01", "ends_on": "2027-02-10"})
    assert ok.status_code == 302
    phase = campaign.phases.get(name="补充")
    edit = reverse("campaigns:phase-edit", args=[campaign.pk, phase.pk])
    data = {"name": "补充阶段", "sort_order": 9, "starts_on": "2027-02-01", "ends_on": "2027-02-12"}
    assert client.post(edit, data).status_code == 302
    entry = AuditEntry.objects.filter(target_id=str(phase.pk), action="update").get()
    assert entry.before["name"] == "补充" and entry.after["name"] == "补充阶段"
    category_url = reverse("campaigns:category-create", args=[campaign.pk])
    assert client.post(category_url, {"name": "新类别", "sort_order": 8}).status_code == 302
    client.force_login(cast["owner_a"])
    assert client.post(category_url, {"name": "越权", "sort_order": 1}).status_code == 403


def test_a_superuser_without_memberships_sees_every_campaign(campaign, rolled_out, django_user_model):
    from campaigns.selectors import campaign_list

    root = django_user_model.objects.create_superuser("root", password="x-Pass-2026!")
    assert campaign_list(root).count() == 3
