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


class SurveyAudience(models.TextChoices):
    PUBLIC = "public", "群众（公开链接）"
    STAFF = "staff", "职工（登录填写）"
    EVALUATION = "evaluation", "测评（登录评价）"


class EvaluationKind(models.TextChoices):
    DEMOCRATIC = "democratic", "民主测评"
    MUTUAL = "mutual", "上下互评"
    DEPARTMENTS = "departments", "部门联评"
    LEADERS = "leaders", "领导点评"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选"
    MULTIPLE = "multiple", "多选"
    SCALE = "scale", "评分（1–5分）"
    TEXT = "text", "文字"


CHOICE_KINDS = [QuestionKind.SINGLE, QuestionKind.MULTIPLE]
SCALE_RANGE = range(1, 6)
