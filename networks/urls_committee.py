# URL patterns, included by networks/urls.py (namespace "networks").
urlpatterns: list = []
