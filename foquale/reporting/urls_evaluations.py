# Included by foquale/reporting/urls.py.
from django.urls import path

from . import activity, catalogue, evaluations, needs

urlpatterns: list = [
    path("catalogue/", catalogue.catalogue_home, name="catalogue_home"),
    path("catalogue/reseaux/<int:network_id>/", catalogue.catalogue, name="catalogue"),
    path("reseaux/<int:network_id>/evaluations/", evaluations.evaluation_list, name="evaluations"),
    path(
        "reseaux/<int:network_id>/evaluations/<int:year>/",
        evaluations.evaluation_list,
        name="evaluations_year",
    ),
    path(
        "reseaux/<int:network_id>/evaluations/<int:year>/solutions/<int:solution_id>/",
        evaluations.evaluation_detail,
        name="evaluation_detail",
    ),
    path("reseaux/<int:network_id>/besoins/", needs.needs_page, name="needs"),
    path("reseaux/<int:network_id>/besoins/<int:year>/", needs.needs_page, name="needs_year"),
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
