"""领办与建章立制."""

from django.urls import path

from leadership import views

app_name = "leadership"

urlpatterns = [
    path("led/", views.led_list, name="led-list"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/new/", views.topic_create, name="topic-create"),
    path("topics/<int:pk>/", views.topic_detail, name="topic-detail"),
    path("topics/<int:pk>/start/", views.topic_start, name="topic-start"),
    path("topics/<int:pk>/report/", views.topic_report, name="topic-report"),
    path("topics/<int:pk>/report/download/", views.topic_report_download, name="topic-report-download"),
    path("topics/<int:pk>/conclude/", views.topic_conclude, name="topic-conclude"),
    path("topics/<int:pk>/problems/", views.topic_link, name="topic-link"),
    path("regulations/", views.regulation_list, name="regulation-list"),
    path("regulations/new/", views.regulation_create, name="regulation-create"),
    path("regulations/<int:pk>/", views.regulation_detail, name="regulation-detail"),
    path("regulations/<int:pk>/edit/", views.regulation_edit, name="regulation-edit"),
    path("regulations/<int:pk>/file/", views.regulation_download, name="regulation-download"),
]
