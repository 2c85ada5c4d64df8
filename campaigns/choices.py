from django.db import models


class CampaignKind(models.TextChoices):
    JIEFANG = "jiefang", "解放思想大讨论"
    POBING = "pobing", "思想破冰大研讨"
    XUNCHA = "xuncha", "巡察整改"
    SHENJI = "shenji", "审计整改"
    HUITOUKAN = "huitoukan", "回头看"
    OTHER = "other", "其他"


class GroupKind(models.TextChoices):
    LEADING = "leading", "领导小组"
    OFFICE = "office", "办公室"
    WORKING = "working", "专项工作组"


class GroupRole(models.TextChoices):
    LEADER = "leader", "组长"
    DEPUTY = "deputy", "副组长"
    DIRECTOR = "director", "主任"
    DEPUTY_DIRECTOR = "deputy_director", "副主任"
    MEMBER = "member", "成员"


class PlanItemStatus(models.TextChoices):
    """Derived from the dates, never stored."""

    DONE = "done", "已完成"
    DUE = "due", "待完成"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
