"""The admin goes through the same scoping and audit log as the app."""

from django.contrib import admin

from audit.services import audit_create, audit_delete, audit_update, snapshot
from organisations.selectors import path_q


class ScopedAuditedAdmin(admin.ModelAdmin):
    """Lists only rows inside the user's org scope (`scope_path` names the org-path lookup) and
    writes every save and delete to the audit log."""

    scope_path: str = ""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.scope_path:
            queryset = queryset.filter(path_q(request.user, self.scope_path))
        return queryset

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if change:
            audit_update(actor=request.user, target=obj, before=before, remark="管理后台")
        else:
            audit_create(actor=request.user, target=obj, remark="管理后台")

    def delete_model(self, request, obj):
        audit_delete(actor=request.user, target=obj, remark="管理后台")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_delete(actor=request.user, target=obj, remark="管理后台批量删除")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows are logged like any other change."""
        befores = {
            inline.instance.pk: snapshot(type(inline.instance)._default_manager.get(pk=inline.instance.pk))
            for inline in formset.forms
            if inline.instance.pk and inline.has_changed()
        }
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_delete(actor=request.user, target=obj, remark="管理后台")
            obj.delete()
        for obj in instances:
            before = befores.get(obj.pk)
            obj.save()
            if before is None:
                audit_create(actor=request.user, target=obj, remark="管理后台")
            else:
                audit_update(actor=request.user, target=obj, before=before, remark="管理后台")
        formset.save_m2m()


class ReadOnlyScopedAdmin(ScopedAuditedAdmin):
    """For rows that only services may write (a measure's status, its events, counters): the admin
    shows them, scoped, and changes nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
