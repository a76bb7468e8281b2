# Included by reporting/urls.py (namespace "reporting").
from django.urls import path, re_path

from . import views_dashboard

urlpatterns = [
    path("tableau-de-bord/", views_dashboard.dashboard, name="dashboard"),
    re_path(
        r"^tableau-de-bord/export/(?P<slug>[a-z-]+)\.(?P<fmt>csv|xlsx)$",
        views_dashboard.dashboard_export,
        name="dashboard_export",
    ),
    path("sante/", views_dashboard.health, name="health"),
]
