from django.db import models


class UrgeStatus(models.TextChoices):
    ISSUED = "issued", "待签收"
    ACKNOWLEDGED = "acknowledged", "已签收"
    ANSWERED = "answered", "已反馈"
    CLOSED = "closed", "已办结"
    RETURNED = "returned", "已退回"


# A notice in one of these is still waiting for its recipients: past its answer date, it escalates.
AWAITING_ANSWER = (UrgeStatus.ISSUED, UrgeStatus.ACKNOWLEDGED, UrgeStatus.RETURNED)


class UrgeEventKind(models.TextChoices):
    ISSUED = "issued", "下发"
    ACKNOWLEDGED = "acknowledged", "签收"
    ANSWERED = "answered", "反馈"
    CLOSED = "closed", "办结"
    RETURNED = "returned", "退回"
    ESCALATED = "escalated", "升级"


class InspectionType(models.TextChoices):
    PARTY = "party", "党内监督"
    WORK = "work", "工作监督"
    ADMINISTRATIVE = "administrative", "行政监督"
    DEMOCRATIC = "democratic", "民主监督"
    OPINION = "opinion", "舆论监督"
    SOCIAL = "social", "社会监督"


class Severity(models.TextChoices):
    SERIOUS = "serious", "严重"
    NORMAL = "normal", "一般"
    MINOR = "minor", "轻微"


class CheckResult(models.TextChoices):
    PENDING = "pending", "待复核"
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"


# The escalation ladder a campaign gets when its office has not set one: (name, working days to answer).
DEFAULT_ESCALATION = (("催办单", 3), ("督办单", 2), ("约谈", 5))
