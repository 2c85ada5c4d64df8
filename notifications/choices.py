from django.db import models


class NotificationKind(models.TextChoices):
    MEASURE_YELLOW = "measure_yellow", "措施黄灯"
    MEASURE_RED = "measure_red", "措施红灯"
    CLOSEOUT_WAITING = "closeout_waiting", "销号待审核"
    ANSWER_DUE = "answer_due", "群众诉求待答复"
    URGE_NOTICE = "urge_notice", "催办督办"
    URGE_ESCALATED = "urge_escalated", "催办升级"
    BULLETIN_PUBLISHED = "bulletin_published", "通报发布"
    LOOKBACK_ASSIGNED = "lookback_assigned", "回头看任务"
    SPOT_CHECK = "spot_check", "随机抽查"
    COMMITMENT = "commitment", "公开承诺"
    GENERAL = "general", "一般消息"


class DeliveryMode(models.TextChoices):
    IMMEDIATE = "immediate", "即时推送"
    DIGEST = "digest", "每日汇总"


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    WEBHOOK = "webhook", "群机器人"


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


# A delivery in one of these states holds its (channel, target, key): the message is not sent again.
CLAIMED_STATUSES = [DeliveryStatus.SENDING, DeliveryStatus.SENT]


class WebhookKind(models.TextChoices):
    WECOM = "wecom", "企业微信群机器人"
    DINGTALK = "dingtalk", "钉钉群机器人"
