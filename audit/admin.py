from django.contrib import admin

from audit.models import AuditEntry
from organisations.selectors import path_q


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes audit entries, superusers included."""

    list_display = ["at", "actor_name", "action", "target_type", "target_repr", "remark"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor_name", "remark"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(path_q(request.user, "org_path"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
