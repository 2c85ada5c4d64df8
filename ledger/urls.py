from django.urls import path

from ledger import import_views, views

app_name = "ledger"
urlpatterns = [
    path("", views.measure_list, name="measure-list"),
    path("bulk/", views.measure_bulk, name="measure-bulk"),
    path("import/", import_views.import_create, name="import-create"),
    path("import/preview/", import_views.import_preview, name="import-preview"),
    path("export/", views.measure_export, name="measure-export"),
    path("progress-sheet/", views.progress_sheet, name="progress-sheet"),
    path("progress-sheet/download/", views.progress_sheet_download, name="progress-sheet-download"),
    path("campaigns/<int:campaign_pk>/problems/new/", views.problem_create, name="problem-create"),
    path("problems/<int:pk>/", views.problem_detail, name="problem-detail"),
    path("problems/<int:pk>/edit/", views.problem_edit, name="problem-edit"),
    path("problems/<int:problem_pk>/measures/new/", views.measure_create, name="measure-create"),
    path("measures/<int:pk>/", views.measure_detail, name="measure-detail"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
    path("measures/<int:pk>/report/", views.measure_report, name="measure-report"),
    path("measures/<int:pk>/closeout/", views.measure_closeout, name="measure-closeout"),
    path("measures/<int:pk>/confirm/", views.measure_confirm, name="measure-confirm"),
    path("measures/<int:pk>/verify/", views.measure_verify, name="measure-verify"),
    path("measures/<int:pk>/send-back/", views.measure_send_back, name="measure-send-back"),
    path("measures/<int:pk>/extension/", views.measure_extension, name="measure-extension"),
    path("measures/<int:pk>/urge/", views.measure_urge, name="measure-urge"),
    path("extensions/<int:pk>/approve/", views.extension_decide, {"decision": "approve"}, name="extension-approve"),
    path("extensions/<int:pk>/refuse/", views.extension_decide, {"decision": "refuse"}, name="extension-refuse"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
]
