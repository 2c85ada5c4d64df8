"""Every change to the ledger. Each state change is one function; each refuses with a message in Chinese.

Transitions are race-safe: the row is updated only *where its status is still the expected one*,
and exactly one row must change; otherwise someone else got there first and the caller is told so.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_create, audit_record, audit_update, snapshot
from campaigns.models import Campaign
from common.dates import today as local_today
from common.exceptions import DomainError
from common.services import full_clean_or_refuse, save_changes, save_new
from common.uploads import check_evidence_file
from ledger import selectors
from ledger.choices import (
    OPEN_STATUSES,
    REPORTING_STATUSES,
    ExtensionStatus,
    MeasureKind,
    MeasureStatus,
    Priority,
)
from ledger.deadlines import WorkCalendar, add_months, report_due, yellow_from
from ledger.models import (
    CampaignStatusCount,
    Evidence,
    Extension,
    Holiday,
    Measure,
    MeasureEvent,
    Milestone,
    Problem,
    Progress,
    StatusCount,
    Urge,
)
from organisations.models import Org

STATUS_LABELS = dict(MeasureStatus.choices)


# --- problems ----------------------------------------------------------------------------------


@transaction.atomic
def problem_create(
    *,
    actor: User,
    campaign: Campaign,
    org: Org,
    source: str,
    description: str,
    category=None,
    person: User | None = None,
    root_cause: str = "",
    priority: str = Priority.NORMAL,
    lead_leader: User | None = None,
    major_kind: str = "",
    origin: models.Model | None = None,
    origin_note: str = "",
) -> Problem:
    """Put a problem on the campaign's list, numbered `<campaign code>-<nnn>` in order of registration."""
    if not selectors.can_register_problem(actor, org):
        raise DomainError(
            f"您不能为“{org}”登记问题：须是该单位或其上级单位的办公室、负责人、班子成员、责任人或监督考核组成员。"
        )
    problem = Problem(
        campaign=campaign,
        org=org,
        source=source,
        category=category,
        person=person,
        description=description.strip(),
        root_cause=root_cause.strip(),
        priority=priority,
        lead_leader=lead_leader,
        major_kind=major_kind,
        origin_type=ContentType.objects.get_for_model(origin) if origin is not None else None,
        origin_id=origin.pk if origin is not None else None,
        origin_note=origin_note.strip(),
        created_by=actor,
        code="pending",
    )
    full_clean_or_refuse(problem, exclude=["code"])
    # The counter row is locked by this update until the transaction ends: numbers never repeat.
    Campaign.objects.filter(pk=campaign.pk).update(problem_seq=F("problem_seq") + 1)
    seq = Campaign.objects.values_list("problem_seq", flat=True).get(pk=campaign.pk)
    problem.code = f"{campaign.code}-{seq:03d}"
    return save_new(actor=actor, instance=problem)


def problem_update(*, actor: User, problem: Problem, **changes) -> Problem:
    if not selectors.can_register_problem(actor, problem.org):
        raise DomainError(f"您不能修改“{problem.org}”的问题。")
    if "org" in changes and changes["org"] != problem.org and problem.measures.exists():
        raise DomainError("该问题已有整改措施，不能再更换责任单位。")
    for fixed in ("campaign", "code"):
        if fixed in changes:
            raise DomainError("问题编号和所属活动登记后不能修改。")
    return save_changes(actor=actor, instance=problem, changes=changes)


@transaction.atomic
def problem_mark_recurrence(*, actor: User, problem: Problem, earlier: Problem | None) -> Problem:
    """Mark a problem as a recurrence (屡查屡犯) of an earlier problem of the same org line, or clear the
    mark with `earlier=None`. The earlier problem must be one the office can see and registered before."""
    if not selectors.can_mark_recurrence(actor, problem.org):
        raise DomainError(f"只有“{problem.org}”或其上级单位的活动办公室可以标记屡查屡犯。")
    if earlier is not None:
        if earlier.pk == problem.pk:
            raise DomainError("问题不能标记为自身的复发。")
        if not selectors.problem_list(actor).filter(pk=earlier.pk).exists():
            raise DomainError("所选的此前问题不在您的管辖范围内。")
        if not (problem.org.is_within(earlier.org) or earlier.org.is_within(problem.org)):
            raise DomainError(f"此前问题须是“{problem.org}”本单位或其上下级单位的问题。")
        if earlier.created_at >= problem.created_at:
            raise DomainError("只能标记为更早登记的问题的复发。")
    remark = f"标记为“{earlier.code}”的复发" if earlier is not None else "取消屡查屡犯标记"
    return save_changes(actor=actor, instance=problem, changes={"recurrence_of": earlier}, remark=remark)


# --- measures ----------------------------------------------------------------------------------


def _calendar() -> WorkCalendar:
    return WorkCalendar.load()


def _yellow_from(measure: Measure, calendar: WorkCalendar, milestone_dates: Iterable[datetime.date]):
    start = measure.started_on or (measure.created_at.date() if measure.created_at else local_today())
    return yellow_from(
        calendar=calendar,
        yellow_days=measure.campaign.yellow_days,
        start=start,
        due=measure.due_on,
        percent=measure.percent,
        milestone_dates=milestone_dates,
    )


def _open_milestone_dates(measure: Measure) -> list[datetime.date]:
    return list(measure.milestones.filter(done_on__isnull=True).values_list("due_on", flat=True))


def _refresh_yellow(measure: Measure) -> None:
    measure.yellow_from = _yellow_from(measure, _calendar(), _open_milestone_dates(measure))
    Measure.objects.filter(pk=measure.pk).update(yellow_from=measure.yellow_from)


def measures_recompute_yellow(measures: models.QuerySet[Measure]) -> int:
    """Recompute the yellow date of open measures (after the holiday calendar or a campaign's yellow
    days change). Returns how many were looked at."""
    calendar = _calendar()
    count = 0
    batch: list[Measure] = []
    queryset = measures.filter(status__in=OPEN_STATUSES).select_related("campaign").prefetch_related("milestones")
    for measure in queryset.iterator(chunk_size=2000):
        dates = [m.due_on for m in measure.milestones.all() if m.done_on is None]
        measure.yellow_from = _yellow_from(measure, calendar, dates)
        batch.append(measure)
        count += 1
        if len(batch) >= 2000:
            Measure.objects.bulk_update(batch, ["yellow_from"])
            batch = []
    Measure.objects.bulk_update(batch, ["yellow_from"])
    return count


def _check_person_in(person: User | None, org: Org, label: str, *, above_too: bool) -> None:
    """A responsible person must work in the org (or, for a leader, in an org above it)."""
    if person is None:
        return
    paths = list(person.memberships.values_list("org__path", flat=True))
    if any(path.startswith(org.path) or (above_too and org.path.startswith(path)) for path in paths):
        return
    raise DomainError(f"{label}“{person}”不在“{org}”任职，请选择该单位的人员。")


def _ensure_counters(campaign_id: int, org_id: int) -> None:
    """The counter rows of every status, for the org and for the whole campaign (`_count` only updates)."""
    StatusCount.objects.bulk_create(
        [StatusCount(campaign_id=campaign_id, org_id=org_id, status=status) for status in MeasureStatus.values],
        ignore_conflicts=True,
    )
    CampaignStatusCount.objects.bulk_create(
        [CampaignStatusCount(campaign_id=campaign_id, status=status) for status in MeasureStatus.values],
        ignore_conflicts=True,
    )


def _count(campaign_id: int, org_id: int, status: str, delta: int) -> None:
    StatusCount.objects.filter(campaign_id=campaign_id, org_id=org_id, status=status).update(count=F("count") + delta)
    CampaignStatusCount.objects.filter(campaign_id=campaign_id, status=status).update(count=F("count") + delta)


def _count_move(campaign_id: int, org_id: int, expected: str, to: str) -> None:
    """One measure from `expected` to `to` in the counters. The rows are updated in one order whatever
    the direction (org rows, then campaign rows, each by status), so that two opposite transitions at
    once wait for each other instead of deadlocking on the campaign's rows."""
    deltas = sorted([(expected, -1), (to, +1)])
    for status, delta in deltas:
        StatusCount.objects.filter(campaign_id=campaign_id, org_id=org_id, status=status).update(
            count=F("count") + delta
        )
    for status, delta in deltas:
        CampaignStatusCount.objects.filter(campaign_id=campaign_id, status=status).update(count=F("count") + delta)


@transaction.atomic
def measure_create(
    *,
    actor: User,
    problem: Problem,
    content: str,
    kind: str = MeasureKind.DEADLINE,
    deadline: datetime.date | None = None,
    leader: User | None = None,
    department: Org | None = None,
    owner: User | None = None,
    acceptance_standard: str = "",
    milestones: Sequence[tuple[datetime.date, str]] = (),
) -> Measure:
    """A measure for a problem. 立行立改 defaults to one month from today; 长期坚持 has no deadline."""
    if not selectors.can_write_measures(actor, problem.org):
        raise DomainError(f"您不能为“{problem.org}”的问题制定整改措施。")
    today = local_today()
    if kind == MeasureKind.IMMEDIATE and deadline is None:
        deadline = add_months(today, 1)
    if kind == MeasureKind.LONG_TERM:
        deadline = None
    elif deadline is not None and deadline < today:
        raise DomainError("整改时限不能早于今天。")
    _check_person_in(owner, problem.org, "责任人", above_too=False)
    _check_person_in(leader, problem.org, "责任领导", above_too=True)
    measure = Measure(
        problem=problem,
        campaign=problem.campaign,
        org=problem.org,
        content=content.strip(),
        kind=kind,
        deadline=deadline,
        due_on=deadline,
        leader=leader,
        department=department,
        owner=owner,
        acceptance_standard=acceptance_standard.strip(),
        report_due_on=report_due(kind=kind, since=today),
        created_by=actor,
    )
    for due_on, goal in milestones:
        if deadline is not None and due_on > deadline:
            raise DomainError(f"阶段性节点“{goal}”（{due_on:%Y-%m-%d}）晚于整改时限。")
    save_new(actor=actor, instance=measure)
    for due_on, goal in milestones:
        save_new(actor=actor, instance=Milestone(measure=measure, due_on=due_on, goal=goal.strip()))
    _ensure_counters(measure.campaign_id, measure.org_id)
    _count(measure.campaign_id, measure.org_id, measure.status, +1)
    _refresh_yellow(measure)
    return measure


@transaction.atomic
def measure_update(*, actor: User, measure: Measure, **changes) -> Measure:
    """Edit a measure before work starts; afterwards the deadline moves only by an extension."""
    if not selectors.can_edit_measure(actor, measure):
        raise DomainError("您不能修改这条整改措施。")
    if measure.status != MeasureStatus.NOT_STARTED:
        raise DomainError(f"措施已{STATUS_LABELS[measure.status]}，不能再修改；时限请通过延期申请调整。")
    if "owner" in changes:
        _check_person_in(changes["owner"], measure.org, "责任人", above_too=False)
    if "leader" in changes:
        _check_person_in(changes["leader"], measure.org, "责任领导", above_too=True)
    if "deadline" in changes:
        changes["due_on"] = changes["deadline"]
    save_changes(actor=actor, instance=measure, changes=changes)
    _refresh_yellow(measure)
    return measure


def milestone_complete(*, actor: User, milestone: Milestone, done_on: datetime.date | None = None) -> Milestone:
    measure = milestone.measure
    if not selectors.can_report(actor, measure):
        raise DomainError("只有责任人或活动办公室可以标记阶段性节点完成。")
    save_changes(actor=actor, instance=milestone, changes={"done_on": done_on or local_today()})
    _refresh_yellow(measure)
    return milestone


# --- transitions -------------------------------------------------------------------------------


def _transition(*, actor: User, measure: Measure, expected: str, to: str, remark: str = "", **fields) -> Measure:
    """Move a measure from `expected` to `to` if, and only if, it is still in `expected`."""
    changed = Measure.objects.filter(pk=measure.pk, status=expected).update(status=to, **fields)
    if changed != 1:
        current = Measure.objects.values_list("status", flat=True).get(pk=measure.pk)
        raise DomainError(
            f"该措施当前为“{STATUS_LABELS[current]}”，不是“{STATUS_LABELS[expected]}”，"
            "可能已被他人处理，请刷新页面查看最新情况。"
        )
    MeasureEvent.objects.create(measure=measure, actor=actor, from_status=expected, to_status=to, remark=remark)
    _count_move(measure.campaign_id, measure.org_id, expected, to)
    after = {"status": to, **{key: _plain(value) for key, value in fields.items()}}
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        target=measure,
        before={"status": expected},
        after=after,
        remark=remark,
    )
    measure.status = to
    for key, value in fields.items():
        setattr(measure, key, value)
    return measure


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _expect(measure: Measure, *statuses: str, doing: str) -> None:
    if measure.status not in statuses:
        raise DomainError(f"该措施当前为“{STATUS_LABELS[measure.status]}”，不能{doing}。")


@transaction.atomic
def measure_start(*, actor: User, measure: Measure, remark: str = "") -> Measure:
    if not selectors.can_report(actor, measure):
        raise DomainError("只有责任人或活动办公室可以启动整改。")
    _expect(measure, MeasureStatus.NOT_STARTED, doing="启动整改")
    return _transition(
        actor=actor,
        measure=measure,
        expected=MeasureStatus.NOT_STARTED,
        to=MeasureStatus.IN_PROGRESS,
        remark=remark or "启动整改",
        started_on=local_today(),
    )


def _save_evidence(*, actor: User, measure: Measure, progress: Progress, files: Iterable) -> list[Evidence]:
    saved = []
    for upload in files:
        checked = check_evidence_file(upload)
        evidence = Evidence(
            measure=measure,
            progress=progress,
            name=upload.name[:255],
            file_type=checked.file_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        evidence.file.save(upload.name, upload, save=False)
        saved.append(save_new(actor=actor, instance=evidence))
    return saved


@transaction.atomic
def progress_report(
    *,
    actor: User,
    measure: Measure,
    text: str,
    percent: int,
    files: Sequence = (),
    reported_on: datetime.date | None = None,
    closeout_request: bool = False,
) -> Progress:
    """A progress report with its evidence. The first report of a measure not yet started starts it."""
    if not selectors.can_report(actor, measure):
        raise DomainError("只有责任人或活动办公室可以报送整改进展。")
    _expect(measure, *REPORTING_STATUSES, doing="报送进展（审核中或已销号的措施无需报送）")
    if not text.strip():
        raise DomainError("请填写进展情况。")
    if not 0 <= percent <= 100:
        raise DomainError("完成进度须在 0 至 100 之间。")
    for upload in files:
        check_evidence_file(upload)
    today = local_today()
    reported_on = reported_on or today
    if reported_on > today:
        raise DomainError("报送日期不能晚于今天。")
    if measure.status == MeasureStatus.NOT_STARTED:
        measure_start(actor=actor, measure=measure, remark="报送首次进展，自动启动整改")
    progress = save_new(
        actor=actor,
        instance=Progress(
            measure=measure,
            reported_on=reported_on,
            text=text.strip(),
            percent=percent,
            is_closeout_request=closeout_request,
            created_by=actor,
        ),
    )
    _save_evidence(actor=actor, measure=measure, progress=progress, files=files)
    latest = max(reported_on, measure.last_report_on or reported_on)
    measure.percent = percent
    measure.last_report_on = latest
    measure.report_due_on = report_due(kind=measure.kind, since=latest)
    Measure.objects.filter(pk=measure.pk).update(
        percent=percent, last_report_on=latest, report_due_on=measure.report_due_on
    )
    _refresh_yellow(measure)
    return progress


@transaction.atomic
def measure_request_closeout(*, actor: User, measure: Measure, self_assessment: str, files: Sequence = ()) -> Measure:
    """The owner asks for close-out (销号申请) with a self-assessment and evidence."""
    if not selectors.can_request_closeout(actor, measure):
        raise DomainError("只有该措施的责任人可以申请销号。")
    _expect(measure, MeasureStatus.IN_PROGRESS, doing="申请销号")
    if not self_assessment.strip():
        raise DomainError("请填写整改完成情况自评。")
    if not files and not measure.evidence.exists():
        raise DomainError("申请销号须至少上传一份佐证材料。")
    percent = measure.percent if measure.kind == MeasureKind.LONG_TERM else 100
    progress_report(
        actor=actor, measure=measure, text=self_assessment, percent=percent, files=files, closeout_request=True
    )
    to = MeasureStatus.PENDING_REVIEW if measure.campaign.review_steps == 3 else MeasureStatus.PENDING_ACCEPTANCE
    return _transition(
        actor=actor,
        measure=measure,
        expected=MeasureStatus.IN_PROGRESS,
        to=to,
        remark=self_assessment.strip(),
        requested_by=actor,
        confirmed_by=None,
    )


def _refuse_own_request(actor: User, measure: Measure) -> None:
    if measure.requested_by_id == actor.pk:
        raise DomainError("不能审核自己提出的销号申请。")


@transaction.atomic
def measure_confirm(*, actor: User, measure: Measure, remark: str = "") -> Measure:
    """The unit head or the responsible leader confirms the request (待审核 → 待验收)."""
    _refuse_own_request(actor, measure)
    if not selectors.can_confirm(actor, measure):
        raise DomainError(f"只有“{measure.org}”的主要负责人或该措施的责任领导可以确认销号申请。")
    _expect(measure, MeasureStatus.PENDING_REVIEW, doing="确认")
    return _transition(
        actor=actor,
        measure=measure,
        expected=MeasureStatus.PENDING_REVIEW,
        to=MeasureStatus.PENDING_ACCEPTANCE,
        remark=remark.strip() or "单位确认",
        confirmed_by=actor,
    )


@transaction.atomic
def measure_verify(*, actor: User, measure: Measure, remark: str = "") -> Measure:
    """A supervisor verifies against the acceptance standard: 已销号, or 持续推进 for 长期坚持."""
    _refuse_own_request(actor, measure)
    if not selectors.can_verify(actor, measure):
        raise DomainError(f"只有“{measure.org}”或其上级单位的监督考核组成员可以验收销号。")
    _expect(measure, MeasureStatus.PENDING_ACCEPTANCE, doing="验收")
    if measure.kind == MeasureKind.LONG_TERM:
        return _transition(
            actor=actor,
            measure=measure,
            expected=MeasureStatus.PENDING_ACCEPTANCE,
            to=MeasureStatus.ONGOING,
            remark=remark.strip() or "验收通过，转入持续推进",
        )
    return _transition(
        actor=actor,
        measure=measure,
        expected=MeasureStatus.PENDING_ACCEPTANCE,
        to=MeasureStatus.CLOSED,
        remark=remark.strip() or "验收通过，予以销号",
        closed_on=local_today(),
    )


@transaction.atomic
def measure_send_back(*, actor: User, measure: Measure, reason: str) -> Measure:
    """Any review step may send the measure back to 整改中, with its reasons (退回)."""
    if not reason.strip():
        raise DomainError("退回须写明理由。")
    _refuse_own_request(actor, measure)
    if measure.status == MeasureStatus.PENDING_REVIEW:
        allowed = selectors.can_confirm(actor, measure)
    elif measure.status == MeasureStatus.PENDING_ACCEPTANCE:
        allowed = selectors.can_verify(actor, measure)
    else:
        raise DomainError(f"该措施当前为“{STATUS_LABELS[measure.status]}”，没有待审核的销号申请可退回。")
    if not allowed:
        raise DomainError("您不是这一审核步骤的审核人，不能退回。")
    # The close-out request set the progress to 100%; back in 整改中, the last real report counts again.
    reported = (
        measure.progress.filter(is_closeout_request=False)
        .order_by("-reported_on", "-id")
        .values_list("percent", flat=True)
        .first()
    )
    measure = _transition(
        actor=actor,
        measure=measure,
        expected=measure.status,
        to=MeasureStatus.IN_PROGRESS,
        remark=reason.strip(),
        requested_by=None,
        confirmed_by=None,
        percent=reported or 0,
    )
    _refresh_yellow(measure)
    return measure


REOPENABLE_STATUSES = (MeasureStatus.CLOSED, MeasureStatus.ONGOING)


@transaction.atomic
def measure_reopen(
    *,
    actor: User,
    measure: Measure,
    reason: str,
    lookback_item=None,
    due_on: datetime.date | None = None,
) -> Measure:
    """A closed measure came back (反弹回潮): 已销号 or 持续推进 → 整改中, with an event and the audit.

    Who: a supervisor over the measure's org (as for verifying), or the checker assigned to the given
    look-back item (`lookback.LookbackItem`), whom the office chose to re-verify this very measure.

    Deadlines: the original `deadline` is kept, so the on-time figures of the first close-out are not
    rewritten. The old deadline in force has usually passed, and a reopened measure would be red at
    once, so the rework gets a new `due_on`: the given date, by default one month from today (as for
    立行立改), and never before the original deadline. 长期坚持 measures have no deadline and keep none.
    The rework starts today from 0 %, so `started_on`, the progress and the next report date restart
    and the light is worked out on the new window.

    With a look-back item (which must be on this measure), the event names its round and the item is
    linked to the event, once: a second reopen through the same item is refused.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError("重新打开措施须写明理由。")
    checker = lookback_item is not None and lookback_item.checker_id == actor.pk
    if not (selectors.can_reopen(actor, measure) or checker):
        raise DomainError(
            f"只有“{measure.org}”或其上级单位的监督考核组成员，或该措施的回头看核查人，可以重新打开措施。"
        )
    if lookback_item is not None and lookback_item.measure_id != measure.pk:
        raise DomainError("回头看事项与所选措施不符。")
    _expect(measure, *REOPENABLE_STATUSES, doing="重新打开（只有已销号或持续推进的措施可以重新打开）")
    today = local_today()
    if measure.kind == MeasureKind.LONG_TERM:
        due_on = None
    else:
        due_on = due_on or max(add_months(today, 1), measure.deadline)
        if due_on <= today:
            raise DomainError("新的整改时限须晚于今天。")
        if due_on < measure.deadline:
            raise DomainError(f"新的整改时限不能早于原整改时限（{measure.deadline:%Y年%m月%d日}）。")
    remark = f"回头看“{lookback_item.round.name}”发现反弹：{reason}" if lookback_item is not None else reason
    measure = _transition(
        actor=actor,
        measure=measure,
        expected=measure.status,
        to=MeasureStatus.IN_PROGRESS,
        remark=remark,
        due_on=due_on,
        closed_on=None,
        requested_by=None,
        confirmed_by=None,
        percent=0,
        started_on=today,
        report_due_on=report_due(kind=measure.kind, since=today),
    )
    _refresh_yellow(measure)
    if lookback_item is not None:
        _link_lookback_item(actor=actor, item=lookback_item, event=measure.events.latest("id"))
    return measure


def _link_lookback_item(*, actor: User, item, event: MeasureEvent) -> None:
    # The look-back app depends on the ledger, not the other way round: the item's own model class is used.
    before = snapshot(item)
    linked = type(item).objects.filter(pk=item.pk, reopen_event__isnull=True).update(reopen_event=event)
    if linked != 1:
        raise DomainError("该回头看事项已经重新打开过这条措施。")
    item.reopen_event = event
    audit_update(actor=actor, target=item, before=before, remark="反弹，重新打开措施")


# --- extensions, urges, assignment -------------------------------------------------------------


def _check_new_due(measure: Measure, due_on: datetime.date) -> None:
    if measure.kind == MeasureKind.LONG_TERM:
        raise DomainError("长期坚持的措施没有整改时限，无需延期。")
    if measure.status not in OPEN_STATUSES:
        raise DomainError(f"该措施已{STATUS_LABELS[measure.status]}，不能延期。")
    if due_on <= measure.due_on:
        raise DomainError(f"延期后的时限须晚于现行时限（{measure.due_on:%Y年%m月%d日}）。")


@transaction.atomic
def extension_request(*, actor: User, measure: Measure, requested_due_on: datetime.date, reason: str) -> Extension:
    if not (selectors.can_request_closeout(actor, measure) or selectors.can_report(actor, measure)):
        raise DomainError("只有该措施的责任人或活动办公室可以申请延期。")
    _check_new_due(measure, requested_due_on)
    if not reason.strip():
        raise DomainError("请写明延期理由。")
    if measure.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise DomainError("该措施已有一份待审批的延期申请，请等待审批结果。")
    return save_new(
        actor=actor,
        instance=Extension(
            measure=measure,
            previous_due_on=measure.due_on,
            requested_due_on=requested_due_on,
            reason=reason.strip(),
            requested_by=actor,
        ),
    )


def _apply_due(*, actor: User, measure: Measure, due_on: datetime.date, remark: str) -> None:
    before = snapshot(measure)
    changed = Measure.objects.filter(pk=measure.pk, due_on=measure.due_on, status__in=OPEN_STATUSES).update(
        due_on=due_on
    )
    if changed != 1:
        raise DomainError("该措施的时限或状态已被他人改动，请刷新页面后再试。")
    measure.due_on = due_on
    _refresh_yellow(measure)
    audit_update(actor=actor, target=measure, before=before, remark=remark)


def _decide(*, actor: User, extension: Extension, status: str, remark: str) -> Extension:
    measure = extension.measure
    if not selectors.can_decide_extension(actor, measure):
        raise DomainError(f"只有“{measure.org}”或其上级单位的活动办公室可以审批延期申请。")
    if extension.requested_by_id == actor.pk:
        raise DomainError("不能审批自己提出的延期申请。")
    before = snapshot(extension)
    changed = Extension.objects.filter(pk=extension.pk, status=ExtensionStatus.PENDING).update(
        status=status, decided_by=actor, decided_at=timezone.now(), decision_remark=remark.strip()
    )
    if changed != 1:
        raise DomainError("该延期申请已被审批过，请刷新页面查看结果。")
    extension.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.TRANSITION, target=extension, before=before, after=snapshot(extension))
    return extension


@transaction.atomic
def extension_approve(*, actor: User, extension: Extension, remark: str = "") -> Extension:
    """Approve: the measure's deadline in force moves; its original deadline stays for statistics."""
    extension = _decide(actor=actor, extension=extension, status=ExtensionStatus.APPROVED, remark=remark)
    measure = extension.measure
    measure.refresh_from_db()
    _check_new_due(measure, extension.requested_due_on)
    _apply_due(actor=actor, measure=measure, due_on=extension.requested_due_on, remark=f"批准延期：{extension.reason}")
    return extension


@transaction.atomic
def extension_refuse(*, actor: User, extension: Extension, remark: str) -> Extension:
    if not remark.strip():
        raise DomainError("不予批准须写明理由。")
    return _decide(actor=actor, extension=extension, status=ExtensionStatus.REFUSED, remark=remark)


@transaction.atomic
def measure_extend(*, actor: User, measure: Measure, due_on: datetime.date, reason: str) -> Extension:
    """The office extends a deadline itself (a bulk action on the ledger), recorded as an approved extension."""
    if not selectors.can_manage(actor, measure):
        raise DomainError(f"只有“{measure.org}”或其上级单位的活动办公室可以直接延期。")
    _check_new_due(measure, due_on)
    if not reason.strip():
        raise DomainError("请写明延期理由。")
    extension = save_new(
        actor=actor,
        instance=Extension(
            measure=measure,
            previous_due_on=measure.due_on,
            requested_due_on=due_on,
            reason=reason.strip(),
            requested_by=actor,
            status=ExtensionStatus.APPROVED,
            decided_by=actor,
            decided_at=timezone.now(),
            decision_remark="活动办公室直接延期",
        ),
    )
    _apply_due(actor=actor, measure=measure, due_on=due_on, remark=f"直接延期：{reason.strip()}")
    return extension


@transaction.atomic
def measure_urge(*, actor: User, measure: Measure, text: str) -> Urge:
    if not selectors.can_urge(actor, measure):
        raise DomainError("只有活动办公室、监督考核组或纪检监察人员可以催办。")
    if measure.status not in OPEN_STATUSES:
        raise DomainError(f"该措施已{STATUS_LABELS[measure.status]}，无需催办。")
    if not text.strip():
        raise DomainError("请填写催办内容。")
    return save_new(actor=actor, instance=Urge(measure=measure, text=text.strip(), urged_by=actor))


@transaction.atomic
def measure_assign_owner(*, actor: User, measure: Measure, owner: User) -> Measure:
    if not selectors.can_manage(actor, measure):
        raise DomainError(f"只有“{measure.org}”或其上级单位的活动办公室可以指定责任人。")
    if measure.status == MeasureStatus.CLOSED:
        raise DomainError("该措施已销号，不能再指定责任人。")
    _check_person_in(owner, measure.org, "责任人", above_too=False)
    return save_changes(actor=actor, instance=measure, changes={"owner": owner}, remark="指定责任人")


# --- holiday calendar --------------------------------------------------------------------------


@transaction.atomic
def holiday_save(*, actor: User, holiday: Holiday) -> Holiday:
    """Add or change a day of the calendar, then recompute the lights it can affect."""
    if not actor.is_superuser:
        raise DomainError("节假日安排由系统管理员维护。")
    if holiday.pk:
        before = snapshot(Holiday.objects.get(pk=holiday.pk))
        full_clean_or_refuse(holiday)
        holiday.save()
        audit_update(actor=actor, target=holiday, before=before)
    else:
        full_clean_or_refuse(holiday)
        try:
            with transaction.atomic():
                holiday.save()
        except IntegrityError as error:
            raise DomainError(f"{holiday.date:%Y-%m-%d} 已在节假日安排中。") from error
        audit_create(actor=actor, target=holiday)
    measures_recompute_yellow(Measure.objects.filter(due_on__gte=holiday.date))
    return holiday
