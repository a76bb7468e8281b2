"""A URL configuration with views that fail or refuse, for the error pages' tests."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path


def boom(request):
    raise RuntimeError("an unexpected failure")


def refused(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", boom),
    path("refused/", refused),
    path("", include("foquale.urls")),
]
