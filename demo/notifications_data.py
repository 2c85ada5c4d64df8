"""The demo's notifications: today's reminders (lights, close-outs waiting, answers falling due) so
that the demo logins find unread messages, a welcome message in everyone's notification centre, and
an example 企业微信 robot for the commission, switched off (its address is a placeholder)."""

from django.db import transaction

from accounts.models import User
from campaigns.models import Campaign
from common.dates import today
from ledger.deadlines import WorkCalendar
from notifications.choices import NotificationKind, WebhookKind
from notifications.models import WebhookEndpoint
from notifications.reminders import run_daily
from notifications.services import notify

EXAMPLE_ROBOT = "示例：整改工作群（未启用）"
EXAMPLE_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-0000-0000-0000-000000000000"


def _last_working_day(calendar: WorkCalendar):
    day = today()
    while not calendar.is_working_day(day):
        day = day.fromordinal(day.toordinal() - 1)
    return day


def notifications_fill(campaign: Campaign) -> int:
    """Run the reminders for the last working day up to today and add the example robot; a second
    call changes nothing. Returns the number of notifications and digests made (the run's sent=N)."""
    with transaction.atomic():
        WebhookEndpoint.objects.get_or_create(
            org=campaign.org,
            name=EXAMPLE_ROBOT,
            defaults={"kind": WebhookKind.WECOM, "url": EXAMPLE_URL, "is_active": False},
        )
        people = User.objects.filter(memberships__org__path__startswith=campaign.org.path, is_active=True).distinct()
        welcomed = notify(
            users=people,
            kind=NotificationKind.GENERAL,
            title="欢迎使用消息中心",
            body="措施转黄灯、红灯，销号待验收超时，群众意见临近答复期限时，系统会在这里提醒您；"
            "可在“推送设置”中选择即时推送或每日汇总。",
            url="/notifications/preferences/",
            key=f"demo:welcome:{campaign.pk}",
        )
    return welcomed + run_daily(today=_last_working_day(WorkCalendar.load())).sent
