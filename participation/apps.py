from django.apps import AppConfig
from django.core import checks


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "群众参与"

    def ready(self):
        """Register the triage job's handler (jobs.registry) and the identity-key system check."""
        from participation import triage  # noqa: F401
        from participation.checks import identity_key_check

        checks.register(identity_key_check)
