from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.org_list, name="org-list"),
    path("new/", views.org_edit, name="org-create"),
    path("<int:pk>/", views.org_edit, name="org-edit"),
    path("people/", views.person_list, name="person-list"),
]
