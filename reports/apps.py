from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "公文报告"

    def ready(self):
        """Register the report job's handler (jobs.registry)."""
        from reports import tasks  # noqa: F401
