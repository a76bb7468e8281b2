"""The guides (« Premiers pas ») of each role, public pages linked from the header. The
screenshots are taken by the browser tests (`tests/browser/test_everyday_ui_browser.py`,
with `HELP_SCREENSHOTS=1`) and kept under `static/help/`."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

# slug: (role as the guide names it, one line on what the role does there)
GUIDES = {
    "responsable": (
        "Responsable de réseau",
        "Composer le comité, fixer les objectifs, tenir les réunions, suivre les jeunes du "
        "réseau et exporter leur liste.",
    ),
    "referent": (
        "Référent décrochage",
        "Ouvrir le dossier d’un jeune, conduire son parcours jusqu’au contrat FOQUALE.",
    ),
    "tuteur": (
        "Tuteur",
        "Suivre ses tutorés et enregistrer leurs bilans de situation, y compris sur un téléphone.",
    ),
    "ien-io": (
        "IEN-IO",
        "Coordonner les réseaux du territoire et lire leurs indicateurs.",
    ),
    "gestionnaire": (
        "Gestionnaire de plateforme",
        "Recevoir les listes mensuelles de la plateforme (PSAD) et les répartir entre les réseaux.",
    ),
}


def help_index(request: HttpRequest) -> HttpResponse:
    return render(request, "help/index.html", {"guides": GUIDES, "title": "Aide"})


def guide(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in GUIDES:
        raise Http404
    role, summary = GUIDES[slug]
    return render(
        request,
        f"help/{slug}.html",
        {
            "role": role,
            "summary": summary,
            "slug": slug,
            "title": f"Premiers pas : {role}",
            "breadcrumb": [("Aide", "/aide/"), (f"Premiers pas : {role}", None)],
        },
    )


app_name = "help"
urlpatterns = [
    path("", help_index, name="index"),
    path("<slug:slug>/", guide, name="guide"),
]
