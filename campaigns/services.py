"""Writes on campaigns and their plans. Only the office of the campaign's org (or above) writes."""

import datetime
from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from audit.services import audit_delete
from campaigns.models import Campaign, Group, GroupMember, Phase, PlanItem, ProblemCategory
from campaigns.selectors import campaign_can_manage
from campaigns.templates_data import template_get
from common.exceptions import DomainError
from common.services import save_changes, save_new
from organisations.choices import Role
from organisations.models import Org
from organisations.selectors import user_has_role


def _require_office(actor: User, campaign: Campaign) -> None:
    if not campaign_can_manage(actor, campaign):
        raise DomainError(f"只有“{campaign.org}”或其上级单位的活动办公室可以修改本活动方案。")


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    org: Org,
    code: str,
    theme: str,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    doc_number: str = "",
    guiding_text: str = "",
    goals: str = "",
    principles: str = "",
    template_key: str = "",
) -> Campaign:
    """A new campaign; from a template, its phases (shifted to `starts_on`), groups, categories and plan."""
    if not user_has_role(actor, org, {Role.OFFICE}):
        raise DomainError(f"只有“{org}”或其上级单位的活动办公室可以为其创建活动。")
    template = template_get(template_key) if template_key else None
    if template is not None:
        ends_on = starts_on + datetime.timedelta(days=template.duration_days)
        guiding_text = guiding_text or template.data.get("guiding_text", "").strip()
        goals = goals or template.data.get("goals", "").strip()
        principles = principles or template.data.get("principles", "").strip()
    if ends_on is None:
        raise DomainError("请填写活动结束日期。")
    campaign = save_new(
        actor=actor,
        instance=Campaign(
            org=org,
            code=code.strip(),
            theme=theme.strip(),
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            doc_number=doc_number.strip(),
            guiding_text=guiding_text,
            goals=goals,
            principles=principles,
            template_key=template_key,
            created_by=actor,
        ),
        remark=f"由模板“{template.name}”创建" if template else "",
    )
    if template is not None:
        _fill_from_template(actor=actor, campaign=campaign, data=template.data)
    return campaign


def _fill_from_template(*, actor: User, campaign: Campaign, data: dict) -> None:
    start = campaign.starts_on
    phases = {}
    for order, spec in enumerate(data["phases"]):
        phases[spec["name"]] = save_new(
            actor=actor,
            instance=Phase(
                campaign=campaign,
                sort_order=order,
                name=spec["name"],
                starts_on=start + datetime.timedelta(days=spec["start_day"]),
                ends_on=start + datetime.timedelta(days=spec["end_day"]),
                deliverables=spec.get("deliverables", "").strip(),
            ),
        )
    groups = {}
    for order, spec in enumerate(data.get("groups", [])):
        groups[spec["name"]] = save_new(
            actor=actor,
            instance=Group(
                campaign=campaign,
                sort_order=order,
                kind=spec["kind"],
                name=spec["name"],
                duties=spec.get("duties", "").strip(),
                department=spec.get("department", ""),
            ),
        )
    for order, spec in enumerate(data.get("categories", [])):
        save_new(
            actor=actor,
            instance=ProblemCategory(
                campaign=campaign, sort_order=order, name=spec["name"], description=spec.get("description", "").strip()
            ),
        )
    for order, spec in enumerate(data.get("plan", [])):
        save_new(
            actor=actor,
            instance=PlanItem(
                campaign=campaign,
                phase=phases[spec["phase"]],
                sort_order=order,
                task=spec["task"],
                requirement=spec.get("requirement", "").strip(),
                group=groups.get(spec.get("group", "")),
                due_on=start + datetime.timedelta(days=spec["due_day"]),
            ),
        )


@transaction.atomic
def campaign_update(*, actor: User, campaign: Campaign, **changes) -> Campaign:
    _require_office(actor, campaign)
    allowed = {
        "theme",
        "kind",
        "doc_number",
        "guiding_text",
        "goals",
        "principles",
        "starts_on",
        "ends_on",
        "review_steps",
        "yellow_days",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(f"不能在这里修改：{'、'.join(sorted(unknown))}")
    yellow_days_before = campaign.yellow_days
    save_changes(actor=actor, instance=campaign, changes=changes)
    if campaign.yellow_days != yellow_days_before:
        # The ledger builds on campaigns, not the other way round: imported here, where it is needed.
        from ledger.services import measures_recompute_yellow

        measures_recompute_yellow(campaign.measures.all())
    return campaign


@transaction.atomic
def campaign_roll_out(*, actor: User, campaign: Campaign, orgs: Iterable[Org]) -> list[Campaign]:
    """Give each chosen subordinate unit its own sub-plan, inheriting phases, categories and work plan.

    Units that already have a sub-plan are left as they are, so rolling out twice is harmless.
    """
    _require_office(actor, campaign)
    created = []
    for org in orgs:
        if org.pk == campaign.org_id or not org.is_within(campaign.org):
            raise DomainError(f"“{org}”不是“{campaign.org}”的下级单位，不能下发子方案。")
        if campaign.sub_plans.filter(org=org).exists():
            continue
        sub = save_new(
            actor=actor,
            instance=Campaign(
                org=org,
                parent=campaign,
                code=f"{campaign.code}-{org.code}",
                theme=campaign.theme,
                kind=campaign.kind,
                starts_on=campaign.starts_on,
                ends_on=campaign.ends_on,
                guiding_text=campaign.guiding_text,
                goals=campaign.goals,
                principles=campaign.principles,
                template_key=campaign.template_key,
                review_steps=campaign.review_steps,
                yellow_days=campaign.yellow_days,
                created_by=actor,
            ),
            remark=f"由“{campaign}”下发",
        )
        phases = {}
        for phase in campaign.phases.all():
            phases[phase.pk] = save_new(
                actor=actor,
                instance=Phase(
                    campaign=sub,
                    sort_order=phase.sort_order,
                    name=phase.name,
                    starts_on=phase.starts_on,
                    ends_on=phase.ends_on,
                    deliverables=phase.deliverables,
                ),
            )
        for category in campaign.categories.all():
            save_new(
                actor=actor,
                instance=ProblemCategory(
                    campaign=sub, sort_order=category.sort_order, name=category.name, description=category.description
                ),
            )
        for item in campaign.plan_items.all():
            save_new(
                actor=actor,
                instance=PlanItem(
                    campaign=sub,
                    phase=phases[item.phase_id],
                    sort_order=item.sort_order,
                    task=item.task,
                    requirement=item.requirement,
                    due_on=item.due_on,
                ),
            )
        created.append(sub)
    return created


@transaction.atomic
def phase_create(*, actor: User, campaign: Campaign, **fields) -> Phase:
    _require_office(actor, campaign)
    return save_new(actor=actor, instance=Phase(campaign=campaign, **fields))


@transaction.atomic
def phase_update(*, actor: User, phase: Phase, **changes) -> Phase:
    _require_office(actor, phase.campaign)
    phase = save_changes(actor=actor, instance=phase, changes=changes)
    outside = [item.task for item in phase.plan_items.all() if not phase.contains(item.due_on)]
    if outside:
        raise DomainError(
            f"调整后，以下工作安排的完成时限将不在阶段“{phase.name}”之内：{'、'.join(outside)}。请先调整这些工作安排。"
        )
    return phase


@transaction.atomic
def phase_delete(*, actor: User, phase: Phase) -> None:
    _require_office(actor, phase.campaign)
    if phase.plan_items.exists():
        raise DomainError(f"阶段“{phase.name}”下还有工作安排，请先删除或移走它们。")
    audit_delete(actor=actor, target=phase)
    phase.delete()


@transaction.atomic
def plan_item_create(*, actor: User, campaign: Campaign, **fields) -> PlanItem:
    _require_office(actor, campaign)
    return save_new(actor=actor, instance=PlanItem(campaign=campaign, **fields))


@transaction.atomic
def plan_item_update(*, actor: User, item: PlanItem, **changes) -> PlanItem:
    _require_office(actor, item.campaign)
    return save_changes(actor=actor, instance=item, changes=changes)


@transaction.atomic
def plan_item_complete(*, actor: User, item: PlanItem, done_on: datetime.date) -> PlanItem:
    _require_office(actor, item.campaign)
    if item.done_on is not None:
        raise DomainError(f"“{item.task}”已于{item.done_on:%Y-%m-%d}标记完成。")
    return save_changes(actor=actor, instance=item, changes={"done_on": done_on}, remark="标记完成")


@transaction.atomic
def plan_item_reopen(*, actor: User, item: PlanItem) -> PlanItem:
    _require_office(actor, item.campaign)
    if item.done_on is None:
        raise DomainError(f"“{item.task}”尚未完成，无需撤销。")
    return save_changes(actor=actor, instance=item, changes={"done_on": None}, remark="撤销完成")


@transaction.atomic
def plan_item_delete(*, actor: User, item: PlanItem) -> None:
    _require_office(actor, item.campaign)
    audit_delete(actor=actor, target=item)
    item.delete()


@transaction.atomic
def group_create(*, actor: User, campaign: Campaign, **fields) -> Group:
    _require_office(actor, campaign)
    return save_new(actor=actor, instance=Group(campaign=campaign, **fields))


@transaction.atomic
def group_update(*, actor: User, group: Group, **changes) -> Group:
    _require_office(actor, group.campaign)
    return save_changes(actor=actor, instance=group, changes=changes)


@transaction.atomic
def group_member_add(*, actor: User, group: Group, user: User, role: str, note: str = "") -> GroupMember:
    _require_office(actor, group.campaign)
    if group.members.filter(user=user).exists():
        raise DomainError(f"{user}已是“{group}”的成员。")
    return save_new(actor=actor, instance=GroupMember(group=group, user=user, role=role, note=note))


@transaction.atomic
def group_member_remove(*, actor: User, member: GroupMember) -> None:
    _require_office(actor, member.group.campaign)
    audit_delete(actor=actor, target=member)
    member.delete()


@transaction.atomic
def category_create(*, actor: User, campaign: Campaign, **fields) -> ProblemCategory:
    _require_office(actor, campaign)
    return save_new(actor=actor, instance=ProblemCategory(campaign=campaign, **fields))


@transaction.atomic
def category_update(*, actor: User, category: ProblemCategory, **changes) -> ProblemCategory:
    _require_office(actor, category.campaign)
    return save_changes(actor=actor, instance=category, changes=changes)
