"""The State footer's mandatory pages: public, static, French."""

from django.conf import settings
from django.shortcuts import render
from django.urls import path

from .help import GUIDES

PAGES = {
    "plan-du-site": ("footer-sitemap", "Plan du site", "legal/sitemap.html"),
    "accessibilite": (
        "footer-accessibility-status",
        "Déclaration d’accessibilité",
        "legal/accessibility.html",
    ),
    "mentions-legales": ("footer-legal-notice", "Mentions légales", "legal/legal_notice.html"),
    "donnees-personnelles": (
        "footer-personal-data",
        "Données personnelles",
        "legal/personal_data.html",
    ),
    "cookies": ("footer-cookie-management", "Gestion des cookies", "legal/cookies.html"),
}


def _page(title: str, template: str):
    def view(request):
        return render(
            request,
            template,
            {
                "title": title,
                "retention_years": settings.DATA_RETENTION_YEARS,
                "help_guides": GUIDES.items(),
            },
        )

    return view


urlpatterns = [
    path(f"{slug}/", _page(title, template), name=name)
    for slug, (name, title, template) in PAGES.items()
]
