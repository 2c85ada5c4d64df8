from django.db import models


class ReportKind(models.TextChoices):
    SELF_INSPECTION = "self_inspection", "自查报告"
    RECTIFICATION = "rectification", "整改情况报告"
    MONTHLY = "monthly", "月度通报"
