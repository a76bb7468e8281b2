"""The solutions catalogue, shared practices, needs and yearly evaluations (namespace "solutions")."""

from django.urls import path

from .views import catalogue, evaluations, needs, practices, solutions

app_name = "solutions"

urlpatterns = [
    path("reseaux/<int:network_id>/solutions/", solutions.solution_list, name="solution_list"),
    path(
        "reseaux/<int:network_id>/solutions/a-mettre-a-jour/",
        solutions.solution_stale_list,
        name="solution_stale_list",
    ),
    path(
        "reseaux/<int:network_id>/solutions/nouvelle/",
        solutions.solution_create,
        name="solution_create",
    ),
    path("reseaux/solutions/<int:solution_id>/", solutions.solution_detail, name="solution_detail"),
    path(
        "reseaux/solutions/<int:solution_id>/modifier/",
        solutions.solution_edit,
        name="solution_edit",
    ),
    path(
        "reseaux/solutions/<int:solution_id>/marquer-a-jour/",
        solutions.solution_mark_reviewed_view,
        name="solution_mark_reviewed",
    ),
    path("reseaux/pratiques/", practices.practice_list, name="practice_list"),
    path("reseaux/pratiques/<int:practice_id>/", practices.practice_detail, name="practice_detail"),
    path(
        "reseaux/pratiques/<int:practice_id>/modifier/",
        practices.practice_edit,
        name="practice_edit",
    ),
    path(
        "reseaux/<int:network_id>/pratiques/nouvelle/",
        practices.practice_create,
        name="practice_create",
    ),
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
]
