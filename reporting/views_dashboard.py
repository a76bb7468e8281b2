"""The dashboard pages: figures, charts and exports for the networks in the user's view."""

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from audit.enums import ReadKind
from audit.roles import governance_role
from audit.services import read_log_record
from contracts.models import Youth
from foquale.access import scope_for
from foquale.french import reseau
from foquale.kept import asked, kept
from foquale.schoolyear import school_year_label, school_year_of
from networks.models import Network

from .charts import dashboard_charts
from .dashboard import TABLE_SLUGS, build_dashboard
from .dashboard.forms import DashboardFilterForm
from .dashboard.perms import dashboard_networks_for_user
from .dashboard.trends import SLUG as TREND_SLUG
from .dashboard.trends import trend_table
from .exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, table_csv, tables_xlsx
from .trend_chart import trend_chart

WHOLE_WORKBOOK = "tout"
DEFAULT_CACHE_SECONDS = 300


@dataclass
class Filters:
    year: int
    networks: list[Network]
    platform_id: int | None
    network_id: int | None
    form_html: str

    @property
    def query(self) -> str:
        params = {"annee": self.year, "plateforme": self.platform_id, "reseau": self.network_id}
        return urlencode({key: value for key, value in params.items() if value is not None})


def _validated_filters(request: HttpRequest, scope: list[Network], current_year: int) -> dict:
    """The filter form's verdict on the GET data, with its HTML.

    Validation keeps the valid filters and shows the others' errors: a wrong year does
    not drop the network chosen.
    """
    first_contact = Youth.objects.filter(network__in=[n.pk for n in scope]).aggregate(
        first=Min("contacted_on")
    )["first"]
    form = DashboardFilterForm(
        request.GET or None,
        networks=scope,
        current_year=current_year,
        first_contact=first_contact,
    )
    cleaned: dict = {}
    if form.is_bound:
        form.is_valid()
        cleaned = form.cleaned_data
    return {
        "out_of_scope": form.is_out_of_scope("plateforme") or form.is_out_of_scope("reseau"),
        "year": cleaned.get("annee", current_year),
        "platform_id": cleaned.get("plateforme"),
        "network_id": cleaned.get("reseau"),
        "html": render_to_string("reporting/dashboard/_filters.html", {"form": form}),
    }


def _filters(request: HttpRequest) -> Filters:
    """The networks in the user's view, narrowed by the GET filters; 404 when out of scope.

    The form's verdict and HTML depend only on the GET data, the networks in view and
    the school year: they are kept in the cache under those, since Django renders each
    option of a select through templates, which for an académie costs more than the
    rest of a page served from the cache.
    """
    # The networks in view, kept a short while for the person (`foquale.kept`).
    scope = kept(request, "dashboard-networks", lambda: dashboard_networks_for_user(request.user))
    if not scope:
        raise Http404("Aucun réseau dans votre périmètre.")
    current_year = school_year_of(timezone.localdate())
    seconds = _cache_seconds()
    fingerprint = repr(
        (
            current_year,
            sorted(request.GET.lists()),
            [(n.pk, n.name, n.platform_id, n.platform.name) for n in scope],
        )
    )
    key = "reporting:dashboard-filters:v2:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    verdict = cache.get(key) if seconds else None
    if verdict is None:
        verdict = _validated_filters(request, scope, current_year)
        if seconds:
            cache.set(key, verdict, seconds)
    if verdict["out_of_scope"]:
        raise Http404("Plateforme ou réseau hors de votre périmètre.")
    platform_id, network_id = verdict["platform_id"], verdict["network_id"]
    return Filters(
        year=verdict["year"],
        networks=[
            network
            for network in scope
            if (platform_id is None or network.platform_id == platform_id)
            and (network_id is None or network.pk == network_id)
        ],
        platform_id=platform_id,
        network_id=network_id,
        form_html=verdict["html"],
    )


def _scope_label(networks: list[Network]) -> str:
    if len(networks) == 1:
        network = networks[0]
        label = reseau(network.name)
        return f"{label[:1].upper()}{label[1:]} (plateforme {network.platform.name})"
    if not networks:
        return "Aucun réseau"
    platforms = len({network.platform_id for network in networks})
    return f"{len(networks)} réseaux, {platforms} plateforme{'s' if platforms > 1 else ''}"


def _cache_seconds() -> int:
    return getattr(settings, "DASHBOARD_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)


def _dashboard_body(filters: Filters, today: dt.date) -> str:
    """The figures, charts and tables, computed at most once per period for a given view.

    The body depends only on the networks in view, the filters and the day, never on
    who asks, so everyone with the same view shares it. Measured at national scale, the
    figures cost 10 to 20 times a bare page; the cache keeps the page near the cost of
    the permission check (see docs/benchmarks.md). Exports are always computed afresh.
    """
    seconds = _cache_seconds()
    ids = ",".join(str(network.pk) for network in filters.networks)
    digest = hashlib.sha256(f"{today}|{filters.query}|{ids}".encode()).hexdigest()
    key = f"reporting:dashboard:v1:{digest}"
    body = cache.get(key) if seconds else None
    if body is None:
        board = build_dashboard(networks=filters.networks, year=filters.year, today=today)
        trend = _trend(filters, today)
        body = render_to_string(
            "reporting/dashboard/_body.html",
            {
                "board": board,
                "charts": dashboard_charts(board),
                "trend": trend,
                "trend_chart": trend_chart(
                    trend,
                    current_column=1,
                    previous_column=2,
                    title="Jeunes contactés par mois, comparés à l’année précédente",
                ),
                "query": filters.query,
                "computed_at": timezone.localtime(),
                "cache_minutes": seconds // 60,
            },
        )
        if seconds:
            cache.set(key, body, seconds)
    return body


def _trend(filters: Filters, today: dt.date):
    return trend_table(
        network_ids=[network.pk for network in filters.networks], year=filters.year, today=today
    )


def _filters_text(filters: Filters) -> str:
    """The year and the filters of a view, in words: the first line of every export."""
    label = f"FOQUALE — tableau de bord, année scolaire {school_year_label(filters.year)}"
    return f"{label} — {_scope_label(filters.networks)} — filtres : {_filter_words(filters)}"


def _filter_words(filters: Filters) -> str:
    chosen = {network.pk: network for network in filters.networks}
    words = []
    if filters.platform_id is not None:
        platform = next(
            (n.platform for n in filters.networks if n.platform_id == filters.platform_id), None
        )
        words.append(f"plateforme {platform.name}" if platform else "plateforme choisie")
    if filters.network_id is not None and filters.network_id in chosen:
        words.append(reseau(chosen[filters.network_id].name))
    return ", ".join(words) if words else "aucun (tous les réseaux de votre périmètre)"


def _filename_scope(filters: Filters) -> str:
    if filters.network_id is not None:
        return f"reseau-{filters.network_id}"
    if filters.platform_id is not None:
        return f"plateforme-{filters.platform_id}"
    return "tous-les-reseaux"


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # The page, kept a short while for the person and these GET data (`foquale.kept`): one
    # read. Its figures come from the cache shared by everyone with the same view
    # (`_dashboard_body`, dated on the page), computed once per period.

    def build() -> dict:
        filters = _filters(request)
        return {**_page(filters), "body": _dashboard_body(filters, today)}

    page = kept(request, f"dashboard-page:v2:{today}:{asked(request)}", build)
    body = page["body"]
    return render(
        request,
        "reporting/dashboard/dashboard.html",
        {
            "title": f"Tableau de bord {page['year_label']}",
            "breadcrumb": [("Accueil", reverse("home")), ("Tableau de bord", None)],
            "filters_form": mark_safe(page["filters_html"]),  # rendered by us
            "networks": page["ids"],
            "year_label": page["year_label"],
            "scope_label": page["scope_label"],
            "body": mark_safe(body),  # rendered by us
        },
    )


def _page(filters: Filters) -> dict:
    """The page around the figures, in plain values."""
    return {
        "filters_html": filters.form_html,
        "ids": [network.pk for network in filters.networks],
        "year_label": school_year_label(filters.year),
        "scope_label": _scope_label(filters.networks),
    }


@login_required
@require_GET
def dashboard_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if slug != WHOLE_WORKBOOK and slug not in TABLE_SLUGS and slug != TREND_SLUG:
        raise Http404("Tableau inconnu.")
    if slug == WHOLE_WORKBOOK and fmt != "xlsx":
        raise Http404("Le classeur complet n’existe qu’au format XLSX.")
    filters = _filters(request)
    board = build_dashboard(
        networks=filters.networks, year=filters.year, today=timezone.localdate()
    )
    every = {**board.tables, TREND_SLUG: _trend(filters, timezone.localdate())}
    tables = list(every.values()) if slug == WHOLE_WORKBOOK else [every[slug]]
    filename = (
        f"foquale-tableau-de-bord-{slug}-{school_year_label(filters.year)}"
        f"-{_filename_scope(filters)}.{fmt}"
    )
    heading = _filters_text(filters)
    if fmt == "csv":
        response = HttpResponse(
            table_csv(tables[0], heading=heading), content_type=CSV_CONTENT_TYPE
        )
    else:
        content = tables_xlsx(
            tables, title=f"FOQUALE — tableau de bord {board.year_label}", heading=heading
        )
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    _log_export(request, filters.networks)
    return response


def _log_export(request: HttpRequest, networks: list[Network]) -> None:
    """Every export is in the access log: of one network, or of one académie's networks
    (a mixed view, an administrator's, names no académie)."""
    academies = {network.academy_id for network in networks}
    read_log_record(
        user=request.user,
        kind=ReadKind.EXPORT,
        role=governance_role(scope_for(request.user)),
        path=request.path,
        network=networks[0] if len(networks) == 1 else None,
        academy_id=academies.pop() if len(academies) == 1 else None,
    )


def health(request: HttpRequest) -> HttpResponse:
    """A small page that touches no data: the app answers, with its layout.

    Monitoring polls it, and the benchmark measures every page against it: it is the
    floor cost of a page (the middleware and the site's layout, no query, no login).
    """
    return render(request, "reporting/health.html", {"title": "État du service"})
