from django.contrib import admin

from common.admin import ScopedAuditedAdmin
from organisations import services
from organisations.models import Membership, Org


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Org)
class OrgAdmin(ScopedAuditedAdmin):
    scope_path = "path"
    list_display = ["name", "code", "type", "parent", "depth"]
    list_filter = ["type", "depth"]
    search_fields = ["name", "short_name", "code"]
    readonly_fields = ["path", "depth"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        """The tree path is kept by the org services, so the admin saves through them."""
        if change:
            services.org_change(
                actor=request.user,
                org=Org.objects.get(pk=obj.pk),
                name=obj.name,
                code=obj.code,
                type=obj.type,
                short_name=obj.short_name,
                parent=obj.parent,
            )
            obj.refresh_from_db()
        else:
            created = services.org_create(
                actor=request.user,
                name=obj.name,
                code=obj.code,
                type=obj.type,
                parent=obj.parent,
                short_name=obj.short_name,
            )
            obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth


@admin.register(Membership)
class MembershipAdmin(ScopedAuditedAdmin):
    scope_path = "org__path"
    list_display = ["user", "org", "role", "position"]
    list_filter = ["role", "org__type"]
    search_fields = ["user__name", "user__username", "org__name", "position"]
    autocomplete_fields = ["user", "org"]
