"""督查督办."""

from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("notices/", views.urgenotice_list, name="urgenotice-list"),
    path("notices/new/", views.urgenotice_create, name="urgenotice-create"),
    path("notices/<int:pk>/", views.urgenotice_detail, name="urgenotice-detail"),
    path("notices/<int:pk>/acknowledge/", views.urgenotice_acknowledge, name="urgenotice-acknowledge"),
    path("notices/<int:pk>/answer/", views.urgenotice_answer, name="urgenotice-answer"),
    path("notices/<int:pk>/close/", views.urgenotice_close, name="urgenotice-close"),
    path("notices/<int:pk>/return/", views.urgenotice_return, name="urgenotice-return"),
    path("notices/<int:pk>/file/", views.urgenotice_file, name="urgenotice-file"),
    path("campaigns/<int:campaign_pk>/escalation/", views.escalation_edit, name="escalation-edit"),
    path("inspections/", views.inspection_list, name="inspection-list"),
    path("inspections/new/", views.inspection_create, name="inspection-create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection-edit"),
    path("inspections/<int:pk>/findings/new/", views.finding_add, name="finding-add"),
    path("findings/<int:pk>/convert/", views.finding_convert, name="finding-convert"),
    path("spot-checks/", views.spotcheck_list, name="spotcheck-list"),
    path("spot-checks/new/", views.spotcheck_create, name="spotcheck-create"),
    path("spot-checks/<int:pk>/", views.spotcheck_detail, name="spotcheck-detail"),
    path("spot-checks/<int:pk>/checker/", views.spotcheck_assign, name="spotcheck-assign"),
    path("spot-check-items/<int:pk>/check/", views.spotcheck_item_check, name="spotcheckitem-check"),
    path("spot-check-items/<int:pk>/reopen/", views.spotcheck_item_reopen, name="spotcheckitem-reopen"),
]
