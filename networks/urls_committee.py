# URL patterns, included by networks/urls.py (namespace "networks").
from django.urls import path

from .views import committee, corrections, meeting_attachments, meetings, network, objectives

urlpatterns: list = [
    path("<int:network_id>/responsable/", network.network_appoint_lead, name="appoint_lead"),
    path(
        "<int:network_id>/comite/<slug:role_slug>/pourvoir/",
        committee.seat_create,
        name="seat_create",
    ),
    path(
        "<int:network_id>/comite/sieges/<int:seat_id>/remplacer/",
        committee.seat_replace,
        name="seat_replace",
    ),
    path(
        "<int:network_id>/comite/sieges/<int:seat_id>/retirer/",
        committee.seat_end,
        name="seat_end",
    ),
    path("<int:network_id>/objectifs/", objectives.objective_list, name="objectives"),
    path(
        "<int:network_id>/objectifs/nouveau/",
        objectives.objective_create,
        name="objective_create",
    ),
    path(
        "<int:network_id>/objectifs/<int:objective_id>/modifier/",
        objectives.objective_update,
        name="objective_update",
    ),
    path(
        "<int:network_id>/objectifs/<int:objective_id>/actions/nouvelle/",
        objectives.action_create,
        name="action_create",
    ),
    path(
        "<int:network_id>/objectifs/<int:objective_id>/actions/<int:action_id>/modifier/",
        objectives.action_update,
        name="action_update",
    ),
    path(
        "<int:network_id>/objectifs/<int:objective_id>/annuler/",
        corrections.objective_cancel,
        name="objective_cancel",
    ),
    path(
        "<int:network_id>/objectifs/<int:objective_id>/actions/<int:action_id>/annuler/",
        corrections.action_cancel,
        name="action_cancel",
    ),
    path(
        "<int:network_id>/reunions/<int:meeting_id>/annuler/",
        corrections.meeting_cancel,
        name="meeting_cancel",
    ),
    path("<int:network_id>/reunions/", meetings.meeting_list, name="meetings"),
    path(
        "<int:network_id>/reunions/<int:meeting_id>/pieces-jointes/ajouter/",
        meeting_attachments.meeting_attachment_add,
        name="meeting_attachment_add",
    ),
    path(
        "<int:network_id>/reunions/<int:meeting_id>/pieces-jointes/<int:attachment_id>/",
        meeting_attachments.meeting_attachment_download,
        name="meeting_attachment_download",
    ),
    path(
        "<int:network_id>/reunions/<int:meeting_id>/pieces-jointes/<int:attachment_id>/retirer/",
        meeting_attachments.meeting_attachment_delete,
        name="meeting_attachment_delete",
    ),
    path("<int:network_id>/reunions/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path(
        "<int:network_id>/reunions/<int:meeting_id>/",
        meetings.meeting_detail,
        name="meeting_detail",
    ),
    path(
        "<int:network_id>/reunions/<int:meeting_id>/modifier/",
        meetings.meeting_update,
        name="meeting_update",
    ),
]
