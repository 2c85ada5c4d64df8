from django.db import models


class SubmissionKind(models.TextChoices):
    OPINION = "opinion", "意见建议"
    PROBLEM = "problem", "问题反映"
    COMPLAINT = "complaint", "投诉"


class Channel(models.TextChoices):
    """How a submission reached us: online from the public page, or recorded by staff."""

    ONLINE = "online", "网上征集"
    FORUM = "forum", "座谈会"
    BOX = "box", "意见箱"
    LETTER = "letter", "来信来访"
    HOTLINE = "hotline", "12345热线"
    SURVEY = "survey", "问卷"
    RESEARCH = "research", "调研"


OFFLINE_CHANNELS = [choice for choice in Channel if choice != Channel.ONLINE]


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    ACCEPTED = "accepted", "已受理（转为问题）"
    MERGED = "merged", "已受理（并入问题）"
    DUPLICATE = "duplicate", "重复"
    DECLINED = "declined", "不予受理"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class WhistleblowStatus(models.TextChoices):
    RECEIVED = "received", "待受理"
    ACCEPTED = "accepted", "已受理"
    CLOSED = "closed", "已办结"
