"""The ledger in the admin. Statuses, counters and history change only through ledger.services, so
everything but a problem's wording and the holiday calendar is read-only here."""

from django.contrib import admin, messages

from common.admin import ReadOnlyScopedAdmin, ScopedAuditedAdmin
from common.exceptions import DomainError
from ledger import services
from ledger.models import (
    CampaignStatusCount,
    Evidence,
    Extension,
    Holiday,
    Measure,
    MeasureEvent,
    Milestone,
    Problem,
    Progress,
    StatusCount,
    Urge,
)


@admin.register(Problem)
class ProblemAdmin(ScopedAuditedAdmin):
    scope_path = "org__path"
    list_display = ["code", "description", "source", "org", "campaign", "priority"]
    list_filter = ["source", "priority"]
    search_fields = ["code", "description"]
    readonly_fields = ["code", "campaign", "created_by", "origin_type", "origin_id", "recurrence_of"]
    autocomplete_fields = ["org"]
    raw_id_fields = ["person", "lead_leader", "category"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Measure)
class MeasureAdmin(ReadOnlyScopedAdmin):
    scope_path = "org__path"
    list_display = ["problem", "kind", "status", "owner", "deadline", "due_on", "percent"]
    list_filter = ["status", "kind"]
    search_fields = ["problem__code", "content"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyScopedAdmin):
    scope_path = "measure__org__path"
    list_display = ["measure", "due_on", "goal", "done_on"]


@admin.register(MeasureEvent)
class MeasureEventAdmin(ReadOnlyScopedAdmin):
    scope_path = "measure__org__path"
    list_display = ["measure", "at", "actor", "from_status", "to_status", "remark"]
    list_filter = ["to_status"]


@admin.register(Progress)
class ProgressAdmin(ReadOnlyScopedAdmin):
    scope_path = "measure__org__path"
    list_display = ["measure", "reported_on", "percent", "created_by", "is_closeout_request"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyScopedAdmin):
    scope_path = "measure__org__path"
    list_display = ["name", "measure", "file_type", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file"]


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyScopedAdmin):
    scope_path = "measure__org__path"
    list_display = ["measure", "previous_due_on", "requested_due_on", "status", "requested_by", "decided_by"]
    list_filter = ["status"]


@admin.register(Urge)
class UrgeAdmin(ReadOnlyScopedAdmin):
    scope_path = "measure__org__path"
    list_display = ["measure", "text", "urged_by", "urged_at"]


@admin.register(StatusCount)
class StatusCountAdmin(ReadOnlyScopedAdmin):
    scope_path = "org__path"
    list_display = ["campaign", "org", "status", "count"]


@admin.register(CampaignStatusCount)
class CampaignStatusCountAdmin(ReadOnlyScopedAdmin):
    scope_path = "campaign__org__path"
    list_display = ["campaign", "status", "count"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Saved through the service, which recomputes the lights a new holiday can change."""

    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]

    def save_model(self, request, obj, form, change):
        try:
            services.holiday_save(actor=request.user, holiday=obj)
        except DomainError as error:
            messages.error(request, error.message)

    def has_delete_permission(self, request, obj=None):
        return False
