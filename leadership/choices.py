from django.db import models


class ResearchStatus(models.TextChoices):
    PLANNED = "planned", "已立项"
    RESEARCHING = "researching", "调研中"
    REPORTED = "reported", "已提交报告"
    CONCLUDED = "concluded", "已结题"


class RegulationAction(models.TextChoices):
    MADE = "made", "制定"
    REVISED = "revised", "修订"
    REPEALED = "repealed", "废止"


# Report files: the content decides, as for evidence; only these two types are research reports.
REPORT_FILE_TYPES = {"docx", "pdf"}
