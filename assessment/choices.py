from django.db import models


class ScoringMethod(models.TextChoices):
    WEIGHTED = "weighted", "加权计分（各项权重合计100）"
    DEDUCTION = "deduction", "百分制扣分（基础分100）"


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", "草稿（可重新计算）"
    LOCKED = "locked", "已发布（锁定）"


class FollowUpDecision(models.TextChoices):
    """What happens to a unit ranked at the bottom (末位): decided by the office or the supervisors."""

    ADMONITION = "admonition", "诫勉谈话"
    ACCOUNTABILITY = "accountability", "效能问责"
    REMINDER_TALK = "reminder_talk", "约谈提醒"
    CRITICISM = "criticism", "通报批评"
    NO_ACTION = "no_action", "不予问责"
