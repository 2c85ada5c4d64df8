from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [path("", views.audit_entry_list_view, name="auditentry-list")]
