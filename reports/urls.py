from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("campaigns/<int:pk>/", views.report_create, name="report-create"),
]
