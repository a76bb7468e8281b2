"""The guides (« Premiers pas ») of each role, public pages linked from the header. The
screenshots are taken by the browser tests (`tests/browser/test_everyday_ui_browser.py`,
with `HELP_SCREENSHOTS=1`) and kept under `static/help/`."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from intake import perms as intake_perms

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


def _list_manager_context(request: HttpRequest) -> dict:
    """The figures the gestionnaire's guide quotes, read from the settings so the guide
    stays true; and, for a gestionnaire who is logged in, the platforms they manage (their
    « À répartir » and history pages need a platform's id)."""
    platforms = []
    if request.user.is_authenticated:
        platforms = list(intake_perms.managed_platforms(request.user).order_by("name"))
    return {
        "platforms": platforms,
        "max_rows": f"{settings.IMPORT_MAX_ROWS:,}".replace(",", "\u202f"),
        "max_mb": settings.IMPORT_MAX_MB,
        "first_interview_days": settings.FIRST_INTERVIEW_DAYS,
        "referent_reminder_days": settings.FIRST_INTERVIEW_REFERENT_DAYS,
    }


# slug: what a guide's page needs besides its role and summary.
GUIDE_CONTEXT = {"gestionnaire": _list_manager_context}


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
            **(GUIDE_CONTEXT[slug](request) if slug in GUIDE_CONTEXT else {}),
        },
    )


app_name = "help"
urlpatterns = [
    path("", help_index, name="index"),
    path("<slug:slug>/", guide, name="guide"),
]
