from django.urls import path

from campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("new/", views.campaign_create, name="campaign-create"),
    path("<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign-edit"),
    path("<int:pk>/roll-out/", views.campaign_roll_out, name="campaign-roll-out"),
    path("<int:pk>/phases/new/", views.phase_edit, name="phase-create"),
    path("<int:pk>/phases/<int:phase_pk>/", views.phase_edit, name="phase-edit"),
    path("<int:pk>/phases/<int:phase_pk>/delete/", views.phase_delete, name="phase-delete"),
    path("<int:pk>/plan/new/", views.plan_item_edit, name="planitem-create"),
    path("<int:pk>/plan/<int:item_pk>/", views.plan_item_edit, name="planitem-edit"),
    path("<int:pk>/plan/<int:item_pk>/complete/", views.plan_item_complete, name="planitem-complete"),
    path("<int:pk>/plan/<int:item_pk>/reopen/", views.plan_item_reopen, name="planitem-reopen"),
    path("<int:pk>/plan/<int:item_pk>/delete/", views.plan_item_delete, name="planitem-delete"),
    path("<int:pk>/groups/new/", views.group_edit, name="group-create"),
    path("<int:pk>/groups/<int:group_pk>/", views.group_edit, name="group-edit"),
    path("<int:pk>/groups/<int:group_pk>/members/new/", views.group_member_add, name="groupmember-create"),
    path("<int:pk>/members/<int:member_pk>/delete/", views.group_member_remove, name="groupmember-delete"),
    path("<int:pk>/categories/new/", views.category_edit, name="category-create"),
    path("<int:pk>/categories/<int:category_pk>/", views.category_edit, name="category-edit"),
]
