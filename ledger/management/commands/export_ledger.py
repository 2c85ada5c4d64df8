"""Export a campaign's ledger (with its units' sub-plans) to an Excel file, for cron or a one-off."""

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign
from ledger.exports import ledger_export_xlsx
from ledger.models import Measure
from ledger.selectors import campaign_family_ids
from organisations.models import Org


class Command(BaseCommand):
    help = "导出整改台账（Excel）：指定活动及其各单位子方案的全部整改措施，可按单位（含下级）筛选。"

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, help="活动代码")
        parser.add_argument("--org", help="单位代码：只导出该单位及其下级单位的措施")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")

    def handle(self, *args, campaign: str, org: str | None, output: str, **options):
        found = Campaign.objects.select_related("org").filter(code=campaign).first()
        if found is None:
            raise CommandError(f"没有代码为“{campaign}”的活动。")
        measures = Measure.objects.filter(campaign_id__in=campaign_family_ids(found))
        unit = found.org
        if org:
            unit = Org.objects.filter(code=org.strip().upper()).first()
            if unit is None:
                raise CommandError(f"没有代码为“{org}”的单位。")
            measures = measures.filter(org__path__startswith=unit.path)
        count = ledger_export_xlsx(measures, output, title=f"{found.theme}整改台账", unit=unit.display_name)
        self.stdout.write(f"已导出 {count} 条整改措施到 {output}")
