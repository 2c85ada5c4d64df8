import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from campaigns.choices import CampaignKind, GroupKind, GroupRole, PlanItemStatus
from campaigns.validators import validate_doc_number
from organisations.models import Org

campaign_code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9-]{1,99}$", "活动代码须为2至100位字母、数字或连字符，例如 2026-PB。"
)


class Campaign(models.Model):
    """An improvement campaign (活动) of one org: its plan, phases, groups and categories.

    A commission's campaign rolled out to subordinate units gives each unit a sub-plan: a
    Campaign of its own whose `parent` is the commission's.
    """

    code = models.CharField(
        "活动代码",
        max_length=100,
        unique=True,
        validators=[campaign_code_validator],
        error_messages={"unique": "该活动代码已被使用，请换一个。"},
    )
    theme = models.CharField("活动主题", max_length=200)
    kind = models.CharField("活动类型", max_length=20, choices=CampaignKind.choices)
    org = models.ForeignKey(Org, verbose_name="发起单位", on_delete=models.PROTECT, related_name="campaigns")
    parent = models.ForeignKey(
        "self", verbose_name="上级活动", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_plans"
    )
    doc_number = models.CharField(
        "发文字号", max_length=50, blank=True, validators=[validate_doc_number], help_text="例如：青卫发〔2026〕12号"
    )
    guiding_text = models.TextField("指导思想", blank=True)
    goals = models.TextField("目标要求", blank=True)
    principles = models.TextField("基本原则", blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    template_key = models.CharField("所用模板", max_length=50, blank=True)
    review_steps = models.PositiveSmallIntegerField(
        "销号审核步数",
        choices=[(3, "三步：责任人申请 → 单位确认 → 监督验收"), (2, "两步：责任人申请 → 监督验收")],
        default=3,
    )
    yellow_days = models.PositiveSmallIntegerField(
        "黄灯提前工作日数",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="距整改时限或阶段性节点不足该工作日数时亮黄灯。",
    )
    problem_seq = models.PositiveIntegerField("问题编号计数", default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=CampaignKind.values), name="campaign_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="campaign_dates_ordered"
            ),
            models.CheckConstraint(condition=models.Q(review_steps__in=[2, 3]), name="campaign_review_steps_valid"),
            models.CheckConstraint(
                condition=models.Q(yellow_days__gte=1, yellow_days__lte=30), name="campaign_yellow_days_range"
            ),
            models.UniqueConstraint(
                fields=["parent", "org"], condition=models.Q(parent__isnull=False), name="campaign_one_sub_plan_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme}（{self.org.display_name}）"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "活动结束日期不能早于开始日期。"})
        if (
            self.parent_id
            and self.org_id
            and (self.org_id == self.parent.org_id or not self.org.is_within(self.parent.org))
        ):
            raise ValidationError({"org": "子方案的单位须是上级活动发起单位的下级单位。"})

    def audit_org_path(self) -> str:
        return self.org.path

    def current_phase(self, today: datetime.date) -> "Phase | None":
        for phase in self.phases.all():
            if phase.starts_on <= today <= phase.ends_on:
                return phase
        return None


class Phase(models.Model):
    """A stage (阶段/环节) of a campaign with its date window and deliverables."""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="phases")
    sort_order = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField("阶段名称", max_length=100)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    deliverables = models.TextField("阶段任务与成果", blank=True)

    class Meta:
        verbose_name = "阶段"
        verbose_name_plural = "阶段"
        ordering = ["campaign", "starts_on", "sort_order"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="phase_dates_ordered"),
            models.UniqueConstraint(fields=["campaign", "name"], name="phase_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": f"阶段“{self.name}”的结束日期不能早于开始日期。"})
            if self.campaign_id:
                overlapping = (
                    Phase.objects.filter(
                        campaign_id=self.campaign_id, starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
                    )
                    .exclude(pk=self.pk)
                    .first()
                )
                if overlapping is not None:
                    raise ValidationError(
                        {
                            "starts_on": f"阶段“{self.name}”与“{overlapping.name}”的时间重叠"
                            f"（{overlapping.starts_on:%Y-%m-%d} 至 {overlapping.ends_on:%Y-%m-%d}）。"
                        }
                    )

    def audit_org_path(self) -> str:
        return self.campaign.org.path

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Group(models.Model):
    """The leading group (领导小组), its office (办公室) or a working group (专项工作组)."""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField("类别", max_length=20, choices=GroupKind.choices)
    name = models.CharField("名称", max_length=100)
    duties = models.TextField("工作职责", blank=True)
    department = models.CharField("责任科室", max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "工作组"
        verbose_name_plural = "工作组"
        ordering = ["campaign", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="group_unique_name"),
            models.CheckConstraint(condition=models.Q(kind__in=GroupKind.values), name="group_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.campaign.org.path


class GroupMember(models.Model):
    """A person in a group, with their role in it (组长, 副组长, 主任…)."""

    group = models.ForeignKey(Group, verbose_name="工作组", on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("组内职务", max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER)
    note = models.CharField("备注", max_length=50, blank=True, help_text="例如：常务、兼")

    class Meta:
        verbose_name = "工作组成员"
        verbose_name_plural = "工作组成员"
        ordering = ["group", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_member_unique"),
            models.CheckConstraint(condition=models.Q(role__in=GroupRole.values), name="group_member_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.get_role_display()} · {self.user}"

    def clean(self):
        if self.group_id and self.user_id:
            campaign_org = self.group.campaign.org
            if not self.user.memberships.filter(org__path__startswith=campaign_org.path).exists():
                raise ValidationError({"user": f"{self.user}不在“{campaign_org}”或其下级单位任职，不能加入该工作组。"})

    def audit_org_path(self) -> str:
        return self.group.campaign.org.path


class PlanItem(models.Model):
    """A row of the work plan (工作安排表): phase × task × requirement × responsible group × due date."""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="plan_items")
    phase = models.ForeignKey(Phase, verbose_name="阶段", on_delete=models.PROTECT, related_name="plan_items")
    sort_order = models.PositiveSmallIntegerField("顺序", default=0)
    task = models.CharField("工作安排", max_length=200)
    requirement = models.TextField("工作要求", blank=True)
    group = models.ForeignKey(
        Group, verbose_name="责任工作组", null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_items"
    )
    due_on = models.DateField("完成时限")
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "工作安排"
        verbose_name_plural = "工作安排"
        ordering = ["campaign", "phase__starts_on", "sort_order", "due_on", "id"]
        indexes = [models.Index(fields=["campaign", "due_on"], name="plan_item_campaign_due_idx")]

    def __str__(self) -> str:
        return self.task

    def clean(self):
        if self.phase_id and self.campaign_id and self.phase.campaign_id != self.campaign_id:
            raise ValidationError({"phase": "所选阶段不属于本活动。"})
        if self.group_id and self.campaign_id and self.group.campaign_id != self.campaign_id:
            raise ValidationError({"group": "所选工作组不属于本活动。"})
        if self.phase_id and self.due_on and not self.phase.contains(self.due_on):
            raise ValidationError(
                {
                    "due_on": f"“{self.task}”的完成时限 {self.due_on:%Y-%m-%d} 不在阶段“{self.phase.name}”"
                    f"（{self.phase.starts_on:%Y-%m-%d} 至 {self.phase.ends_on:%Y-%m-%d}）之内。"
                }
            )

    def audit_org_path(self) -> str:
        return self.campaign.org.path

    def status(self, today: datetime.date) -> str:
        if self.done_on:
            return PlanItemStatus.DONE
        if self.due_on < today:
            return PlanItemStatus.OVERDUE
        if (self.due_on - today).days <= settings.PLAN_ITEM_DUE_SOON_DAYS:
            return PlanItemStatus.DUE_SOON
        return PlanItemStatus.DUE


class ProblemCategory(models.Model):
    """A campaign's own problem category, e.g. the seven "冰" or the four aspects of a look-back."""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="categories")
    sort_order = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField("类别名称", max_length=100)
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"
        ordering = ["campaign", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="category_unique_name")]

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.campaign.org.path
