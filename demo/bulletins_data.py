"""Last month's bulletin (一月一通报) of the demo campaign: drafted by the commission's office with two
good practices and its next steps, reviewed and published internally by the head (or, failing
one, a leader or supervisor) of the commission."""

import datetime
from itertools import cycle

from django.db import transaction

from bulletins import services
from bulletins.choices import Visibility
from bulletins.models import Bulletin
from campaigns.models import Campaign
from common.dates import today
from demo.people import first_person
from ledger.choices import MeasureStatus
from ledger.models import Measure
from ledger.selectors import campaign_family_ids
from organisations.choices import Role
from organisations.models import Org
from reports.selectors import month_bounds

PRACTICES = [
    "推行“一站式”预约挂号，门诊高峰期排队时间由40分钟压缩到15分钟以内，群众就医体验明显改善。",
    "建立问题整改“周调度、月通报”机制，班子成员每周现场督导，整改事项全部挂图作战、对账销号。",
]
NEXT_STEPS = (
    "对逾期未完成的整改措施逐条分析原因、明确完成时限，限期清零。\n"
    "对黑榜单位开展专项督查，单位主要负责人作表态发言。\n"
    "对已销号事项开展“回头看”，防止问题反弹回潮。"
)
REVIEW_ROLES = (Role.HEAD, Role.LEADER, Role.SUPERVISOR)


def bulletins_fill(campaign: Campaign) -> bool:
    """Publish last month's bulletin of `campaign`, unless it exists. Returns whether it made one."""
    month = (today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    if Bulletin.objects.filter(campaign=campaign, org=campaign.org, month=month).exists():
        return False
    office = first_person(campaign.org, Role.OFFICE)
    reviewer = next(filter(None, (first_person(campaign.org, role) for role in REVIEW_ROLES)))
    with transaction.atomic():
        bulletin = services.bulletin_create(actor=office, campaign=campaign, org=campaign.org, month=month)
        closed = (
            Measure.objects.filter(
                campaign_id__in=campaign_family_ids(campaign),
                status=MeasureStatus.CLOSED,
                closed_on__lte=month_bounds(month)[1],
            )
            .select_related("org")
            .order_by("-closed_on", "id")
        )
        linked = [*closed[: len(PRACTICES)]]
        linked += [None] * (len(PRACTICES) - len(linked))
        # A practice without a measure closed by then is credited to a ranked unit instead.
        unit_ids = [unit["id"] for unit in bulletin.figures["units"]]
        units = list(Org.objects.filter(pk__in=unit_ids).order_by("path")) or [campaign.org]
        for text, measure, unit in zip(PRACTICES, linked, cycle(units), strict=False):
            org = None if measure is not None else unit
            services.good_practice_add(actor=office, bulletin=bulletin, text=text, org=org, measure=measure)
        services.bulletin_update(actor=office, bulletin=bulletin, next_steps=NEXT_STEPS)
        services.bulletin_submit(actor=office, bulletin=bulletin)
        services.bulletin_publish(actor=reviewer, bulletin=bulletin, visibility=Visibility.INTERNAL)
    return True
