from django.contrib import admin

from commitments.models import Commitment, CommitmentEvent
from common.admin import ReadOnlyScopedAdmin


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyScopedAdmin):
    """Commitments change only through their services; the admin shows them, scoped."""

    scope_path = "org__path"
    list_display = ["org", "committer", "content", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["content", "target"]
    list_select_related = ["org", "committer"]


@admin.register(CommitmentEvent)
class CommitmentEventAdmin(ReadOnlyScopedAdmin):
    scope_path = "commitment__org__path"
    list_display = ["commitment", "at", "actor", "from_status", "to_status"]
    list_select_related = ["commitment__org", "actor"]
