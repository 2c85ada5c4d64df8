"""Every change to urge notices, inspections and spot checks. Each refuses with a message in Chinese.

Notice transitions are race-safe: the row is updated only where its status (and, for escalation,
its level and answer date) are still the expected ones, and each step appends an UrgeEvent.
"""

import datetime
import math
import random
import secrets
from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_create, audit_create_many, audit_record, audit_update, snapshot
from campaigns.models import Campaign
from campaigns.selectors import campaign_for_org
from common.dates import today as local_today
from common.exceptions import DomainError
from common.services import save_changes, save_new
from common.uploads import check_evidence_file
from ledger import services as ledger_services
from ledger.choices import OPEN_STATUSES, ProblemSource
from ledger.deadlines import WorkCalendar
from ledger.models import Measure, Problem
from ledger.selectors import campaign_family_ids
from notifications.choices import NotificationKind
from organisations.models import Org
from organisations.selectors import person_list
from supervision import selectors
from supervision.choices import AWAITING_ANSWER, DEFAULT_ESCALATION, CheckResult, UrgeEventKind, UrgeStatus
from supervision.models import (
    EscalationStep,
    Finding,
    Inspection,
    SpotCheck,
    SpotCheckItem,
    UrgeEvent,
    UrgeNotice,
)

STATUS_LABELS = dict(UrgeStatus.choices)


def _notify(**kwargs) -> int:
    # notifications' daily run imports this module: its services are imported on first use instead.
    from notifications.services import notify as notifications_notify

    return notifications_notify(**kwargs)


# --- escalation ladder -------------------------------------------------------------------------


@transaction.atomic
def escalation_steps_ensure(campaign: Campaign) -> list[EscalationStep]:
    """The campaign family's ladder, made from the defaults (催办单 → 督办单 → 约谈) when it has none."""
    steps = selectors.escalation_steps(campaign)
    if steps:
        return steps
    ladder_id = selectors.ladder_campaign_id(campaign)
    for level, (name, days) in enumerate(DEFAULT_ESCALATION, start=1):
        step, created = EscalationStep.objects.get_or_create(
            campaign_id=ladder_id, level=level, defaults={"name": name, "days": days}
        )
        if created:
            audit_create(actor=None, target=step, remark="默认升级规则")
    return selectors.escalation_steps(campaign)


@transaction.atomic
def escalation_steps_save(*, actor: User, campaign: Campaign, steps: Sequence[tuple[str, int]]) -> list[EscalationStep]:
    """Replace the ladder with `steps` (name, working days), level 1 first. Notices already issued keep
    the level name they were given."""
    if campaign.parent_id is not None:
        raise DomainError("升级规则由上级活动统一设置。")
    if not selectors.can_issue(actor, campaign.org):
        raise DomainError(f"只有“{campaign.org}”的活动办公室或监督考核组可以设置升级规则。")
    steps = [(name.strip(), days) for name, days in steps if name.strip()]
    if not steps:
        raise DomainError("至少须保留一级。")
    for old in EscalationStep.objects.filter(campaign=campaign):
        before = snapshot(old)
        old.delete()
        audit_record(actor=actor, action=AuditAction.DELETE, target=old, before=before)
    return [
        save_new(actor=actor, instance=EscalationStep(campaign=campaign, level=level, name=name, days=days))
        for level, (name, days) in enumerate(steps, start=1)
    ]


# --- urge notices ------------------------------------------------------------------------------


def _notice_url(notice: UrgeNotice) -> str:
    return reverse("supervision:urgenotice-detail", args=[notice.pk])


def _notify_recipients(notice: UrgeNotice, *, kind: str, title: str, body: str, key: str) -> int:
    """Tell the notice's recipients, linking to the notice; `key` makes the message once-only per notice."""
    return _notify(
        users=selectors.urge_notice_recipients(notice),
        kind=kind,
        title=title,
        body=body,
        url=_notice_url(notice),
        key=f"urge-notice-{notice.pk}-{key}",
    )


def _event(notice: UrgeNotice, *, actor: User | None, kind: str, from_status: str, remark: str = "") -> UrgeEvent:
    return UrgeEvent.objects.create(
        notice=notice,
        actor=actor,
        kind=kind,
        from_status=from_status,
        to_status=notice.status,
        level=notice.level,
        remark=remark,
    )


@transaction.atomic
def urge_notice_issue(
    *,
    actor: User,
    text: str,
    campaign: Campaign | None = None,
    org: Org | None = None,
    measure: Measure | None = None,
    answer_by: datetime.date | None = None,
) -> UrgeNotice:
    """Issue a notice (level 1 of the ladder) to an org, or about one measure (to the measure's org).
    Without a date, the answer is due the first rung's number of working days from today."""
    if measure is not None:
        if measure.status not in OPEN_STATUSES:
            raise DomainError("该措施已不在整改中，无需督办。")
        campaign, org = measure.campaign, measure.org
    if campaign is None or org is None:
        raise DomainError("请选择活动和督办对象单位。")
    if not selectors.can_issue(actor, org):
        raise DomainError(f"只有“{org}”或其上级单位的活动办公室、监督考核组可以下发催办督办单。")
    if not org.is_within(campaign.org):
        raise DomainError(f"督办对象须是“{campaign.org}”或其下级单位。")
    if not text.strip():
        raise DomainError("请填写督办事项。")
    first = escalation_steps_ensure(campaign)[0]
    today = local_today()
    answer_by = answer_by or WorkCalendar.load().working_days_after(today, first.days)
    if answer_by < today:
        raise DomainError("反馈期限不能早于今天。")
    notice = save_new(
        actor=actor,
        instance=UrgeNotice(
            campaign=campaign,
            org=org,
            measure=measure,
            text=text.strip(),
            level=first.level,
            level_name=first.name,
            issued_on=today,
            answer_by=answer_by,
            issued_by=actor,
        ),
    )
    _event(notice, actor=actor, kind=UrgeEventKind.ISSUED, from_status="", remark=notice.text)
    _notify_recipients(
        notice,
        kind=NotificationKind.URGE_NOTICE,
        title=f"{notice.level_name}：请于{answer_by:%Y年%m月%d日}前反馈",
        body=notice.text,
        key="issued",
    )
    return notice


def _step(
    *, actor: User, notice: UrgeNotice, allowed: tuple, to: str, kind: str, remark: str = "", **fields
) -> UrgeEvent:
    """Move a notice from its current status (one of `allowed`) to `to`, if nobody moved it first."""
    expected = notice.status
    if expected not in allowed:
        raise DomainError(f"该督办单当前为“{STATUS_LABELS[expected]}”，不能{UrgeEventKind(kind).label}。")
    changed = UrgeNotice.objects.filter(pk=notice.pk, status=expected).update(status=to, **fields)
    if changed != 1:
        current = UrgeNotice.objects.values_list("status", flat=True).get(pk=notice.pk)
        raise DomainError(
            f"该督办单当前为“{STATUS_LABELS[current]}”，不是“{STATUS_LABELS[expected]}”，"
            "可能已被他人处理，请刷新页面查看最新情况。"
        )
    notice.status = to
    for key, value in fields.items():
        setattr(notice, key, value)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        target=notice,
        before={"status": expected},
        after={"status": to, **{key: _plain(value) for key, value in fields.items()}},
        remark=remark,
    )
    return _event(notice, actor=actor, kind=kind, from_status=expected, remark=remark)


def _plain(value):
    if isinstance(value, User):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _require_recipient(actor: User, notice: UrgeNotice, doing: str) -> None:
    if not selectors.is_recipient(actor, notice):
        raise DomainError(f"只有督办对象单位的主要负责人、活动办公室或该措施的责任人、责任领导可以{doing}。")


@transaction.atomic
def urge_notice_acknowledge(*, actor: User, notice: UrgeNotice) -> UrgeNotice:
    """A recipient signs for the notice (签收)."""
    _require_recipient(actor, notice, "签收")
    _step(
        actor=actor,
        notice=notice,
        allowed=(UrgeStatus.ISSUED,),
        to=UrgeStatus.ACKNOWLEDGED,
        kind=UrgeEventKind.ACKNOWLEDGED,
        acknowledged_by=actor,
        acknowledged_at=timezone.now(),
    )
    return notice


@transaction.atomic
def urge_notice_answer(*, actor: User, notice: UrgeNotice, answer: str, file=None) -> UrgeNotice:
    """A recipient answers (反馈), with an optional evidence file checked by its content."""
    _require_recipient(actor, notice, "反馈")
    if notice.status == UrgeStatus.ISSUED:
        raise DomainError("请先签收督办单，再反馈办理情况。")
    if not answer.strip():
        raise DomainError("请填写反馈情况。")
    if file is not None:
        check_evidence_file(file)
    event = _step(
        actor=actor,
        notice=notice,
        allowed=(UrgeStatus.ACKNOWLEDGED, UrgeStatus.RETURNED),
        to=UrgeStatus.ANSWERED,
        kind=UrgeEventKind.ANSWERED,
        remark=answer.strip(),
        answer=answer.strip(),
        answered_by=actor,
        answered_at=timezone.now(),
    )
    if file is not None:
        notice.answer_file.save(file.name, file, save=False)
        notice.answer_file_name = file.name[:255]
        UrgeNotice.objects.filter(pk=notice.pk).update(
            answer_file=notice.answer_file.name, answer_file_name=notice.answer_file_name
        )
    _notify(
        users=[notice.issued_by],
        kind=NotificationKind.URGE_NOTICE,
        title=f"{notice.org}已反馈{notice.level_name}",
        body=notice.answer,
        url=_notice_url(notice),
        key=f"urge-notice-{notice.pk}-answer-{event.pk}",
    )
    return notice


def _require_decider(actor: User, notice: UrgeNotice) -> None:
    if not selectors.can_decide(actor, notice):
        raise DomainError(f"只有“{notice.org}”上级的活动办公室或监督考核组可以审核反馈，督办对象不能审核自己的反馈。")


@transaction.atomic
def urge_notice_close(*, actor: User, notice: UrgeNotice, remark: str = "") -> UrgeNotice:
    """The issuing side accepts the answer (办结)."""
    _require_decider(actor, notice)
    _step(
        actor=actor,
        notice=notice,
        allowed=(UrgeStatus.ANSWERED,),
        to=UrgeStatus.CLOSED,
        kind=UrgeEventKind.CLOSED,
        remark=remark.strip() or "反馈属实，予以办结",
        decided_by=actor,
        decision_remark=remark.strip(),
    )
    return notice


@transaction.atomic
def urge_notice_return(*, actor: User, notice: UrgeNotice, reason: str) -> UrgeNotice:
    """The issuing side sends the answer back (退回): the recipients answer again by the same date."""
    if not reason.strip():
        raise DomainError("退回须写明理由。")
    _require_decider(actor, notice)
    event = _step(
        actor=actor,
        notice=notice,
        allowed=(UrgeStatus.ANSWERED,),
        to=UrgeStatus.RETURNED,
        kind=UrgeEventKind.RETURNED,
        remark=reason.strip(),
        decided_by=actor,
        decision_remark=reason.strip(),
    )
    _notify_recipients(
        notice,
        kind=NotificationKind.URGE_NOTICE,
        title=f"{notice.level_name}的反馈被退回，请重新反馈",
        body=reason.strip(),
        key=f"returned-{event.pk}",
    )
    return notice


def urge_notices_escalate(*, today: datetime.date) -> int:
    """Move every notice still unanswered after its answer date one rung up its ladder, with a new
    answer date; a notice on the last rung stays there, overdue. Safe to run twice or concurrently:
    each notice moves only from the level and date it was read with. Returns how many moved."""
    calendar = WorkCalendar.load()
    ladders: dict[int, list[EscalationStep]] = {}
    escalated = 0
    overdue = UrgeNotice.objects.filter(selectors.overdue_q(today)).select_related("campaign", "org", "measure")
    for notice in overdue.order_by("pk").iterator(chunk_size=500):
        ladder_id = selectors.ladder_campaign_id(notice.campaign)
        if ladder_id not in ladders:
            ladders[ladder_id] = escalation_steps_ensure(notice.campaign)
        step = next((step for step in ladders[ladder_id] if step.level > notice.level), None)
        if step is not None and _escalate(notice, step=step, answer_by=calendar.working_days_after(today, step.days)):
            escalated += 1
    return escalated


@transaction.atomic
def _escalate(notice: UrgeNotice, *, step: EscalationStep, answer_by: datetime.date) -> bool:
    expected = notice.status
    changed = UrgeNotice.objects.filter(
        pk=notice.pk,
        status__in=AWAITING_ANSWER,
        level=notice.level,
        level__lt=step.level,
        answer_by=notice.answer_by,
    ).update(
        level=step.level,
        level_name=step.name,
        answer_by=answer_by,
        status=UrgeStatus.ISSUED,
        acknowledged_by=None,
        acknowledged_at=None,
    )
    if changed != 1:
        return False
    remark = f"逾期未反馈（原期限{notice.answer_by:%Y年%m月%d日}），由{notice.level_name}升级为{step.name}"
    before = {"level": notice.level, "answer_by": notice.answer_by.isoformat(), "status": expected}
    notice.level, notice.level_name, notice.answer_by, notice.status = (
        step.level,
        step.name,
        answer_by,
        UrgeStatus.ISSUED,
    )
    audit_record(
        actor=None,
        action=AuditAction.TRANSITION,
        target=notice,
        before=before,
        after={"level": step.level, "answer_by": answer_by.isoformat(), "status": notice.status},
        remark=remark,
    )
    _event(notice, actor=None, kind=UrgeEventKind.ESCALATED, from_status=expected, remark=remark)
    _notify_recipients(
        notice,
        kind=NotificationKind.URGE_ESCALATED,
        title=f"已升级为{step.name}：请于{answer_by:%Y年%m月%d日}前反馈",
        body=notice.text,
        key=f"level-{step.level}",
    )
    return True


# --- inspections -------------------------------------------------------------------------------


def _check_inspection(actor: User, *, campaign: Campaign, org: Org, visited_on: datetime.date, inspectors) -> None:
    if not selectors.can_inspect(actor, org):
        raise DomainError(f"只有“{org}”或其上级单位的活动办公室、监督考核组或纪检监察人员可以登记督查。")
    if not org.is_within(campaign.org):
        raise DomainError(f"被督查单位须是“{campaign.org}”或其下级单位。")
    if visited_on > local_today():
        raise DomainError("督查日期不能晚于今天。")
    if not inspectors:
        raise DomainError("请选择督查人员。")
    in_scope = set(person_list(actor).filter(pk__in=[person.pk for person in inspectors]).values_list("pk", flat=True))
    outside = [str(person) for person in inspectors if person.pk not in in_scope]
    if outside:
        raise DomainError(f"督查人员“{'、'.join(outside)}”不在您的管理范围内。")


def _inspectors_remark(inspectors) -> str:
    return "督查人员：" + "、".join(person.name or person.username for person in inspectors)


@transaction.atomic
def inspection_create(
    *,
    actor: User,
    campaign: Campaign,
    org: Org,
    type: str,
    visited_on: datetime.date,
    inspectors: Sequence[User],
    summary: str = "",
    findings: Sequence[tuple[str, str]] = (),
) -> Inspection:
    """Record a visit with its inspectors and, optionally, its findings (text, severity)."""
    _check_inspection(actor, campaign=campaign, org=org, visited_on=visited_on, inspectors=inspectors)
    inspection = save_new(
        actor=actor,
        instance=Inspection(
            campaign=campaign, org=org, type=type, visited_on=visited_on, summary=summary.strip(), created_by=actor
        ),
        remark=_inspectors_remark(inspectors),
    )
    inspection.inspectors.set(inspectors)
    for text, severity in findings:
        finding_add(actor=actor, inspection=inspection, text=text, severity=severity)
    return inspection


@transaction.atomic
def inspection_update(
    *, actor: User, inspection: Inspection, inspectors: Sequence[User] | None = None, **changes
) -> Inspection:
    inspectors = list(inspection.inspectors.all()) if inspectors is None else inspectors
    if (
        "org" in changes
        and changes["org"] != inspection.org
        and inspection.findings.filter(problem__isnull=False).exists()
    ):
        raise DomainError("已有督查发现转为问题，不能再更换被督查单位。")
    if not selectors.can_inspect(actor, inspection.org):
        raise DomainError(f"您不能修改“{inspection.org}”的督查记录。")
    _check_inspection(
        actor,
        campaign=changes.get("campaign", inspection.campaign),
        org=changes.get("org", inspection.org),
        visited_on=changes.get("visited_on", inspection.visited_on),
        inspectors=inspectors,
    )
    save_changes(actor=actor, instance=inspection, changes=changes, remark=_inspectors_remark(inspectors))
    inspection.inspectors.set(inspectors)
    return inspection


@transaction.atomic
def finding_add(*, actor: User, inspection: Inspection, text: str, severity: str = "") -> Finding:
    if not selectors.can_inspect(actor, inspection.org):
        raise DomainError(f"您不能为“{inspection.org}”的督查记录添加发现问题。")
    if not text.strip():
        raise DomainError("请填写发现的问题。")
    return save_new(actor=actor, instance=Finding(inspection=inspection, text=text.strip(), severity=severity))


@transaction.atomic
def finding_to_problem(*, actor: User, finding: Finding) -> Problem:
    """Put a finding on the problem list (source 督查发现), linked both ways; once only."""
    inspection = finding.inspection
    if not selectors.can_inspect(actor, inspection.org):
        raise DomainError(f"您不能处理“{inspection.org}”的督查发现。")
    if finding.problem_id is not None:
        raise DomainError("该督查发现已转为问题，不能重复转入。")
    problem = ledger_services.problem_create(
        actor=actor,
        campaign=campaign_for_org(inspection.campaign, inspection.org),
        org=inspection.org,
        source=ProblemSource.SUPERVISION,
        description=finding.text,
        origin=finding,
        origin_note=f"{inspection.get_type_display()}（{inspection.visited_on:%Y-%m-%d}督查）",
    )
    before = snapshot(finding)
    if Finding.objects.filter(pk=finding.pk, problem__isnull=True).update(problem=problem) != 1:
        raise DomainError("该督查发现已被他人转为问题，请刷新页面查看。")
    finding.problem = problem
    audit_update(actor=actor, target=finding, before=before, remark=f"转为问题 {problem.code}")
    return problem


# --- spot checks -------------------------------------------------------------------------------


def draw_sample(ids: Sequence[int], *, size: int, seed: int) -> list[int]:
    """`size` ids drawn from `ids` by `random.Random(seed)` over the ids sorted ascending, so the
    same seed and population always give the same sample."""
    population = sorted(ids)
    return sorted(random.Random(seed).sample(population, min(size, len(population))))


def sample_size_for(population: int, *, sample_size: int | None, sample_percent: int | None) -> int:
    if sample_size is not None:
        return min(sample_size, population)
    return min(population, max(1, math.ceil(population * sample_percent / 100)))


@transaction.atomic
def spot_check_draw(
    *,
    actor: User,
    campaign: Campaign,
    org: Org,
    sample_size: int | None = None,
    sample_percent: int | None = None,
    category=None,
    checker: User | None = None,
    seed: int | None = None,
) -> SpotCheck:
    """Draw closed measures of the campaign in the org's subtree, by count or percentage, with a
    recorded seed (a fresh random one unless given)."""
    if not selectors.can_draw(actor, org):
        raise DomainError(f"只有“{org}”或其上级单位的活动办公室或监督考核组可以随机抽查。")
    if (sample_size is None) == (sample_percent is None):
        raise DomainError("请填写抽取条数或抽取比例（二选一）。")
    if category is not None and category.campaign_id not in campaign_family_ids(campaign):
        raise DomainError("问题类别须是本活动的类别。")
    if checker is not None and not person_list(actor).filter(pk=checker.pk).exists():
        raise DomainError(f"复核人“{checker}”不在您的管理范围内。")
    ids = list(
        selectors.spot_check_population(campaign=campaign, org=org, category=category).values_list("id", flat=True)
    )
    if not ids:
        raise DomainError("抽查范围内没有已销号的整改措施。")
    seed = secrets.randbelow(2**31) if seed is None else seed
    size = sample_size_for(len(ids), sample_size=sample_size, sample_percent=sample_percent)
    spot_check = save_new(
        actor=actor,
        instance=SpotCheck(
            campaign=campaign,
            org=org,
            category=category,
            sample_size=sample_size,
            sample_percent=sample_percent,
            seed=seed,
            population=len(ids),
            checker=checker,
            drawn_by=actor,
        ),
        remark=f"随机种子 {seed}，从 {len(ids)} 条中抽取 {size} 条",
    )
    SpotCheckItem.objects.bulk_create(
        [SpotCheckItem(spot_check=spot_check, measure_id=pk) for pk in draw_sample(ids, size=size, seed=seed)]
    )
    items = list(SpotCheckItem.objects.filter(spot_check=spot_check).select_related("measure__org"))
    audit_create_many(actor=actor, targets=items, remark="随机抽中")
    if checker is not None:
        _notify_checker(spot_check, len(items))
    return spot_check


def _notify_checker(spot_check: SpotCheck, count: int) -> None:
    _notify(
        users=[spot_check.checker],
        kind=NotificationKind.SPOT_CHECK,
        title=f"请复核随机抽查的{count}条已销号措施",
        body=f"{spot_check.org}（随机种子 {spot_check.seed}）",
        url=reverse("supervision:spotcheck-detail", args=[spot_check.pk]),
        key=f"spot-check-{spot_check.pk}-checker-{spot_check.checker_id}",
    )


@transaction.atomic
def spot_check_assign(*, actor: User, spot_check: SpotCheck, checker: User) -> SpotCheck:
    if not selectors.can_draw(actor, spot_check.org):
        raise DomainError("只有抽查范围内的活动办公室或监督考核组可以指定复核人。")
    if not person_list(actor).filter(pk=checker.pk).exists():
        raise DomainError(f"复核人“{checker}”不在您的管理范围内。")
    save_changes(actor=actor, instance=spot_check, changes={"checker": checker}, remark="指定复核人")
    _notify_checker(spot_check, spot_check.items.count())
    return spot_check


@transaction.atomic
def spot_check_item_record(*, actor: User, item: SpotCheckItem, result: str, remark: str = "") -> SpotCheckItem:
    """Record the re-verification of one drawn measure: 合格, or 不合格 with the reasons."""
    if not selectors.can_check(actor, item.spot_check):
        raise DomainError("只有指定的复核人、活动办公室或监督考核组可以登记复核结果。")
    if result not in (CheckResult.PASSED, CheckResult.FAILED):
        raise DomainError("请选择复核结果：合格或不合格。")
    if result == CheckResult.FAILED and not remark.strip():
        raise DomainError("不合格须写明原因。")
    before = snapshot(item)
    now = timezone.now()
    changed = SpotCheckItem.objects.filter(pk=item.pk, result=CheckResult.PENDING).update(
        result=result, remark=remark.strip(), checked_by=actor, checked_at=now
    )
    if changed != 1:
        raise DomainError("该条目已登记复核结果，请刷新页面查看。")
    item.result, item.remark, item.checked_by, item.checked_at = result, remark.strip(), actor, now
    audit_record(actor=actor, action=AuditAction.TRANSITION, target=item, before=before, after=snapshot(item))
    return item


@transaction.atomic
def spot_check_item_reopen(*, actor: User, item: SpotCheckItem) -> Measure:
    """A 不合格 re-verification sends the measure back to 整改中 (through the ledger's reopen, which
    only a supervisor over the measure's org may do); once per item."""
    if item.result != CheckResult.FAILED:
        raise DomainError("只有复核不合格的措施可以重新整改。")
    if SpotCheckItem.objects.filter(pk=item.pk, reopened=False).update(reopened=True) != 1:
        raise DomainError("该措施已因本次抽查重新整改，请刷新页面查看。")
    measure = ledger_services.measure_reopen(
        actor=actor, measure=item.measure, reason=f"随机抽查复核不合格：{item.remark}"
    )
    item.reopened = True
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        target=item,
        before={"reopened": False},
        after={"reopened": True},
        remark="复核不合格，重新整改",
    )
    return measure
