"""Commitments on the demo campaign's public wall (公开承诺墙).

The heads and leaders of the campaign's units each make one commitment, through the real services:
the first is kept, reported with evidence and verified by a supervisor (已兑现); the second has run
past its deadline (逾期); the others are under way with progress reports; the last waits for
verification.
"""

import datetime

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from campaigns.models import Campaign
from commitments import services
from commitments.models import Commitment
from common.dates import today as local_today
from demo.evidence_files import pdf_bytes, upload
from ledger.selectors import campaign_family_ids
from organisations.choices import OrgType, Role
from organisations.models import Membership, Org

MOST = 10
# (content, measurable target, days to the deadline, progress reported so far)
PROMISES = [
    ("开通门诊夜间服务，方便上班族就医", "工作日门诊开放至20时，夜间门诊满意率不低于90%", 45, 60),
    ("推行检查检验结果互认，减少重复检查", "县域内二级以上医院互认项目不少于50项", 30, 40),
    ("优化住院结算流程，实现床旁结算", "出院结算平均等候时间不超过10分钟", 60, 35),
    ("公开投诉电话，群众投诉件件有回音", "投诉5个工作日内答复率100%", 40, 70),
    ("每月带队下沉基层坐诊不少于2次", "全年下沉坐诊不少于24次，接诊群众不少于500人次", 90, 25),
    ("落实预约诊疗，分时段就诊", "预约就诊率达到60%以上，候诊时间不超过30分钟", 75, 50),
    ("整治医疗领域不正之风，开展专项检查", "完成全院科室专项检查全覆盖，问题整改率100%", 50, 45),
    ("改善就医环境，增设便民设施", "门诊大厅新增自助机4台、便民服务点1处", 35, 80),
    ("建立家庭医生签约随访台账", "重点人群签约率达到75%，随访记录完整率100%", 80, 30),
    ("推进医共体药品统一配送", "成员单位药品配送到位时间不超过48小时", 70, 20),
]


def commitments_fill(campaign: Campaign) -> bool:
    """Put commitments of the campaign's units on its wall, unless the family already has some.
    Returns whether it filled anything."""
    family = list(Campaign.objects.filter(pk__in=campaign_family_ids(campaign)).select_related("org"))
    if Commitment.objects.filter(campaign__in=family).exists():
        return False
    committers = _committers(campaign.org)
    if not committers:
        return False
    supervisor = _supervisor(campaign.org)
    campaign_of = {sub.org_id: sub for sub in family}
    with transaction.atomic():
        for index, membership in enumerate(committers):
            _tell(
                index=index,
                last=index == len(committers) - 1 and index > 1,
                membership=membership,
                campaign=campaign_of.get(membership.org_id, campaign),
                supervisor=supervisor,
            )
    return True


def _committers(top: Org) -> list[Membership]:
    """Heads and leaders of the campaign's org and its units (not departments or Party branches)."""
    return list(
        Membership.objects.filter(org__path__startswith=top.path, role__in=[Role.HEAD, Role.LEADER])
        .exclude(org__type__in=[OrgType.DEPARTMENT, OrgType.BRANCH])
        .select_related("user", "org")
        .order_by("org__depth", "org__path", "role", "id")[:MOST]
    )


def _supervisor(top: Org) -> User | None:
    ids = [int(part) for part in top.path.strip("/").split("/") if part]
    membership = Membership.objects.filter(org_id__in=ids, role=Role.SUPERVISOR).select_related("user").first()
    return membership.user if membership else None


def _responsible(membership: Membership) -> User:
    owner = (
        Membership.objects.filter(
            Q(org=membership.org) | Q(org__parent=membership.org, org__type=OrgType.DEPARTMENT), role=Role.OWNER
        )
        .select_related("user")
        .order_by("org__path", "id")
        .first()
    )
    return owner.user if owner else membership.user


def _tell(*, index: int, last: bool, membership: Membership, campaign: Campaign, supervisor: User | None) -> None:
    content, target, days, percent = PROMISES[index % len(PROMISES)]
    today = local_today()
    committer = membership.user
    commitment = services.commitment_create(
        actor=committer,
        campaign=campaign,
        org=membership.org,
        content=content,
        target=target,
        deadline=today + datetime.timedelta(days=days),
        responsible=_responsible(membership),
    )
    services.commitment_publish(actor=committer, commitment=commitment)
    services.commitment_report(
        actor=commitment.responsible,
        commitment=commitment,
        text="已制定工作方案，明确责任科室和时间节点。",
        percent=percent,
    )
    if index == 0 and supervisor is not None and supervisor != committer:
        _fulfil(commitment, committer, content)
        services.commitment_verify(actor=supervisor, commitment=commitment, remark="经现场核验，达到衡量标准。")
    elif index == 1:
        _fabricate_overdue(commitment)
    elif last:
        _fulfil(commitment, committer, content)


def _fulfil(commitment: Commitment, committer: User, content: str) -> None:
    evidence = upload("承诺兑现情况.pdf", pdf_bytes("承诺兑现情况", [content, "已按期完成，附相关记录。"]))
    services.commitment_request_fulfilment(
        actor=committer,
        commitment=commitment,
        text=f"{content}：已全面完成，达到衡量标准，相关记录见附件。",
        files=[evidence],
    )


def _fabricate_overdue(commitment: Commitment) -> None:
    """DEMO ONLY — fabricates history: a commitment published six weeks ago whose deadline passed a
    week ago. The services never set a deadline in the past; the demo needs one overdue."""
    today = local_today()
    Commitment.objects.filter(pk=commitment.pk).update(
        published_on=today - datetime.timedelta(days=42), deadline=today - datetime.timedelta(days=7)
    )
