"""Every change to look-back rounds (回头看) and recurrence warnings; each refuses with a message in Chinese.

A round goes draft → running (the measures are drawn, the checkers told) → finished (every item has a
verdict, or the office closes it and what is left is marked 未核查). Transitions are race-safe: the
row changes only where its status is still the expected one.
"""

import datetime
import random
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_create_many, audit_record, audit_update, snapshot
from campaigns.models import Campaign
from campaigns.selectors import campaign_list
from common.dates import today as local_today
from common.exceptions import DomainError
from common.services import save_new
from common.uploads import check_evidence_file
from ledger import selectors as ledger_selectors
from ledger.models import Measure, Problem
from ledger.services import measure_reopen
from lookback import selectors
from lookback.choices import RoundStatus, SelectionRule, Verdict
from lookback.models import LookbackItem, LookbackRound, RecurrenceDismissal
from organisations.choices import Role
from organisations.models import Org
from organisations.selectors import user_has_role

ROUND_LABELS = dict(RoundStatus.choices)


def _require_office(actor: User, org: Org) -> None:
    if not user_has_role(actor, org, {Role.OFFICE}):
        raise DomainError(f"只有“{org}”或其上级单位的活动办公室可以安排回头看。")


def _check_checkers(org: Org, checkers: Iterable[User]) -> list[User]:
    checkers = sorted(set(checkers), key=lambda user: user.pk)
    allowed = set(selectors.checker_choices(org).filter(pk__in=[c.pk for c in checkers]).values_list("pk", flat=True))
    for checker in checkers:
        if checker.pk not in allowed:
            raise DomainError(
                f"“{checker}”不是“{org}”及其上下级单位的办公室、监督考核组或纪检监察人员，不能担任核查人。"
            )
    return checkers


@transaction.atomic
def round_create(
    *,
    actor: User,
    campaign: Campaign,
    name: str,
    org: Org,
    starts_on: datetime.date,
    ends_on: datetime.date,
    rule: str = SelectionRule.ALL,
    category_name: str = "",
    percent: int | None = None,
    seed: int | None = None,
    source_campaigns: Sequence[Campaign] = (),
    checkers: Sequence[User] = (),
) -> LookbackRound:
    """A draft round. A random share gets its seed now (a fresh one unless given), so that the preview,
    the draw and anyone auditing it later see the same sample."""
    _require_office(actor, org)
    if not org.is_within(campaign.org):
        raise DomainError(f"回头看的范围单位须是“{campaign.org}”或其下级单位。")
    visible = set(campaign_list(actor).values_list("pk", flat=True))
    for source in source_campaigns:
        if source.pk not in visible:
            raise DomainError(f"您看不到活动“{source}”，不能回看它的措施。")
    if rule == SelectionRule.RANDOM:
        if seed is None:
            seed = random.SystemRandom().randrange(1, 2**31)
    else:
        percent, seed = None, None
    if rule != SelectionRule.CATEGORY:
        category_name = ""
    round_ = save_new(
        actor=actor,
        instance=LookbackRound(
            campaign=campaign,
            name=name.strip(),
            org=org,
            starts_on=starts_on,
            ends_on=ends_on,
            rule=rule,
            category_name=category_name.strip(),
            percent=percent,
            seed=seed,
            created_by=actor,
        ),
    )
    round_.source_campaigns.set(source_campaigns)
    round_.checkers.set(_check_checkers(org, checkers))
    return round_


def _transition(*, actor: User, round_: LookbackRound, expected: str, to: str, remark: str = "", **fields) -> None:
    changed = LookbackRound.objects.filter(pk=round_.pk, status=expected).update(status=to, **fields)
    if changed != 1:
        current = LookbackRound.objects.values_list("status", flat=True).get(pk=round_.pk)
        raise DomainError(
            f"该回头看当前为“{ROUND_LABELS[current]}”，不是“{ROUND_LABELS[expected]}”，可能已被他人处理，请刷新页面。"
        )
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        target=round_,
        before={"status": expected},
        after={"status": to},
        remark=remark,
    )
    round_.status = to
    for key, value in fields.items():
        setattr(round_, key, value)


def _notify_checkers(round_: LookbackRound, checker_ids: Iterable[int]) -> None:
    from notifications.services import notify

    notify(
        users=User.objects.filter(pk__in=set(checker_ids)),
        kind="lookback_assigned",
        title=f"回头看核查任务：{round_.name}",
        body=f"请于 {round_.ends_on:%Y年%m月%d日} 前对分配给您的已销号措施逐项核查，给出“巩固”或“反弹”结论。",
        url=reverse("lookback:round-detail", args=[round_.pk]),
        key=f"lookback-round-{round_.pk}-assigned",
    )


@transaction.atomic
def round_start(*, actor: User, round_: LookbackRound) -> LookbackRound:
    """Draw the measures by the round's rule and give them to the checkers in turn (by id), then tell
    each checker. The office may reassign single items afterwards."""
    _require_office(actor, round_.org)
    if round_.status != RoundStatus.DRAFT:
        raise DomainError(f"该回头看已{ROUND_LABELS[round_.status]}，不能再启动。")
    checkers = sorted(round_.checkers.all(), key=lambda user: user.pk)
    if not checkers:
        raise DomainError("请先指定至少一名核查人。")
    ids = selectors.select_measure_ids(
        campaign_ids=selectors.source_campaign_ids(campaign=round_.campaign, sources=round_.source_campaigns.all()),
        org=round_.org,
        rule=round_.rule,
        category_name=round_.category_name,
        percent=round_.percent,
        seed=round_.seed,
    )
    if not ids:
        raise DomainError("按所选方式没有可回头看的已销号措施。")
    _transition(
        actor=actor,
        round_=round_,
        expected=RoundStatus.DRAFT,
        to=RoundStatus.RUNNING,
        remark=f"抽取 {len(ids)} 条措施",
        started_at=timezone.now(),
    )
    measures = Measure.objects.select_related("org").in_bulk(ids)
    items = [
        LookbackItem(round=round_, measure=measures[pk], checker=checkers[index % len(checkers)])
        for index, pk in enumerate(ids)
    ]
    LookbackItem.objects.bulk_create(items, batch_size=2000)
    audit_create_many(actor=actor, targets=list(round_.items.select_related("measure__org")))
    _notify_checkers(round_, [checker.pk for checker in checkers])
    return round_


@transaction.atomic
def item_assign(*, actor: User, item: LookbackItem, checker: User) -> LookbackItem:
    """Give an item still without a verdict to another checker, who is told."""
    round_ = item.round
    _require_office(actor, round_.org)
    if round_.status != RoundStatus.RUNNING:
        raise DomainError(f"该回头看{ROUND_LABELS[round_.status]}，不能调整核查人。")
    _check_checkers(round_.org, [checker])
    before = snapshot(item)
    changed = LookbackItem.objects.filter(pk=item.pk, verdict="").update(checker=checker)
    if changed != 1:
        raise DomainError("该事项已有核查结论，不能再调整核查人。")
    item.checker = checker
    audit_update(actor=actor, target=item, before=before, remark="调整核查人")
    _notify_checkers(round_, [checker.pk])
    return item


@transaction.atomic
def item_verdict(
    *,
    actor: User,
    item: LookbackItem,
    verdict: str,
    remark: str = "",
    checked_on: datetime.date | None = None,
    file=None,
    due_on: datetime.date | None = None,
) -> LookbackItem:
    """The assigned checker's verdict. 反弹 reopens the measure (`ledger.services.measure_reopen`, with
    `due_on` as its new deadline in force) linked to this item, in the same transaction. The last
    verdict of a round finishes it."""
    round_ = item.round
    if item.checker_id != actor.pk:
        raise DomainError("只有分配到该事项的核查人可以给出核查结论。")
    if round_.status != RoundStatus.RUNNING:
        raise DomainError(f"该回头看{ROUND_LABELS[round_.status]}，不能再核查。")
    if verdict not in (Verdict.HOLDING, Verdict.RECURRED):
        raise DomainError("核查结论须为“巩固”或“反弹”。")
    remark = remark.strip()
    if verdict == Verdict.RECURRED and not remark:
        raise DomainError("判定反弹须写明核查发现的情况。")
    today = local_today()
    checked_on = checked_on or today
    if checked_on > today:
        raise DomainError("核查日期不能晚于今天。")
    before = snapshot(item)
    fields = {"verdict": verdict, "remark": remark, "checked_on": checked_on}
    if file is not None:
        checked = check_evidence_file(file)
        item.file.save(file.name, file, save=False)
        fields.update(file=item.file.name, file_name=file.name[:255], file_type=checked.file_type)
        fields["file_sha256"] = checked.sha256
    changed = LookbackItem.objects.filter(pk=item.pk, verdict="", checker_id=actor.pk).update(**fields)
    if changed != 1:
        raise DomainError("该事项已有核查结论或已改派他人，请刷新页面查看。")
    for key, value in fields.items():
        if key != "file":
            setattr(item, key, value)
    audit_update(actor=actor, target=item, before=before, remark=Verdict(verdict).label)
    if verdict == Verdict.RECURRED:
        measure_reopen(actor=actor, measure=item.measure, reason=remark, lookback_item=item, due_on=due_on)
    if not round_.items.filter(verdict="").exists():
        _transition(
            actor=actor,
            round_=round_,
            expected=RoundStatus.RUNNING,
            to=RoundStatus.FINISHED,
            remark="全部事项已核查",
            finished_at=timezone.now(),
        )
    return item


@transaction.atomic
def round_finish(*, actor: User, round_: LookbackRound, remark: str = "") -> LookbackRound:
    """The office closes a running round; items still without a verdict are marked 未核查."""
    _require_office(actor, round_.org)
    if round_.status != RoundStatus.RUNNING:
        raise DomainError(f"该回头看当前为“{ROUND_LABELS[round_.status]}”，不能结束。")
    _transition(
        actor=actor,
        round_=round_,
        expected=RoundStatus.RUNNING,
        to=RoundStatus.FINISHED,
        remark=remark.strip() or "活动办公室结束回头看",
        finished_at=timezone.now(),
    )
    left = list(round_.items.filter(verdict="").select_related("measure__org"))
    LookbackItem.objects.filter(pk__in=[item.pk for item in left]).update(
        verdict=Verdict.UNCHECKED, checked_on=local_today(), remark="回头看结束时未核查"
    )
    for item in left:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=item,
            before={"verdict": ""},
            after={"verdict": Verdict.UNCHECKED},
            remark="回头看结束时未核查",
        )
    return round_


# --- recurrence warnings -----------------------------------------------------------------------


@transaction.atomic
def recurrence_dismiss(*, actor: User, problem: Problem, earlier: Problem) -> RecurrenceDismissal:
    """The office judges a suggested earlier problem unrelated: it is no longer suggested for this one."""
    if not ledger_selectors.can_mark_recurrence(actor, problem.org):
        raise DomainError(f"只有“{problem.org}”或其上级单位的活动办公室可以处理屡查屡犯提示。")
    if not ledger_selectors.problem_list(actor).filter(pk=earlier.pk).exists():
        raise DomainError("所选的此前问题不在您的管辖范围内。")
    if RecurrenceDismissal.objects.filter(problem=problem, earlier=earlier).exists():
        raise DomainError("该提示已排除。")
    dismissal = RecurrenceDismissal(problem=problem, earlier=earlier, dismissed_by=actor)
    return save_new(actor=actor, instance=dismissal, remark=f"排除与“{earlier.code}”的屡查屡犯提示")
