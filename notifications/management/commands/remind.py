"""The daily reminders, for cron (production also runs them from Celery beat)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from common.dates import today as local_today
from notifications.reminders import run_daily


class Command(BaseCommand):
    help = (
        "每日提醒：措施转黄灯/红灯告知责任人和责任领导，销号待验收超时告知监督考核组，群众意见临近或超过答复期限"
        "告知答复人，催办督办逐级升级，然后发送每日汇总，并重试近3天发送失败的即时邮件和群消息。可重复运行，同一事件只提醒一次、同一天汇总只发一次；"
        "非工作日不发送。最后一行为 sent=N，N = 本次新生成的站内消息条数（含催办升级生成的消息）"
        "+ 本次发出的每日汇总条数（每封汇总邮件、每条群机器人汇总消息各计 1）+ 本次重试成功的邮件和群消息条数；"
        "新消息的即时推送不另计。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按哪一天运行（YYYY-MM-DD），默认今天")

    def handle(self, *args, date: str | None, **options):
        day = local_today()
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(f"日期“{date}”格式不对，应为 YYYY-MM-DD。") from error
        result = run_daily(today=day)
        for note in result.notes:
            self.stdout.write(note)
        labels = {
            "lights": "红黄灯提醒",
            "closeouts": "销号待验收提醒",
            "answers": "答复期限提醒",
            "escalations": "催办升级消息",
            "digests": "每日汇总",
            "retries": "失败重试成功",
        }
        for name, count in result.counts.items():
            self.stdout.write(f"{labels[name]}：{count}")
        self.stdout.write(f"sent={result.sent}")
