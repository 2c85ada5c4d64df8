"""Assessment in the admin: read-only and scoped. Schemes, scores and decisions change only through
assessment.services (a published ranking must never be edited by hand)."""

from django.contrib import admin

from assessment.models import AssessmentPeriod, FollowUp, Score, ScoringScheme
from common.admin import ReadOnlyScopedAdmin


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(ReadOnlyScopedAdmin):
    scope_path = "campaign__org__path"
    list_display = ["campaign", "method", "is_active", "bottom_n", "updated_at"]
    list_filter = ["method", "is_active"]


@admin.register(AssessmentPeriod)
class AssessmentPeriodAdmin(ReadOnlyScopedAdmin):
    scope_path = "campaign__org__path"
    list_display = ["name", "campaign", "starts_on", "ends_on", "status"]
    list_filter = ["status"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyScopedAdmin):
    scope_path = "org__path"
    list_display = ["period", "org", "score", "rank", "tied", "is_bottom"]
    list_filter = ["is_bottom"]
    list_select_related = ["period", "org"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyScopedAdmin):
    scope_path = "score__org__path"
    list_display = ["score", "decision", "decided_by", "decided_at"]
    list_select_related = ["score__org", "score__period", "decided_by"]
