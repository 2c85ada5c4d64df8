app_name = "leadership"

urlpatterns: list = []
