from django.contrib import admin

from common.admin import ReadOnlyScopedAdmin
from leadership.models import Regulation, ResearchTopic


@admin.register(ResearchTopic)
class ResearchTopicAdmin(ReadOnlyScopedAdmin):
    """Topics move only through their services; the admin shows them, scoped."""

    scope_path = "org__path"
    list_display = ["title", "org", "leader", "major_kind", "status"]
    list_filter = ["status", "major_kind"]
    list_select_related = ["org", "leader"]


@admin.register(Regulation)
class RegulationAdmin(ReadOnlyScopedAdmin):
    scope_path = "org__path"
    list_display = ["title", "doc_number", "action", "issued_on", "org"]
    list_filter = ["action"]
    search_fields = ["title", "doc_number"]
    list_select_related = ["org"]
