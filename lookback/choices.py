from django.db import models


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    RUNNING = "running", "进行中"
    FINISHED = "finished", "已结束"


class SelectionRule(models.TextChoices):
    ALL = "all", "全部已销号措施"
    CATEGORY = "category", "按问题类别"
    RANDOM = "random", "随机抽取（按比例）"


class Verdict(models.TextChoices):
    HOLDING = "holding", "巩固"
    RECURRED = "recurred", "反弹"
    UNCHECKED = "unchecked", "未核查"
