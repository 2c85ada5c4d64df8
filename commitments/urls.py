"""公开承诺."""

from django.urls import path

from commitments import views

app_name = "commitments"

urlpatterns = [
    path("", views.commitment_list, name="commitment-list"),
    path("new/", views.commitment_create, name="commitment-create"),
    path("<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("<int:pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path("<int:pk>/publish/", views.commitment_publish, name="commitment-publish"),
    path("<int:pk>/report/", views.commitment_report, name="commitment-report"),
    path("<int:pk>/fulfil/", views.commitment_fulfil, name="commitment-fulfil"),
    path("<int:pk>/verify/", views.commitment_verify, name="commitment-verify"),
    path("<int:pk>/send-back/", views.commitment_send_back, name="commitment-send-back"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("wall/<str:code>/", views.wall, name="wall"),
    path("wall/<str:code>/<int:pk>/", views.wall_detail, name="wall-detail"),
]
