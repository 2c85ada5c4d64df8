from django.urls import path

from participation import survey_views, views

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
    path("photos/<int:pk>/", views.submission_photo, name="submission-photo"),
    path("track/", views.submission_track, name="submission-track"),
    path("c/<str:code>/", views.submission_submit, name="submission-submit"),
    path("c/<str:code>/done/", views.submission_done, name="submission-done"),
    path("c/<str:code>/poster/", views.submission_poster, name="submission-poster"),
    path("c/<str:code>/report/", views.whistleblow_submit, name="whistleblow-submit"),
    path("c/<str:code>/report/done/", views.whistleblow_done, name="whistleblow-done"),
    path("report/track/", views.whistleblow_track, name="whistleblow-track"),
    path("reports/", views.whistleblow_list, name="whistleblow-list"),
    path("reports/<int:pk>/", views.whistleblow_detail, name="whistleblow-detail"),
    path("reports/<int:pk>/identity/", views.whistleblow_identity, name="whistleblow-identity"),
    path("reports/<int:pk>/accept/", views.whistleblow_accept, name="whistleblow-accept"),
    path("reports/<int:pk>/close/", views.whistleblow_close, name="whistleblow-close"),
    path("surveys/", survey_views.survey_list, name="survey-list"),
    path("surveys/new/", survey_views.survey_create, name="survey-create"),
    path("surveys/<int:pk>/", survey_views.survey_detail, name="survey-detail"),
    path("surveys/<int:pk>/questions/new/", survey_views.question_add, name="question-add"),
    path("surveys/<int:pk>/targets/new/", survey_views.targets_add, name="target-add"),
    path("surveys/<int:pk>/open/", survey_views.survey_open, name="survey-open"),
    path("surveys/<int:pk>/close/", survey_views.survey_close, name="survey-close"),
    path("surveys/<int:pk>/results/", survey_views.survey_results, name="survey-results"),
    path("surveys/<int:pk>/results.xlsx", survey_views.survey_export, name="survey-export"),
    path("s/<str:token>/", survey_views.survey_answer, name="survey-answer"),
]
