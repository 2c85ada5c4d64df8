from django.contrib import admin

from campaigns.models import Campaign, Group, GroupMember, Phase, PlanItem, ProblemCategory
from campaigns.selectors import campaign_list
from common.admin import ScopedAuditedAdmin


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class CategoryInline(admin.TabularInline):
    model = ProblemCategory
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(ScopedAuditedAdmin):
    """Scoped like the app's campaign list (campaigns.selectors.campaign_list)."""

    list_display = ["theme", "code", "kind", "org", "parent", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["theme", "code", "doc_number", "org__name"]
    autocomplete_fields = ["org", "parent"]
    inlines = [PhaseInline, CategoryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=campaign_list(request.user).values("pk"))


@admin.register(Phase)
class PhaseAdmin(ScopedAuditedAdmin):
    scope_path = "campaign__org__path"
    list_display = ["name", "campaign", "starts_on", "ends_on"]


@admin.register(PlanItem)
class PlanItemAdmin(ScopedAuditedAdmin):
    scope_path = "campaign__org__path"
    list_display = ["task", "campaign", "phase", "group", "due_on", "done_on"]
    search_fields = ["task", "requirement"]


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Group)
class GroupAdmin(ScopedAuditedAdmin):
    scope_path = "campaign__org__path"
    list_display = ["name", "kind", "campaign", "department"]
    inlines = [GroupMemberInline]


@admin.register(GroupMember)
class GroupMemberAdmin(ScopedAuditedAdmin):
    scope_path = "group__campaign__org__path"
    list_display = ["user", "group", "role", "note"]


@admin.register(ProblemCategory)
class ProblemCategoryAdmin(ScopedAuditedAdmin):
    scope_path = "campaign__org__path"
    list_display = ["name", "campaign", "sort_order"]
