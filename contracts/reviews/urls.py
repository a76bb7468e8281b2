from django.urls import path, re_path

from . import views

app_name = "reviews"

urlpatterns = [
    path("contrats/<int:contract_id>/bilans/", views.review_list, name="list"),
    path("contrats/<int:contract_id>/bilans/nouveau/", views.review_create, name="create"),
    path(
        "contrats/<int:contract_id>/bilans/<int:review_id>/corriger/",
        views.review_correct,
        name="correct",
    ),
    path(
        "contrats/<int:contract_id>/bilans/<int:review_id>/annuler/",
        views.review_cancel,
        name="cancel",
    ),
    path("tuteur/bilans/", views.tutor_due, name="due"),
    path("tuteur/agenda/", views.calendar_settings, name="calendar"),
    path("tuteur/agenda/nouvelle-adresse/", views.calendar_renew, name="calendar_renew"),
    # A token is 43 URL-safe characters (32 random bytes); anything else is a 404 here.
    re_path(
        r"^agenda/(?P<token>[A-Za-z0-9_-]{43})\.ics$",
        views.calendar_feed,
        name="calendar_feed",
    ),
]
