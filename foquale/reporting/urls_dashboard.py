# Included by foquale/reporting/urls.py.
urlpatterns: list = []
