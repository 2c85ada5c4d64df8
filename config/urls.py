from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "破冰 · 管理后台"
admin.site.site_title = "破冰"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="campaigns:campaign-list", permanent=False)),
    path("accounts/", include("accounts.urls")),
    path("orgs/", include("organisations.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("audit/", include("audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
