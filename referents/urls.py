app_name = "referents"

urlpatterns: list = []
