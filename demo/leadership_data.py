"""The demo campaign's research topics (专题调研) and regulation register (建章立制).

A leader of the campaign's org (or, failing one, of its first unit) leads two research topics: one
already reported, with its DOCX report and the problems that followed linked to it; one under way.
Three regulations follow: one made, its revision, and another made, each linked to the problems
that prompted it. Everything goes through the real services.
"""

import datetime

from django.db import transaction

from campaigns.models import Campaign
from common.dates import today as local_today
from demo.evidence_files import docx_bytes, pdf_bytes, upload
from leadership import selectors, services
from leadership.choices import RegulationAction
from leadership.models import Regulation, ResearchTopic
from ledger.choices import MajorKind
from ledger.selectors import campaign_family_ids
from organisations.choices import OrgType, Role
from organisations.models import Membership

DAY = datetime.timedelta(days=1)


def leadership_fill(campaign: Campaign) -> bool:
    """Fill the research topics and regulations of the campaign, unless its family already has some.
    Returns whether it filled anything."""
    family = list(Campaign.objects.filter(pk__in=campaign_family_ids(campaign)))
    if (
        ResearchTopic.objects.filter(campaign__in=family).exists()
        or Regulation.objects.filter(campaign__in=family).exists()
    ):
        return False
    membership = (
        Membership.objects.filter(org__path__startswith=campaign.org.path, role__in=[Role.LEADER, Role.HEAD])
        .exclude(org__type__in=[OrgType.DEPARTMENT, OrgType.BRANCH])
        .select_related("user", "org")
        .order_by("org__depth", "-role", "id")
        .first()
    )
    if membership is None:
        return False
    leader, org = membership.user, membership.org
    unit_campaign = next((sub for sub in family if sub.org_id == org.pk), campaign)
    problems = list(
        selectors.linkable_problems(leader, org).filter(campaign__in=family).order_by("-major_kind", "code")[:4]
    )
    with transaction.atomic():
        _topics(leader=leader, org=org, campaign=unit_campaign, problems=problems)
        _regulations(leader=leader, org=org, campaign=unit_campaign, problems=problems)
    return True


def _topics(*, leader, org, campaign, problems) -> None:
    today = local_today()
    reported = _started_topic(
        leader=leader,
        org=org,
        campaign=campaign,
        title="关于破解县域医共体药品统一配送瓶颈的专题调研",
        major_kind=MajorKind.BOTTLENECK,
        planned_start=today - 20 * DAY,
        planned_end=today + 10 * DAY,
    )
    report = docx_bytes(
        "关于破解县域医共体药品统一配送瓶颈的调研报告",
        [
            "一、基本情况：走访成员单位8家，召开座谈会3场，发放问卷120份。",
            "二、存在问题：配送企业资质参差不齐，偏远卫生院配送周期长。",
            "三、对策建议：统一招标配送企业，建立48小时配送考核机制。",
        ],
    )
    services.research_topic_submit_report(
        actor=leader,
        topic=reported,
        report=upload("药品统一配送调研报告.docx", report),
        findings="配送企业资质参差不齐、偏远卫生院配送周期长，建议统一招标并建立48小时配送考核机制。",
    )
    services.research_topic_link_problems(actor=leader, topic=reported, problems=problems[:2])
    _started_topic(
        leader=leader,
        org=org,
        campaign=campaign,
        title="关于推进智慧医院建设项目落地的专题调研",
        major_kind=MajorKind.PROJECT,
        planned_start=today - 5 * DAY,
        planned_end=today + 40 * DAY,
    )


def _started_topic(*, leader, org, campaign, **fields) -> ResearchTopic:
    """A research topic the leader registered and has started."""
    topic = services.research_topic_create(actor=leader, campaign=campaign, org=org, leader=leader, **fields)
    services.research_topic_start(actor=leader, topic=topic)
    return topic


def _regulations(*, leader, org, campaign, problems) -> None:
    today = local_today()
    year = today.year
    made = services.regulation_create(
        actor=leader,
        campaign=campaign,
        org=org,
        title="医疗设备采购管理办法",
        doc_number=f"青卫发〔{year}〕15号",
        action=RegulationAction.MADE,
        issued_on=today - 12 * DAY,
        summary="规范医疗设备采购论证、招标、验收全过程，明确各环节责任。",
        problems=problems[:1],
        file=upload("医疗设备采购管理办法.pdf", pdf_bytes("医疗设备采购管理办法", ["第一条 为规范医疗设备采购……"])),
    )
    services.regulation_create(
        actor=leader,
        campaign=campaign,
        org=org,
        title="医疗设备采购管理办法（修订）",
        doc_number=f"青卫发〔{year}〕21号",
        action=RegulationAction.REVISED,
        issued_on=today - 3 * DAY,
        summary="增加采购前集体论证和使用效益评估要求。",
        replaces=made,
        problems=problems[:1],
    )
    services.regulation_create(
        actor=leader,
        campaign=campaign,
        org=org,
        title="群众投诉首接负责制度",
        doc_number=f"青卫办〔{year}〕8号",
        action=RegulationAction.MADE,
        issued_on=today - 6 * DAY,
        summary="首位接待投诉的人员负责登记、转办和跟踪答复，5个工作日内答复。",
        problems=problems[2:4],
    )
