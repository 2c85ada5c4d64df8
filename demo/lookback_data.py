"""Demo look-back (回头看): one finished round over the campaign's own closed measures — a random share
drawn from a recorded seed, checked by the commission's supervisor and discipline inspector — in which
one measure came back (反弹, reopened) and the rest held (巩固). Made through lookback.services, once:
a second call changes nothing."""

import datetime

from campaigns.models import Campaign
from common.dates import today
from demo.people import first_person
from lookback import selectors, services
from lookback.choices import SelectionRule, Verdict
from lookback.models import LookbackRound
from organisations.choices import Role

ROUND_NAME = "整改成效回头看（第一轮）"
SEED = 20261101
ITEMS_WANTED = 5
HOLDING_REMARKS = [
    "现场查看，整改措施持续落实，制度执行到位。",
    "抽查台账与现场一致，未发现问题反弹。",
    "随机访谈职工与患者，反映整改效果保持良好。",
]
RECURRED_REMARK = "回访发现高峰时段排队时间再度超过承诺时限，整改成效未能巩固，责令重新整改。"


def lookback_fill(campaign: Campaign) -> None:
    if LookbackRound.objects.filter(campaign=campaign, name=ROUND_NAME).exists():
        return
    office = first_person(campaign.org, Role.OFFICE)
    checkers = [
        p for p in (first_person(campaign.org, Role.SUPERVISOR), first_person(campaign.org, Role.INSPECTOR)) if p
    ]
    if office is None or not checkers:
        return
    closed = selectors.candidate_measures(
        campaign_ids=selectors.source_campaign_ids(campaign=campaign, sources=()),
        org=campaign.org,
        rule=SelectionRule.ALL,
    ).count()
    if closed == 0:
        return
    day = today()
    round_ = services.round_create(
        actor=office,
        campaign=campaign,
        name=ROUND_NAME,
        org=campaign.org,
        starts_on=day - datetime.timedelta(days=20),
        ends_on=day,
        rule=SelectionRule.RANDOM,
        percent=max(1, min(100, ITEMS_WANTED * 100 // closed)),
        seed=SEED,
        checkers=checkers,
    )
    services.round_start(actor=office, round_=round_)
    items = list(round_.items.select_related("round", "measure", "checker").order_by("id"))
    for index, item in enumerate(items):
        recurred = index == 0
        services.item_verdict(
            actor=item.checker,
            item=item,
            verdict=Verdict.RECURRED if recurred else Verdict.HOLDING,
            remark=RECURRED_REMARK if recurred else HOLDING_REMARKS[index % len(HOLDING_REMARKS)],
            checked_on=day - datetime.timedelta(days=len(items) - index),
        )
