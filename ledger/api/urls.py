from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from ledger.api import views

app_name = "ledger-api"

router = SimpleRouter(use_regex_path=False)
router.register("problems", views.ProblemViewSet, basename="problem")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("extensions", views.ExtensionViewSet, basename="extension")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    *router.urls,
]
