# Included by reporting/urls.py: the activity report.
from django.urls import path

from . import activity_pages as activity

urlpatterns: list = [
    path("reseaux/<int:network_id>/bilan/", activity.activity_report_page, name="activity_report"),
    path(
        "reseaux/<int:network_id>/bilan/<int:year>/",
        activity.activity_report_page,
        name="activity_report_year",
    ),
    path(
        "reseaux/<int:network_id>/bilan/<int:year>/pdf/",
        activity.activity_report_pdf,
        name="activity_report_pdf",
    ),
    path(
        "reseaux/<int:network_id>/bilan/<int:year>/synthese/",
        activity.activity_report_summary,
        name="activity_report_summary",
    ),
    path(
        "reseaux/<int:network_id>/bilan/<int:year>/envoyer/",
        activity.activity_report_send_view,
        name="activity_report_send",
    ),
]
