"""Generate an official document (GB/T 9704 Word) from a campaign's ledger, for cron or a one-off."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from campaigns.models import Campaign
from common.exceptions import DomainError
from organisations.models import Org
from reports import services
from reports.choices import ReportKind


def operator() -> User:
    """Who runs manage.py on the server sees the whole ledger, as a superuser does. Never saved; the
    report only reads."""
    return User(pk=0, username="manage.py", name="系统", is_superuser=True, is_active=True)


class Command(BaseCommand):
    help = (
        "生成公文（Word，GB/T 9704-2012 格式）：自查报告 self_inspection、整改情况报告 rectification、"
        "月度通报 monthly。数字取自整改台账；用 --as 以某人的身份生成，只含其可查看的单位。"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportKind.values, help="报告类型")
        parser.add_argument("--campaign", required=True, help="活动代码，例如 2026-PB")
        parser.add_argument("--org", help="单位代码：报告该单位及其下级单位（默认活动发起单位）")
        parser.add_argument("--month", help="月度通报的月份，例如 2026-11（默认本月）")
        parser.add_argument("--doc-number", default="", help="发文字号（默认活动的发文字号），例如 青卫发〔2026〕15号")
        parser.add_argument("--as", dest="username", help="以该用户的身份和范围生成")
        parser.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成同名 PDF")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.docx）")

    def handle(self, *args, kind, campaign, org, month, doc_number, username, pdf, output, **options):
        actor = operator()
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"没有用户名为“{username}”的在用账户。")
        found = Campaign.objects.select_related("org", "parent").filter(code=campaign).first()
        if found is None:
            raise CommandError(f"没有代码为“{campaign}”的活动。")
        unit = None
        if org:
            unit = Org.objects.filter(code=org.strip().upper()).first()
            if unit is None:
                raise CommandError(f"没有代码为“{org}”的单位。")
        try:
            files = services.report_generate(
                actor=actor,
                kind=kind,
                campaign=found,
                org=unit,
                month=services.parse_month(month) if month else None,
                doc_number=doc_number,
                pdf=pdf,
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        target = Path(output)
        if target.suffix.lower() != ".docx":
            target = target.with_suffix(".docx")
        target.write_bytes(files[0].content)
        self.stdout.write(f"已生成{ReportKind(kind).label}：{target}")
        if len(files) > 1:
            pdf_target = target.with_suffix(".pdf")
            pdf_target.write_bytes(files[1].content)
            self.stdout.write(f"PDF：{pdf_target}")
