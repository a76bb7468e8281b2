# Mounted under /reseaux/ by foquale/urls.py: /reseaux/<id>/acteurs/...
from django.urls import path

from . import views

app_name = "referents"

urlpatterns = [
    path("<int:network_id>/acteurs/", views.actor_list, name="actors"),
    path("<int:network_id>/acteurs/referents/ajouter/", views.referent_add, name="referent_add"),
    path(
        "<int:network_id>/acteurs/referents/<int:referent_id>/retirer/",
        views.referent_remove,
        name="referent_remove",
    ),
    path("<int:network_id>/acteurs/equipe/ajouter/", views.team_member_add, name="team_member_add"),
    path(
        "<int:network_id>/acteurs/equipe/<int:member_id>/retirer/",
        views.team_member_remove,
        name="team_member_remove",
    ),
    path("<int:network_id>/acteurs/evaluateurs/ajouter/", views.assessor_add, name="assessor_add"),
    path(
        "<int:network_id>/acteurs/evaluateurs/<int:assessor_id>/retirer/",
        views.assessor_remove,
        name="assessor_remove",
    ),
    path(
        "<int:network_id>/acteurs/coordinateurs-mlds/ajouter/",
        views.mlds_coordinator_add,
        name="mlds_coordinator_add",
    ),
    path(
        "<int:network_id>/acteurs/coordinateurs-mlds/<int:coordinator_id>/retirer/",
        views.mlds_coordinator_remove,
        name="mlds_coordinator_remove",
    ),
]
