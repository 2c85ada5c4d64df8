"""Leaders' own work in a campaign: research topics (专题调研) and the institution-building register
(建章立制). The problems leaders take on personally (领办) live in the ledger (`Problem.lead_leader`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from campaigns.models import Campaign
from common.models import CheckedFileFields, StatusEvent
from leadership.choices import RegulationAction, ResearchStatus
from ledger.choices import MajorKind
from ledger.models import Problem
from organisations.models import Org

USER = settings.AUTH_USER_MODEL


class UploadedFileFields(CheckedFileFields):
    """An optional attached file, checked by its content when uploaded."""

    file = models.FileField("附件", upload_to="leadership/%Y/%m/", blank=True)

    class Meta:
        abstract = True


class ResearchTopic(UploadedFileFields):
    """A research topic (专题调研) a leader takes on, its report (the file) and what it found."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="research_topics"
    )
    org = models.ForeignKey(Org, verbose_name="单位", on_delete=models.PROTECT, related_name="research_topics")
    leader = models.ForeignKey(USER, verbose_name="牵头领导", on_delete=models.PROTECT, related_name="research_topics")
    title = models.CharField("调研题目", max_length=200)
    major_kind = models.CharField("五个重大", max_length=20, choices=MajorKind.choices, blank=True)
    planned_start = models.DateField("计划开始")
    planned_end = models.DateField("计划完成")
    status = models.CharField(
        "状态", max_length=20, choices=ResearchStatus.choices, default=ResearchStatus.PLANNED, db_index=True
    )
    findings = models.TextField("调研发现与成果", blank=True)
    reported_on = models.DateField("报告提交日期", null=True, blank=True)
    problems = models.ManyToManyField(Problem, verbose_name="后续问题", blank=True, related_name="research_topics")
    created_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "专题调研"
        verbose_name_plural = "专题调研"
        ordering = ["campaign", "org__path", "planned_start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ResearchStatus.values), name="research_status_valid"),
            models.CheckConstraint(
                condition=Q(major_kind="") | Q(major_kind__in=MajorKind.values), name="research_major_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")), name="research_planned_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[ResearchStatus.PLANNED, ResearchStatus.RESEARCHING]) | ~Q(file=""),
                name="research_report_file_once_reported",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": "计划完成日期不能早于计划开始日期。"})
        if self.org_id and self.campaign_id and not self.org.is_within(self.campaign.org):
            raise ValidationError({"org": f"单位须是“{self.campaign.org}”或其下级单位。"})

    def audit_org_path(self) -> str:
        return self.org.path


class ResearchTopicEvent(StatusEvent):
    """One status change of a research topic. Never edited."""

    topic = models.ForeignKey(ResearchTopic, verbose_name="专题调研", on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField("原状态", max_length=20, choices=ResearchStatus.choices)
    to_status = models.CharField("新状态", max_length=20, choices=ResearchStatus.choices)

    class Meta:
        verbose_name = "调研状态变更"
        verbose_name_plural = "调研状态变更记录"
        ordering = ["topic", "id"]

    def audit_org_path(self) -> str:
        return self.topic.org.path


class Regulation(UploadedFileFields):
    """A rule made, revised or repealed (建章立制), and the problems that prompted it."""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="regulations")
    org = models.ForeignKey(Org, verbose_name="制定单位", on_delete=models.PROTECT, related_name="regulations")
    title = models.CharField("制度名称", max_length=200)
    doc_number = models.CharField("文号", max_length=50, blank=True, help_text="例如：青卫发〔2026〕15号")
    action = models.CharField("类型", max_length=10, choices=RegulationAction.choices)
    issued_on = models.DateField("印发日期")
    summary = models.TextField("主要内容", blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name="所修订或废止的制度",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    problems = models.ManyToManyField(Problem, verbose_name="针对的问题", blank=True, related_name="regulations")
    created_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "制度"
        verbose_name_plural = "建章立制台账"
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["org", "issued_on"], name="regulation_org_issued_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=RegulationAction.values), name="regulation_action_valid"),
            models.CheckConstraint(
                condition=~Q(action=RegulationAction.MADE) | Q(replaces__isnull=True),
                name="regulation_made_replaces_nothing",
            ),
            models.CheckConstraint(condition=~Q(replaces=F("id")), name="regulation_not_own_replacement"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）" if self.doc_number else self.title

    def clean(self):
        if self.action == RegulationAction.MADE and self.replaces_id:
            raise ValidationError({"replaces": "新制定的制度不修订或废止其他制度；修订或废止时才选择原制度。"})
        if self.replaces_id and self.org_id and self.replaces.org_id != self.org_id:
            raise ValidationError({"replaces": "只能修订或废止本单位的制度。"})
        if self.replaces_id and self.pk and self.replaces_id == self.pk:
            raise ValidationError({"replaces": "制度不能修订或废止它自己。"})
        if self.org_id and self.campaign_id and not self.org.is_within(self.campaign.org):
            raise ValidationError({"org": f"制定单位须是“{self.campaign.org}”或其下级单位。"})

    def audit_org_path(self) -> str:
        return self.org.path
