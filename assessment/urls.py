"""考核排名."""

from django.urls import path

from assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.period_list, name="period-list"),
    path("periods/new/", views.period_create, name="period-create"),
    path("periods/<int:pk>/", views.period_detail, name="period-detail"),
    path("periods/<int:pk>/compute/", views.period_compute, name="period-compute"),
    path("periods/<int:pk>/lock/", views.period_lock, name="period-lock"),
    path("periods/<int:pk>/export/", views.period_export, name="period-export"),
    path("scores/<int:pk>/", views.score_detail, name="score-detail"),
    path("scores/<int:pk>/follow-up/", views.follow_up_decide, name="followup-decide"),
    path("campaigns/<int:campaign_pk>/scheme/", views.scheme_edit, name="scheme-edit"),
]
