from django.urls import path

from lookback import views

app_name = "lookback"
urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("campaigns/<int:campaign_pk>/new/", views.round_create, name="round-create"),
    path("campaigns/<int:campaign_pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/", views.round_detail, name="round-detail"),
    path("<int:pk>/start/", views.round_start, name="round-start"),
    path("<int:pk>/finish/", views.round_finish, name="round-finish"),
    path("items/<int:pk>/verdict/", views.item_verdict, name="item-verdict"),
    path("items/<int:pk>/assign/", views.item_assign, name="item-assign"),
    path("items/<int:pk>/file/", views.item_file, name="item-file"),
    path("problems/<int:pk>/recurrence/<int:earlier_pk>/mark/", views.recurrence_mark, name="recurrence-mark"),
    path("problems/<int:pk>/recurrence/<int:earlier_pk>/dismiss/", views.recurrence_dismiss, name="recurrence-dismiss"),
    path("problems/<int:pk>/recurrence/clear/", views.recurrence_clear, name="recurrence-clear"),
]
