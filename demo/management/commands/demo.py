"""Load the fictional 青山县 demo county. Idempotent: a second run changes nothing."""

import datetime

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from campaigns import services as campaign_services
from campaigns.models import Campaign
from common.dates import today
from demo.assessment_data import assessment_fill
from demo.bulletins_data import bulletins_fill
from demo.commitments_data import commitments_fill
from demo.holidays import holidays_seed
from demo.leadership_data import leadership_fill
from demo.ledger_data import ledger_fill, ledger_summary
from demo.lookback_data import lookback_fill
from demo.notifications_data import notifications_fill
from demo.oversight_summary import oversight_summary
from demo.supervision_data import supervision_fill
from demo.survey_data import survey_fill
from demo.voices_data import voices_fill, voices_summary
from ledger import services as ledger_services
from ledger.models import Measure
from organisations import services as org_services
from organisations.choices import OrgType, Role
from organisations.models import Membership, Org

PASSWORD = "Pobing@2026"

HOSPITALS = [("QSRMYY", "青山县人民医院"), ("QSZYY", "青山县中医医院"), ("QSFYBJY", "青山县妇幼保健院")]
TOWNSHIPS = ["松林", "河口", "石桥", "白沙", "柳溪", "云岭", "东湾", "桃源"]
# Department codes are what demo/ledger_texts.py refers to.
DEPARTMENTS = [
    ("YZBGS", "院长办公室"),
    ("YWK", "医务科"),
    ("JJJCS", "纪检监察室"),
    ("XCK", "宣传科"),
    ("MZB", "门诊部"),
    ("YJK", "药剂科"),
    ("YBB", "医保办"),
    ("HLB", "护理部"),
    ("CWK", "财务科"),
]
COMMISSION_OFFICES = [("YZYG", "医政医管股"), ("JCWS", "基层卫生健康股"), ("GHCW", "规划财务股")]
SURNAMES = "林陈黄周吴郑王冯许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方"
GIVEN = ["晓明", "丽华", "建国", "海燕", "志强", "春梅", "文杰", "秀英", "国栋", "雪莲", "立新", "慧敏"]


def invented_name(index: int) -> str:
    return SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 7) % len(GIVEN)]


class Command(BaseCommand):
    help = (
        "加载演示数据：虚构的青山县卫健系统、约80名人员、一个处于第二阶段的思想破冰活动及其整改台账"
        "（约150个问题、300条措施），以及节假日安排。"
    )

    @transaction.atomic
    def handle(self, *args, **options):
        self.counter = 0
        self.password_hash = None
        commission = self.org("QSWJW", "青山县卫生健康委员会", OrgType.COMMISSION, None)
        self.org("QSWJW-DZB", "青山县卫健委机关党支部", OrgType.BRANCH, commission)
        logins = {}
        logins[Role.OFFICE] = self.person("office", "办公室主任", commission, Role.OFFICE, "13900000001")
        logins[Role.HEAD] = self.person("head", "党委书记、主任", commission, Role.HEAD, "13900000002")
        logins[Role.LEADER] = self.person("leader", "副主任", commission, Role.LEADER, "13900000003")
        logins[Role.SUPERVISOR] = self.person(
            "supervisor", "监督考核组组长", commission, Role.SUPERVISOR, "13900000004"
        )
        logins[Role.INSPECTOR] = self.person("inspector", "纪检监察员", commission, Role.INSPECTOR, "13900000005")
        units = []
        for code, name in HOSPITALS:
            hospital = self.org(code, name, OrgType.HOSPITAL, commission)
            units.append(hospital)
            self.org(f"{code}-DZB", f"{name}党支部", OrgType.BRANCH, hospital)
            for dept_code, dept_name in DEPARTMENTS:
                dept = self.org(f"{code}-{dept_code}", f"{name}{dept_name}", OrgType.DEPARTMENT, hospital)
                self.person(f"{code.lower()}-{dept_code.lower()}", f"{dept_name}主任", dept, Role.OWNER)
            self.person(f"{code.lower()}-head", "院长", hospital, Role.HEAD)
            self.person(f"{code.lower()}-office", "院办主任", hospital, Role.OFFICE)
            self.person(f"{code.lower()}-leader", "副院长", hospital, Role.LEADER)
            self.person(f"{code.lower()}-staff", "医师", hospital, Role.STAFF)
        for index, town in enumerate(TOWNSHIPS, start=1):
            centre = self.org(f"QSXZ{index:02d}", f"{town}镇卫生院", OrgType.TOWNSHIP, commission)
            units.append(centre)
            self.person(f"xz{index:02d}-head", "院长", centre, Role.HEAD)
            self.person(f"xz{index:02d}-staff", "护士", centre, Role.STAFF)
            self.person(f"xz{index:02d}-owner", "公卫科负责人", centre, Role.OWNER)
            self.person(f"xz{index:02d}-doctor", "全科医师", centre, Role.STAFF)
        for code, name in COMMISSION_OFFICES:
            section = self.org(f"QSWJW-{code}", f"青山县卫健委{name}", OrgType.DEPARTMENT, commission)
            self.person(f"qswjw-{code.lower()}", "股长", section, Role.OWNER)
        logins[Role.OWNER] = User.objects.get(username="qsrmyy-ywk")
        logins[Role.STAFF] = User.objects.get(username="xz01-staff")
        year = today().year
        if holidays_seed([year, year + 1]):
            ledger_services.measures_recompute_yellow(Measure.objects.all())
        campaign = self.campaign(commission, logins[Role.OFFICE], units[:2])
        ledger_fill(campaign)
        voices_fill(campaign)
        survey_fill(campaign)
        # Supervision and assessment read the ledger above; the ranking reads urge notices, inspections
        # and look-backs; the reminders come last so that every demo login finds unread messages.
        supervision_fill(campaign)
        lookback_fill(campaign)
        commitments_fill(campaign)
        leadership_fill(campaign)
        bulletins_fill(campaign)
        assessment_fill(campaign)
        notifications_fill(campaign)
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪：{Org.objects.count()}个单位，{User.objects.count()}名人员。")
        )
        self.stdout.write(ledger_summary(campaign))
        self.stdout.write(voices_summary(campaign))
        self.stdout.write(oversight_summary(campaign))
        self.stdout.write(f"所有演示账户的密码均为：{PASSWORD}")
        for role, user in logins.items():
            self.stdout.write(f"  {Role(role).label:<12} 用户名 {user.username:<14} 手机 {user.mobile or '—'}")

    def org(self, code, name, type_, parent):
        existing = Org.objects.filter(code=code).first()
        return existing or org_services.org_create(actor=None, name=name, code=code, type=type_, parent=parent)

    def person(self, username, position, org, role, mobile=None):
        self.counter += 1
        user = User.objects.filter(username=username).first()
        if user is None:
            # One hash for every demo account: PBKDF2 per account would take most of the command's time.
            self.password_hash = self.password_hash or make_password(PASSWORD)
            user = User(username=username, name=invented_name(self.counter), mobile=mobile, password=self.password_hash)
            user.save()
        if not Membership.objects.filter(user=user, org=org, role=role).exists():
            org_services.membership_add(actor=None, user=user, org=org, role=role, position=position)
        return user

    def campaign(self, commission, office, units) -> Campaign:
        code = "2026-PB"
        existing = Campaign.objects.filter(code=code).first()
        if existing:
            return existing
        # Started 15 days ago: today falls in the second phase (查摆检视, days 11–25).
        starts_on = today() - datetime.timedelta(days=15)
        campaign = campaign_services.campaign_create(
            actor=office,
            org=commission,
            code=code,
            theme="思想破冰引领发展突围大研讨活动",
            kind="pobing",
            doc_number=f"青卫发〔{starts_on.year}〕12号",
            starts_on=starts_on,
            template_key="pobing",
        )
        for item in campaign.plan_items.filter(due_on__lt=today() - datetime.timedelta(days=2)):
            campaign_services.plan_item_complete(actor=office, item=item, done_on=item.due_on)
        leading = campaign.groups.get(kind="leading")
        campaign_services.group_member_add(
            actor=office, group=leading, user=User.objects.get(username="head"), role="leader"
        )
        campaign_services.group_member_add(
            actor=office, group=leading, user=User.objects.get(username="leader"), role="deputy", note="常务"
        )
        office_group = campaign.groups.get(kind="office")
        campaign_services.group_member_add(actor=office, group=office_group, user=office, role="director")
        supervision = campaign.groups.filter(name__contains="监督").first()
        if supervision:
            campaign_services.group_member_add(
                actor=office, group=supervision, user=User.objects.get(username="supervisor"), role="leader"
            )
            campaign_services.group_member_add(
                actor=office, group=supervision, user=User.objects.get(username="inspector"), role="member"
            )
        campaign_services.campaign_roll_out(actor=office, campaign=campaign, orgs=units)
        return campaign
