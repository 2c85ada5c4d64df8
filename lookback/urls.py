app_name = "lookback"

urlpatterns: list = []
