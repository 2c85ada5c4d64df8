from django.db import models


class ProblemSource(models.TextChoices):
    SELF = "self", "自身查找"
    SUPERIOR = "superior", "上级点评"
    PUBLIC = "public", "群众反映"
    RESEARCH = "research", "调研发现"
    COLLECTIVE = "collective", "集体议定"
    GRASSROOTS = "grassroots", "基层评议"
    INSPECTION = "inspection", "巡察反馈"
    AUDIT = "audit", "审计反馈"
    SUPERVISION = "supervision", "督查发现"


class Priority(models.TextChoices):
    HIGH = "high", "重点"
    NORMAL = "normal", "一般"


class MajorKind(models.TextChoices):
    """The 五个重大 a leader may take on personally (领办)."""

    POLICY = "policy", "重大政策争取"
    PROJECT = "project", "重大项目落地"
    BOTTLENECK = "bottleneck", "重大瓶颈破解"
    RESOURCES = "resources", "重大要素保障"
    REFORM = "reform", "重大改革创新"


class MeasureKind(models.TextChoices):
    IMMEDIATE = "immediate", "立行立改"
    DEADLINE = "deadline", "限期整改"
    LONG_TERM = "long_term", "长期坚持"


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "整改中"
    PENDING_REVIEW = "pending_review", "待审核"
    PENDING_ACCEPTANCE = "pending_acceptance", "待验收"
    CLOSED = "closed", "已销号"
    ONGOING = "ongoing", "持续推进"


# Statuses in which the deadline still runs and a light is shown.
OPEN_STATUSES = (
    MeasureStatus.NOT_STARTED,
    MeasureStatus.IN_PROGRESS,
    MeasureStatus.PENDING_REVIEW,
    MeasureStatus.PENDING_ACCEPTANCE,
)
# Statuses in which progress reports are expected (monthly; quarterly for 长期坚持).
REPORTING_STATUSES = (MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS, MeasureStatus.ONGOING)


class Light(models.TextChoices):
    """Derived from today's date and the measure's stored dates, never stored itself."""

    RED = "red", "红灯"
    YELLOW = "yellow", "黄灯"
    GREEN = "green", "绿灯"
    NONE = "none", "—"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日"
    WORKDAY = "workday", "调休上班"
