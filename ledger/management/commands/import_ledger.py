"""Import a unit's Excel ledger (.xlsx or .xls) into a campaign, as the pages do but in the foreground."""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from campaigns.models import Campaign
from common.exceptions import DomainError
from ledger.imports import error_line, ledger_import
from organisations.choices import Role
from organisations.models import Membership, Org


class Command(BaseCommand):
    help = (
        "导入整改台账（Excel .xlsx/.xls）：逐行校验，全部无误才保存；有错误时列出行号、列名和原因，"
        "以非零状态退出。再次导入同一台账不会重复登记。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="台账文件（.xlsx 或 .xls）")
        parser.add_argument("--campaign", required=True, help="活动代码，例如 2026-PB-QSRMYY")
        parser.add_argument("--org", help="单位代码，例如 QSRMYY；默认为活动的发起单位")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不保存")
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="以该用户身份导入（须是该单位或其上级单位的活动办公室）；默认为系统管理员或该单位的活动办公室",
        )

    def handle(self, *args, file: str, campaign: str, org: str | None, dry_run: bool, as_user: str | None, **options):
        found = Campaign.objects.select_related("org").filter(code=campaign.strip()).first()
        if found is None:
            raise CommandError(f"没有代码为“{campaign}”的活动。")
        unit = found.org
        if org:
            unit = Org.objects.filter(code=org.strip().upper()).first()
            if unit is None:
                raise CommandError(f"没有代码为“{org}”的单位。")
        actor = self.actor(as_user, unit)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件“{file}”。")
        try:
            with path.open("rb") as handle:
                plan = ledger_import(
                    actor=actor,
                    campaign=found,
                    org=unit,
                    file=File(handle, name=path.name),
                    file_name=path.name,
                    dry_run=dry_run,
                    progress=None,
                )
        except DomainError as error:
            for line in error.errors:
                self.stderr.write(error_line(line))
            raise CommandError(error.message) from error
        for note in plan.notes:
            self.stdout.write(f"提示：{error_line(note)}")
        prefix = "试运行（未保存）：" if dry_run else f"已导入“{path.name}”到“{found}”（操作人：{actor}）："
        self.stdout.write(self.style.SUCCESS(prefix + plan.summary()))

    def actor(self, username: str | None, unit: Org) -> User:
        """Who the import is recorded as: the one named, else a superuser, else the nearest office."""
        if username:
            user = User.objects.filter(username__iexact=username, is_active=True).first()
            if user is None:
                raise CommandError(f"没有用户名为“{username}”的有效用户。")
            return user
        user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is not None:
            return user
        ancestors = [int(part) for part in unit.path.strip("/").split("/") if part]
        membership = (
            Membership.objects.filter(org_id__in=ancestors, role=Role.OFFICE, user__is_active=True)
            .select_related("user")
            .order_by("-org__depth", "user_id")
            .first()
        )
        if membership is None:
            raise CommandError(
                f"没有可代为导入的账号：系统中没有管理员，“{unit}”及其上级单位也没有活动办公室人员；请用 --as 指定用户名。"
            )
        return membership.user
