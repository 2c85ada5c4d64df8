from django.db import models


class JobKind(models.TextChoices):
    IMPORT_LEDGER = "import_ledger", "导入整改台账"
    EXPORT_LEDGER = "export_ledger", "导出整改台账"
    IMPORT_PROGRESS = "import_progress", "批量报送整改进展"
    REPORT = "report", "生成公文"
    TRIAGE = "triage", "意见归类分析"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "未完成"
