"""Every change to a bulletin. Each state change is one function; each refuses with a message in Chinese.

A bulletin is drafted by the office of its scope (figures generated from the ledger and frozen,
thresholds, good practices, next steps), submitted for review, then published — internally or to
the public — by the scope's head, a leader or a supervisor, or returned to draft with reasons.
Nobody publishes a bulletin they drafted or submitted. Transitions are race-safe: the row changes
only *where its status is still the expected one*.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_delete, audit_record, snapshot
from bulletins import selectors
from bulletins.choices import BulletinStatus, Visibility
from bulletins.models import Bulletin, BulletinEvent, GoodPractice
from campaigns.models import Campaign
from common.dates import today as local_today
from common.exceptions import DomainError
from common.services import save_changes, save_new
from ledger.models import Measure
from ledger.selectors import campaign_family_ids
from organisations.choices import Role
from organisations.models import Membership, Org
from reports.selectors import month_bounds

STATUS_LABELS = dict(BulletinStatus.choices)
EDITABLE_FIELDS = {"title", "visibility", "red_threshold", "black_threshold", "next_steps"}


def _month_text(month: datetime.date) -> str:
    return f"{month.year}年{month.month}月"


def _require_draft(actor: User, bulletin: Bulletin, doing: str) -> None:
    if not selectors.can_draft(actor, bulletin.org):
        raise DomainError(f"只有“{bulletin.org}”或其上级单位的活动办公室可以{doing}。")
    if bulletin.status != BulletinStatus.DRAFT:
        raise DomainError(f"该通报当前为“{STATUS_LABELS[bulletin.status]}”，不能{doing}；须先退回草稿。")


@transaction.atomic
def bulletin_create(*, actor: User, campaign: Campaign, org: Org, month: datetime.date) -> Bulletin:
    """A draft bulletin for a month that has ended, numbered 〔year〕第N期 in the campaign's year, with
    its figures generated at once."""
    if not selectors.can_draft(actor, org):
        raise DomainError(f"只有“{org}”或其上级单位的活动办公室可以起草该单位的通报。")
    if not org.is_within(campaign.org):
        raise DomainError(f"通报范围须是“{campaign.org}”或其下级单位。")
    first, last = month_bounds(month)
    if last >= local_today():
        raise DomainError(f"{_month_text(first)}尚未结束，月末之后才能生成该月的通报。")
    if Bulletin.objects.filter(campaign=campaign, month=first, org=org).exists():
        raise DomainError(f"“{org}”{_month_text(first)}的通报已经存在，请直接修改。")
    # The campaign row stays locked until the transaction ends: two drafts never get one number.
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    seq = (Bulletin.objects.filter(campaign=campaign, year=first.year).aggregate(n=Max("seq"))["n"] or 0) + 1
    bulletin = Bulletin(
        campaign=campaign,
        org=org,
        month=first,
        year=first.year,
        seq=seq,
        title=f"关于{_month_text(first)}{campaign.theme}整改工作情况的通报",
        figures=selectors.bulletin_figures(campaign=campaign, scope=org, month=first),
        generated_at=timezone.now(),
        drafted_by=actor,
    )
    return save_new(actor=actor, instance=bulletin)


@transaction.atomic
def bulletin_update(*, actor: User, bulletin: Bulletin, **changes) -> Bulletin:
    """Change the title, the proposed visibility, the 红榜/黑榜 thresholds or the next steps of a draft."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise DomainError("通报的月份、范围、期号和数据快照不能直接修改。")
    _require_draft(actor, bulletin, "修改通报")
    red = changes.get("red_threshold", bulletin.red_threshold)
    black = changes.get("black_threshold", bulletin.black_threshold)
    if black > red:
        raise DomainError("黑榜线不能高于红榜线。")
    _lock_draft(bulletin)
    return save_changes(actor=actor, instance=bulletin, changes=changes)


def _lock_draft(bulletin: Bulletin) -> None:
    """Hold the row until the transaction ends, and make sure it is still a draft."""
    status = Bulletin.objects.select_for_update().values_list("status", flat=True).get(pk=bulletin.pk)
    if status != BulletinStatus.DRAFT:
        raise DomainError(f"该通报已被他人处理（当前为“{STATUS_LABELS[status]}”），请刷新页面查看。")


@transaction.atomic
def bulletin_regenerate(*, actor: User, bulletin: Bulletin) -> Bulletin:
    """Take the figures from the ledger again (a draft only: once submitted they are frozen)."""
    _require_draft(actor, bulletin, "重新生成数据")
    _lock_draft(bulletin)
    return save_changes(
        actor=actor,
        instance=bulletin,
        changes={
            "figures": selectors.bulletin_figures(campaign=bulletin.campaign, scope=bulletin.org, month=bulletin.month),
            "generated_at": timezone.now(),
        },
        remark="重新生成数据",
    )


@transaction.atomic
def good_practice_add(
    *, actor: User, bulletin: Bulletin, text: str, org: Org | None = None, measure: Measure | None = None
) -> GoodPractice:
    _require_draft(actor, bulletin, "编辑典型做法")
    if not text.strip():
        raise DomainError("请填写典型做法。")
    if org is not None and not org.is_within(bulletin.org):
        raise DomainError(f"典型做法的单位须在“{bulletin.org}”范围内。")
    if measure is not None and (
        not measure.org.is_within(bulletin.org) or measure.campaign_id not in campaign_family_ids(bulletin.campaign)
    ):
        raise DomainError("典型做法关联的整改措施须是本活动、本通报范围内的措施。")
    last = bulletin.good_practices.aggregate(n=Max("sort_order"))["n"] or 0
    practice = GoodPractice(
        bulletin=bulletin,
        sort_order=last + 1,
        text=text.strip(),
        org=org or (measure.org if measure is not None else None),
        measure=measure,
    )
    return save_new(actor=actor, instance=practice)


@transaction.atomic
def good_practice_remove(*, actor: User, practice: GoodPractice) -> None:
    _require_draft(actor, practice.bulletin, "编辑典型做法")
    audit_delete(actor=actor, target=practice)
    practice.delete()


# --- transitions -------------------------------------------------------------------------------


def _transition(*, actor: User, bulletin: Bulletin, expected: str, to: str, remark: str = "", **fields) -> Bulletin:
    """Move a bulletin from `expected` to `to` if, and only if, it is still in `expected`."""
    before = snapshot(bulletin)
    changed = Bulletin.objects.filter(pk=bulletin.pk, status=expected).update(status=to, **fields)
    if changed != 1:
        current = Bulletin.objects.values_list("status", flat=True).get(pk=bulletin.pk)
        raise DomainError(
            f"该通报当前为“{STATUS_LABELS[current]}”，不是“{STATUS_LABELS[expected]}”，"
            "可能已被他人处理，请刷新页面查看最新情况。"
        )
    BulletinEvent.objects.create(bulletin=bulletin, actor=actor, from_status=expected, to_status=to, remark=remark)
    bulletin.status = to
    for key, value in fields.items():
        setattr(bulletin, key, value)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        target=bulletin,
        before=before,
        after=snapshot(bulletin),
        remark=remark,
    )
    return bulletin


@transaction.atomic
def bulletin_submit(*, actor: User, bulletin: Bulletin) -> Bulletin:
    """The office sends the draft for review (草稿 → 待审核); the figures are frozen from now on."""
    _require_draft(actor, bulletin, "提交审核")
    return _transition(
        actor=actor,
        bulletin=bulletin,
        expected=BulletinStatus.DRAFT,
        to=BulletinStatus.REVIEW,
        remark="提交审核",
        submitted_by=actor,
        return_reason="",
    )


def _require_reviewer(actor: User, bulletin: Bulletin, doing: str) -> None:
    if actor.pk in (bulletin.drafted_by_id, bulletin.submitted_by_id):
        raise DomainError("不能审核自己起草或提交的通报。")
    if not selectors.can_review(actor, bulletin):
        raise DomainError(f"只有“{bulletin.org}”的主要负责人、班子成员或监督考核组成员可以{doing}。")
    if bulletin.status != BulletinStatus.REVIEW:
        raise DomainError(f"该通报当前为“{STATUS_LABELS[bulletin.status]}”，不能{doing}。")


@transaction.atomic
def bulletin_publish(*, actor: User, bulletin: Bulletin, visibility: str, remark: str = "") -> Bulletin:
    """Review passed: published internally or to the public (待审核 → 已发布); the heads of the scope
    and of its units are told."""
    _require_reviewer(actor, bulletin, "审核发布")
    if visibility not in Visibility.values:
        raise DomainError("请选择发布范围：内部通报或向社会公开。")
    bulletin = _transition(
        actor=actor,
        bulletin=bulletin,
        expected=BulletinStatus.REVIEW,
        to=BulletinStatus.PUBLISHED,
        remark=remark.strip() or f"审核通过，{Visibility(visibility).label}",
        visibility=visibility,
        published_by=actor,
        published_at=timezone.now(),
    )
    _notify_published(bulletin)
    return bulletin


def _notify_published(bulletin: Bulletin) -> int:
    from notifications.choices import NotificationKind
    from notifications.services import notify

    orgs = [bulletin.org.pk, *(unit["id"] for unit in bulletin.figures.get("units", []))]
    heads = User.objects.filter(
        pk__in=Membership.objects.filter(org_id__in=orgs, role=Role.HEAD).values("user_id")
    ).distinct()
    return notify(
        users=heads,
        kind=NotificationKind.BULLETIN_PUBLISHED,
        title=f"{bulletin.number} {bulletin.title}",
        body=f"{bulletin.org}{_month_text(bulletin.month)}通报已发布，请查看本单位排名和逾期事项。",
        url=reverse("bulletins:bulletin-detail", args=[bulletin.pk]),
        key=f"bulletin_published:{bulletin.pk}",
    )


@transaction.atomic
def bulletin_return(*, actor: User, bulletin: Bulletin, reason: str) -> Bulletin:
    """The reviewer sends it back to draft with reasons (待审核 → 草稿)."""
    if not reason.strip():
        raise DomainError("退回须写明理由。")
    _require_reviewer(actor, bulletin, "退回")
    return _transition(
        actor=actor,
        bulletin=bulletin,
        expected=BulletinStatus.REVIEW,
        to=BulletinStatus.DRAFT,
        remark=reason.strip(),
        return_reason=reason.strip(),
        submitted_by=None,
    )
