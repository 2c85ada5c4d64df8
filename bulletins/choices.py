from django.db import models


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "待审核"
    PUBLISHED = "published", "已发布"


class Visibility(models.TextChoices):
    INTERNAL = "internal", "内部通报"
    PUBLIC = "public", "向社会公开"
