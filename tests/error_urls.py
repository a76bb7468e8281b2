"""A URL configuration with a view that fails, for the 500 page's test."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("an unexpected failure")


urlpatterns = [path("boom/", boom), path("", include("foquale.urls"))]
