from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = "整改台账"

    def ready(self):
        """Register the ledger's background-job handlers (jobs.registry)."""
        from ledger import exports, imports, progress_sheets  # noqa: F401
