"""督查督办 in the admin: the escalation ladder is edited here too; notices, events, inspections and
spot checks change only through supervision.services, so they are shown read-only."""

from django.contrib import admin

from common.admin import ReadOnlyScopedAdmin, ScopedAuditedAdmin
from supervision.models import EscalationStep, Finding, Inspection, SpotCheck, SpotCheckItem, UrgeEvent, UrgeNotice


@admin.register(EscalationStep)
class EscalationStepAdmin(ScopedAuditedAdmin):
    scope_path = "campaign__org__path"
    list_display = ["campaign", "level", "name", "days"]
    raw_id_fields = ["campaign"]


@admin.register(UrgeNotice)
class UrgeNoticeAdmin(ReadOnlyScopedAdmin):
    scope_path = "org__path"
    list_display = ["level_name", "org", "status", "issued_on", "answer_by"]
    list_filter = ["status", "level"]
    search_fields = ["text"]


@admin.register(UrgeEvent)
class UrgeEventAdmin(ReadOnlyScopedAdmin):
    scope_path = "notice__org__path"
    list_display = ["notice", "kind", "to_status", "level", "at", "actor"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyScopedAdmin):
    scope_path = "org__path"
    list_display = ["visited_on", "type", "org"]
    list_filter = ["type"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyScopedAdmin):
    scope_path = "inspection__org__path"
    list_display = ["text", "severity", "inspection", "problem"]


@admin.register(SpotCheck)
class SpotCheckAdmin(ReadOnlyScopedAdmin):
    scope_path = "org__path"
    list_display = ["org", "campaign", "seed", "population", "drawn_at"]


@admin.register(SpotCheckItem)
class SpotCheckItemAdmin(ReadOnlyScopedAdmin):
    scope_path = "measure__org__path"
    list_display = ["spot_check", "measure", "result", "checked_at"]
