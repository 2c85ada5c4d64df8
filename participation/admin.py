from django.contrib import admin

from common.admin import ReadOnlyScopedAdmin
from participation.models import Submission


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyScopedAdmin):
    """Read-only: submissions change only through participation.services (triage, answer, rating)."""

    scope_path = "org__path"
    list_display = ["id", "kind", "channel", "org", "campaign", "status", "received_on", "answer_due_on", "answered_at"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["text"]
    exclude = ["tracking_code", "ip_hash"]
