"""Write a month's bulletin (GB/T 9704 Word) to a file, as the office drafted it or as it was published."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bulletins.documents import bulletin_docx
from bulletins.models import Bulletin
from campaigns.models import Campaign
from common.exceptions import DomainError
from organisations.models import Org
from reports.services import parse_month


class Command(BaseCommand):
    help = "导出某活动某月的通报（Word，GB/T 9704-2012 格式）。通报须已在页面上起草；数据为其冻结的快照。"

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, help="活动代码，例如 2026-PB")
        parser.add_argument("--month", required=True, help="月份，例如 2026-10")
        parser.add_argument("--scope", help="通报范围的单位代码（默认活动发起单位）")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.docx）")

    def handle(self, *args, campaign, month, scope, output, **options):
        found = Campaign.objects.select_related("org").filter(code=campaign).first()
        if found is None:
            raise CommandError(f"没有代码为“{campaign}”的活动。")
        org = found.org
        if scope:
            org = Org.objects.filter(code=scope.strip().upper()).first()
            if org is None:
                raise CommandError(f"没有代码为“{scope}”的单位。")
        try:
            first = parse_month(month)
        except DomainError as error:
            raise CommandError(error.message) from error
        bulletin = (
            Bulletin.objects.select_related("campaign", "org").filter(campaign=found, org=org, month=first).first()
        )
        if bulletin is None:
            raise CommandError(f"“{org}”{first.year}年{first.month}月的通报尚未起草，请先在页面上起草。")
        Path(output).write_bytes(bulletin_docx(bulletin))
        self.stdout.write(f"{bulletin.number} {bulletin.get_status_display()} → {output}")
