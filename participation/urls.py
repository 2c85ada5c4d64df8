from django.urls import path

from participation import views

app_name = "participation"
urlpatterns = [
    path("", views.submission_list, name="submission-list"),
    path("new/", views.submission_record, name="submission-record"),
    path("triage/", views.triage_start, name="triage-start"),
    path("<int:pk>/", views.submission_detail, name="submission-detail"),
    path("<int:pk>/accept/", views.submission_accept, name="submission-accept"),
    path("<int:pk>/attach/", views.submission_attach, name="submission-attach"),
    path("<int:pk>/duplicate/", views.submission_duplicate, name="submission-duplicate"),
    path("<int:pk>/decline/", views.submission_decline, name="submission-decline"),
    path("<int:pk>/answer/", views.submission_answer, name="submission-answer"),
    path("track/", views.submission_track, name="submission-track"),
    path("c/<str:code>/", views.submission_submit, name="submission-submit"),
    path("c/<str:code>/done/", views.submission_done, name="submission-done"),
    path("c/<str:code>/report/", views.whistleblow_submit, name="whistleblow-submit"),
    path("c/<str:code>/report/done/", views.whistleblow_done, name="whistleblow-done"),
    path("report/track/", views.whistleblow_track, name="whistleblow-track"),
    path("reports/", views.whistleblow_list, name="whistleblow-list"),
    path("reports/<int:pk>/", views.whistleblow_detail, name="whistleblow-detail"),
    path("reports/<int:pk>/identity/", views.whistleblow_identity, name="whistleblow-identity"),
    path("reports/<int:pk>/accept/", views.whistleblow_accept, name="whistleblow-accept"),
    path("reports/<int:pk>/close/", views.whistleblow_close, name="whistleblow-close"),
]
