from django.contrib import admin

from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Jobs are written by their runner only; the admin shows them to superusers."""

    list_display = ["id", "kind", "status", "created_by", "created_at", "done", "total"]
    list_filter = ["kind", "status"]
    exclude = ["input_file", "output_file"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
