from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User
from common.admin import ScopedAuditedAdmin
from organisations.selectors import person_list


@admin.register(User)
class UserAdmin(ScopedAuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "name", "mobile", "is_active", "is_staff", "locked_until"]
    search_fields = ["username", "name", "mobile"]
    ordering = ["name"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["name", "mobile", "email"]}),
        (
            "登录",
            {"fields": ["must_change_password", "failed_login_count", "locked_until", "last_login", "date_joined"]},
        ),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["username", "name", "mobile", "password1", "password2"]})]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=person_list(request.user).values("pk"))
