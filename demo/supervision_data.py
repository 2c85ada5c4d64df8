"""Demo supervision (督查督办): urge notices at every rung of the ladder, two inspection visits with
findings (one already on the problem list) and a spot check of closed measures. Every row goes
through supervision.services; each part is made once (a second call changes nothing)."""

import datetime

from accounts.models import User
from campaigns.models import Campaign
from common.dates import today
from demo.people import first_person
from ledger.choices import OPEN_STATUSES
from ledger.models import Measure
from ledger.selectors import campaign_family_ids
from organisations.choices import OrgType, Role
from organisations.models import Org
from supervision import selectors, services
from supervision.choices import CheckResult, InspectionType, Severity
from supervision.models import Inspection, SpotCheck, UrgeNotice

SPOT_CHECK_SEED = 20260901


def supervision_fill(campaign: Campaign) -> None:
    office = first_person(campaign.org, Role.OFFICE)
    supervisor = first_person(campaign.org, Role.SUPERVISOR) or office
    if office is None:
        return
    family = campaign_family_ids(campaign)
    # Units with a head to sign for and answer the notices.
    units = list(
        Org.objects.filter(
            path__startswith=campaign.org.path,
            type__in=[OrgType.HOSPITAL, OrgType.TOWNSHIP],
            memberships__role=Role.HEAD,
        )
        .distinct()
        .order_by("path")
    )
    if not units:
        return
    if not UrgeNotice.objects.filter(campaign_id__in=family).exists():
        _notices(campaign, office, supervisor, units)
    if not Inspection.objects.filter(campaign_id__in=family).exists():
        _inspections(campaign, office, supervisor, units)
    if not SpotCheck.objects.filter(campaign_id__in=family).exists():
        _spot_check(campaign, supervisor, office)


def _unit(units: list[Org], index: int) -> Org:
    return units[index % len(units)]


def _recipient(notice: UrgeNotice) -> User:
    return selectors.urge_notice_recipients(notice)[0]


def _notices(campaign: Campaign, office: User, supervisor: User, units: list[Org]) -> None:
    day = today()
    closed = services.urge_notice_issue(
        actor=office, campaign=campaign, org=_unit(units, 0), text="请于三个工作日内报送“三查三看”自查报告及问题清单。"
    )
    answerer = _recipient(closed)
    services.urge_notice_acknowledge(actor=answerer, notice=closed)
    services.urge_notice_answer(
        actor=answerer, notice=closed, answer="自查报告已经院党委会审定，问题清单共 12 条，已同步录入整改台账。"
    )
    services.urge_notice_close(actor=supervisor, notice=closed, remark="材料齐全，予以办结。")

    open_measure = (
        Measure.objects.filter(
            campaign_id__in=campaign_family_ids(campaign), status__in=OPEN_STATUSES, owner__isnull=False
        )
        .select_related("org", "campaign")
        .order_by("due_on", "pk")
        .first()
    )
    if open_measure is not None:
        acknowledged = services.urge_notice_issue(
            actor=office, measure=open_measure, text="该措施进度滞后于时序要求，请说明原因并报送下一步推进计划。"
        )
    else:
        acknowledged = services.urge_notice_issue(
            actor=office, campaign=campaign, org=_unit(units, 1), text="请说明整改进度滞后的原因及下一步推进计划。"
        )
    services.urge_notice_acknowledge(actor=_recipient(acknowledged), notice=acknowledged)

    # DEMO ONLY — fabricates history: the two notices below are dated back so that the real
    # escalation run moves them up the ladder, as the daily job would have done.
    interview = services.urge_notice_issue(
        actor=office,
        campaign=campaign,
        org=_unit(units, 2),
        text="群众反映的夜间急诊候诊时间长问题，至今未见整改进展，请立即反馈。",
    )
    _backdate(interview, issued=day - datetime.timedelta(days=20), due=day - datetime.timedelta(days=15))
    services.urge_notices_escalate(today=day)
    _backdate(interview, issued=day - datetime.timedelta(days=20), due=day - datetime.timedelta(days=3))
    services.urge_notices_escalate(today=day)
    escalated = services.urge_notice_issue(
        actor=supervisor, campaign=campaign, org=_unit(units, 3), text="请反馈门诊“一站式”服务中心建设进度。"
    )
    _backdate(escalated, issued=day - datetime.timedelta(days=9), due=day - datetime.timedelta(days=2))
    services.urge_notices_escalate(today=day)


def _backdate(notice: UrgeNotice, *, issued: datetime.date, due: datetime.date) -> None:
    """DEMO ONLY — moves a notice's dates back; real dates change only through the services."""
    UrgeNotice.objects.filter(pk=notice.pk).update(issued_on=issued, answer_by=due)


def _inspections(campaign: Campaign, office: User, supervisor: User, units: list[Org]) -> None:
    day = today()
    inspectors = [person for person in (supervisor, first_person(campaign.org, Role.INSPECTOR)) if person is not None]
    first = services.inspection_create(
        actor=supervisor,
        campaign=campaign,
        org=_unit(units, 0),
        type=InspectionType.WORK,
        visited_on=day - datetime.timedelta(days=20),
        inspectors=inspectors,
        summary="实地查看门诊大厅、住院部和整改台账，随机访谈患者 12 名、职工 8 名。",
        findings=[
            ("整改台账个别措施佐证材料缺失，进展报送不及时。", Severity.NORMAL),
            ("门诊自助机使用引导不足，老年患者排队时间仍较长。", Severity.SERIOUS),
        ],
    )
    services.finding_to_problem(actor=supervisor, finding=first.findings.order_by("pk").last())
    services.inspection_create(
        actor=office,
        campaign=campaign,
        org=_unit(units, 1),
        type=InspectionType.SOCIAL,
        visited_on=day - datetime.timedelta(days=6),
        inspectors=[office, *inspectors],
        summary="邀请群众代表参与督查，重点查看便民服务措施落实情况。",
        findings=[("便民服务公示栏信息未及时更新。", Severity.MINOR)],
    )


def _spot_check(campaign: Campaign, supervisor: User, office: User) -> None:
    if not selectors.spot_check_population(campaign=campaign, org=campaign.org).exists():
        return
    checker = first_person(campaign.org, Role.INSPECTOR) or office
    spot_check = services.spot_check_draw(
        actor=supervisor,
        campaign=campaign,
        org=campaign.org,
        sample_size=5,
        checker=checker,
        seed=SPOT_CHECK_SEED,
    )
    first = spot_check.items.order_by("pk").first()
    services.spot_check_item_record(
        actor=checker, item=first, result=CheckResult.PASSED, remark="现场复核，整改成效保持良好。"
    )
