from django.contrib import admin
from django.urls import include, path

from ledger import views as ledger_views

admin.site.site_header = "破冰 · 管理后台"
admin.site.site_title = "破冰"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("", ledger_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("orgs/", include("organisations.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("ledger/", include("ledger.urls")),
    path("jobs/", include("jobs.urls")),
    path("reports/", include("reports.urls")),
    path("voices/", include("participation.urls")),
    path("notifications/", include("notifications.urls")),
    path("supervision/", include("supervision.urls")),
    path("lookback/", include("lookback.urls")),
    path("bulletins/", include("bulletins.urls")),
    path("assessment/", include("assessment.urls")),
    path("commitments/", include("commitments.urls")),
    path("leadership/", include("leadership.urls")),
    path("api/", include("ledger.api.urls")),
    path("audit/", include("audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
