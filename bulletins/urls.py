from django.urls import path

from bulletins import views

app_name = "bulletins"
urlpatterns = [
    path("", views.bulletin_list, name="bulletin-list"),
    path("new/", views.bulletin_create, name="bulletin-create"),
    path("<int:pk>/", views.bulletin_detail, name="bulletin-detail"),
    path("<int:pk>/edit/", views.bulletin_edit, name="bulletin-edit"),
    path("<int:pk>/regenerate/", views.bulletin_regenerate, name="bulletin-regenerate"),
    path("<int:pk>/practices/new/", views.good_practice_add, name="goodpractice-create"),
    path("<int:pk>/practices/<int:practice_pk>/delete/", views.good_practice_remove, name="goodpractice-delete"),
    path("<int:pk>/submit/", views.bulletin_submit, name="bulletin-submit"),
    path("<int:pk>/publish/", views.bulletin_publish, name="bulletin-publish"),
    path("<int:pk>/return/", views.bulletin_return, name="bulletin-return"),
    path("<int:pk>/download/", views.bulletin_download, name="bulletin-download"),
    path("public/<str:code>/", views.public_bulletin_list, name="public-list"),
    path("public/<str:code>/<int:pk>/", views.public_bulletin_detail, name="public-detail"),
]
