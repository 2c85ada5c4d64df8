"""Surveys and evaluations (问卷与测评): a questionnaire built by the office, answered by the public
through a link or by the staff of chosen orgs, and its anonymous responses.

Anonymity of staff responses is structural: a `Response` has no user, and the `ResponseReceipt` that
enforces once per person has no key to the response. Both carry the date only, and responses and
their answers take random UUID keys, so neither a timestamp nor the order of ids joins the two.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from campaigns.models import Campaign
from organisations.models import Org
from participation.choices import (
    EvaluationKind,
    QuestionKind,
    Rating,
    SurveyAudience,
    SurveyStatus,
)


def survey_token_new() -> str:
    return secrets.token_urlsafe(12)


class Survey(models.Model):
    """One questionnaire or evaluation in a campaign, owned by the campaign's org (its office builds it)."""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="surveys")
    org = models.ForeignKey(Org, verbose_name="组织单位", on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField("标题", max_length=100)
    intro = models.TextField("说明", blank=True)
    audience = models.CharField("对象", max_length=20, choices=SurveyAudience.choices)
    evaluation_kind = models.CharField("测评类型", max_length=20, choices=EvaluationKind.choices, blank=True)
    audience_orgs = models.ManyToManyField(
        Org,
        verbose_name="参加单位",
        blank=True,
        related_name="+",
        help_text="职工问卷和测评：这些单位（含下级）的人员可以参加；不选则为组织单位全体人员。",
    )
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    results_hidden_until_closed = models.BooleanField("结束前不显示结果", default=False)
    status = models.CharField("状态", max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    token = models.CharField("链接码", max_length=32, unique=True, default=survey_token_new, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "问卷测评"
        verbose_name_plural = "问卷测评"
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SurveyStatus.values), name="survey_status_valid"),
            models.CheckConstraint(condition=Q(audience__in=SurveyAudience.values), name="survey_audience_valid"),
            models.CheckConstraint(
                condition=Q(audience=SurveyAudience.EVALUATION, evaluation_kind__in=EvaluationKind.values)
                | (~Q(audience=SurveyAudience.EVALUATION) & Q(evaluation_kind="")),
                name="survey_evaluation_kind_iff_evaluation",
            ),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="survey_closes_after_opens"),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def is_evaluation(self) -> bool:
        return self.audience == SurveyAudience.EVALUATION

    @property
    def noun(self) -> str:
        return "测评" if self.is_evaluation else "问卷"

    @property
    def results_visible(self) -> bool:
        return not self.results_hidden_until_closed or self.status == SurveyStatus.CLOSED


class Question(models.Model):
    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("题号")
    text = models.CharField("题目", max_length=300)
    kind = models.CharField("题型", max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField("必答", default=True)

    class Meta:
        verbose_name = "题目"
        verbose_name_plural = "题目"
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="question_order_unique"),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"第{self.order}题 {self.text[:30]}"

    def audit_org_path(self) -> str:
        return self.survey.org.path


class Choice(models.Model):
    question = models.ForeignKey(Question, verbose_name="题目", on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField("序号")
    text = models.CharField("选项", max_length=200)

    class Meta:
        verbose_name = "选项"
        verbose_name_plural = "选项"
        ordering = ["question", "order"]
        constraints = [models.UniqueConstraint(fields=["question", "order"], name="choice_order_unique")]

    def __str__(self) -> str:
        return self.text


class Target(models.Model):
    """Who or what an evaluation rates: a unit (with its org) or a person (by name)."""

    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField("序号")
    name = models.CharField("测评对象", max_length=100)
    org = models.ForeignKey(
        Org, verbose_name="对应单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "测评对象"
        verbose_name_plural = "测评对象"
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="target_order_unique"),
            models.UniqueConstraint(fields=["survey", "name"], name="target_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.survey.org.path


class Response(models.Model):
    """One filled questionnaire. Never a user; `device_hash` (public surveys only) is a keyed hash of the
    random id in the device's signed cookie, kept to refuse a second response from the same device."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.PROTECT, related_name="responses")
    submitted_on = models.DateField("提交日期", default=timezone.localdate, editable=False)
    device_hash = models.CharField("设备摘要", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"
        ordering = ["survey", "submitted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "device_hash"], condition=~Q(device_hash=""), name="response_once_per_device"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} 答卷"

    def audit_org_path(self) -> str:
        return self.survey.org.path


class Answer(models.Model):
    """One answer to one question: a chosen choice (one row per choice of a multiple), a score or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, verbose_name="答卷", on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, verbose_name="题目", on_delete=models.PROTECT, related_name="answers")
    choice = models.ForeignKey(
        Choice, verbose_name="选项", null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    score = models.PositiveSmallIntegerField("评分", null=True, blank=True)
    text = models.TextField("文字回答", blank=True)

    class Meta:
        verbose_name = "回答"
        verbose_name_plural = "回答"
        ordering = ["question"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="answer_score_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} 回答"


class TargetRating(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, verbose_name="答卷", on_delete=models.PROTECT, related_name="ratings")
    target = models.ForeignKey(Target, verbose_name="测评对象", on_delete=models.PROTECT, related_name="ratings")
    rating = models.CharField("评价", max_length=20, choices=Rating.choices)

    class Meta:
        verbose_name = "测评评价"
        verbose_name_plural = "测评评价"
        ordering = ["target"]
        constraints = [
            models.UniqueConstraint(fields=["response", "target"], name="target_rating_once_per_response"),
            models.CheckConstraint(condition=Q(rating__in=Rating.values), name="target_rating_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.get_rating_display()}"


class ResponseReceipt(models.Model):
    """That a person has answered a staff survey or evaluation — never which response is theirs."""

    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.PROTECT, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField("提交日期", default=timezone.localdate, editable=False)

    class Meta:
        verbose_name = "参加记录"
        verbose_name_plural = "参加记录"
        ordering = ["survey", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="receipt_once_per_person")]

    def __str__(self) -> str:
        return f"{self.survey} 参加记录"

    def audit_org_path(self) -> str:
        return self.survey.org.path
