"""Look-back rounds in the admin: read-only; rounds, draws and verdicts change only through lookback.services."""

from django.contrib import admin

from common.admin import ReadOnlyScopedAdmin
from lookback.models import LookbackItem, LookbackRound, RecurrenceDismissal


@admin.register(LookbackRound)
class LookbackRoundAdmin(ReadOnlyScopedAdmin):
    scope_path = "org__path"
    list_display = ["name", "campaign", "org", "rule", "percent", "seed", "status", "starts_on", "ends_on"]
    list_filter = ["status", "rule"]
    search_fields = ["name"]


@admin.register(LookbackItem)
class LookbackItemAdmin(ReadOnlyScopedAdmin):
    scope_path = "measure__org__path"
    list_display = ["round", "measure", "checker", "verdict", "checked_on"]
    list_filter = ["verdict"]
    list_select_related = ["round", "measure__problem", "checker"]


@admin.register(RecurrenceDismissal)
class RecurrenceDismissalAdmin(ReadOnlyScopedAdmin):
    scope_path = "problem__org__path"
    list_display = ["problem", "earlier", "dismissed_by", "dismissed_at"]
