"""One line of the demo's closing summary for supervision and assessment (issue 6)."""

from django.db.models import Count

from assessment.models import AssessmentPeriod
from bulletins.models import Bulletin
from campaigns.models import Campaign
from commitments.models import Commitment
from leadership.models import Regulation, ResearchTopic
from ledger.selectors import campaign_family_ids
from lookback.choices import Verdict
from lookback.models import LookbackItem
from notifications.models import Notification
from supervision.models import Inspection, SpotCheck, UrgeNotice


def oversight_summary(campaign: Campaign) -> str:
    ids = campaign_family_ids(campaign)
    levels = UrgeNotice.objects.filter(campaign_id__in=ids).values_list("level", "level_name").annotate(n=Count("id"))
    items = LookbackItem.objects.filter(round__campaign_id__in=ids)
    return (
        "督查考核：催办督办单"
        + "、".join(f"{name}{n}份" for _, name, n in levels.order_by("level"))
        + f"，督查{Inspection.objects.filter(campaign_id__in=ids).count()}次，"
        f"随机抽查{SpotCheck.objects.filter(campaign_id__in=ids).count()}次，"
        f"回头看核查{items.count()}项（反弹{items.filter(verdict=Verdict.RECURRED).count()}），"
        f"月度通报{Bulletin.objects.filter(campaign_id__in=ids).count()}期，"
        f"考核期{AssessmentPeriod.objects.filter(campaign_id__in=ids).count()}个，"
        f"公开承诺{Commitment.objects.filter(campaign_id__in=ids).count()}项，"
        f"专题调研{ResearchTopic.objects.filter(campaign_id__in=ids).count()}项，"
        f"制度{Regulation.objects.filter(campaign_id__in=ids).count()}项，"
        f"未读消息{Notification.objects.filter(read_at__isnull=True).count()}条。"
    )
