# URL patterns, included by networks/urls.py (namespace "networks").
from django.urls import path

from .views import practices, solutions

urlpatterns: list = [
    path("<int:network_id>/solutions/", solutions.solution_list, name="solution_list"),
    path(
        "<int:network_id>/solutions/a-mettre-a-jour/",
        solutions.solution_stale_list,
        name="solution_stale_list",
    ),
    path("<int:network_id>/solutions/nouvelle/", solutions.solution_create, name="solution_create"),
    path("solutions/<int:solution_id>/", solutions.solution_detail, name="solution_detail"),
    path("solutions/<int:solution_id>/modifier/", solutions.solution_edit, name="solution_edit"),
    path(
        "solutions/<int:solution_id>/marquer-a-jour/",
        solutions.solution_mark_reviewed_view,
        name="solution_mark_reviewed",
    ),
    path("pratiques/", practices.practice_list, name="practice_list"),
    path("pratiques/<int:practice_id>/", practices.practice_detail, name="practice_detail"),
    path("pratiques/<int:practice_id>/modifier/", practices.practice_edit, name="practice_edit"),
    path(
        "<int:network_id>/pratiques/nouvelle/",
        practices.practice_create,
        name="practice_create",
    ),
]
