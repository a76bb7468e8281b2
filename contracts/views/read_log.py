"""The access log's pages: a network's files for its lead, the académie's whole log for
its data protection officer (with a CSV export), and one young person's data as a ZIP
(right of access) for the lead and the DPO. Every one of them is itself logged."""

import csv
import itertools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit import perms as audit_perms
from audit.enums import ReadKind, Role
from audit.models import ReadLog
from audit.services import read_log_record
from foquale.links import url_maker
from foquale.pagination import paginate
from foquale.spreadsheets import csv_text
from networks.models import Network
from networks.perms import networks_for_user

from .. import perms
from ..access_log import log_case_read
from ..forms.read_log import ReadLogFilterForm
from ..models import Youth
from ..subject_access import youth_data_archive, youth_data_filename

LOG_PAGE_SIZE = 50
# Young people the search names, shown with their data's download link.
MAX_YOUTHS_FOUND = 10
NO_STORE = "private, no-store"
CSV_BATCH = 2000


def _youth_names(youth_ids: set[int]) -> dict[int, str]:
    """The names of the young people of a page of rows, in one query."""
    if not youth_ids:
        return {}
    rows = Youth.objects.filter(pk__in=sorted(youth_ids)).values_list(
        "pk", "last_name", "first_name"
    )
    return {pk: f"{last.upper()} {first}".strip() for pk, last, first in rows}


def _log_rows(rows: list[ReadLog]) -> list[dict]:
    names = _youth_names({row.youth_id for row in rows if row.youth_id})
    return [
        {
            "at": row.at,
            "user": row.user.get_full_name() if row.user else "Famille (lien personnel)",
            "email": row.user.email if row.user else "",
            "role": row.get_role_display(),
            "kind": row.get_kind_display(),
            "object_id": row.object_id,
            "youth_id": row.youth_id,
            "youth": names.get(row.youth_id, f"n° {row.youth_id}") if row.youth_id else "—",
            "network": row.network.name if row.network else "—",
        }
        for row in rows
    ]


def _log_page(
    request: HttpRequest,
    rows: QuerySet[ReadLog],
    searchable: QuerySet[Youth],
    *,
    title: str,
    network: Network | None = None,
) -> HttpResponse:
    form = ReadLogFilterForm(request.GET or None)
    filtered = form.filter(rows, searchable) if form.is_bound else rows
    page = paginate(request, filtered.select_related("user", "network"), LOG_PAGE_SIZE)
    youths = form.youths(searchable) if form.is_bound else None
    found = []
    if youths is not None:
        export_url = url_maker("contracts:youth_data_export")
        found = [
            {"name": f"{youth.last_name.upper()} {youth.first_name}", "url": export_url(youth.pk)}
            for youth in youths.only("last_name", "first_name").order_by("last_name", "pk")[
                :MAX_YOUTHS_FOUND
            ]
        ]
    response = render(
        request,
        "contracts/read_log.html",
        {
            "form": form,
            "page": page,
            "rows": _log_rows(list(page)),
            "found": found,
            "searched": youths is not None,
            "network": network,
            "can_edit": network is not None,
            "csv_query": request.GET.urlencode(),
            "title": title,
        },
    )
    response["Cache-Control"] = NO_STORE
    return response


@login_required
@require_GET
def network_read_log(request: HttpRequest, network_id: int) -> HttpResponse:
    """The lead's view: who read the files of the network's young people."""
    network = get_object_or_404(networks_for_user(request.user), pk=network_id)
    if not audit_perms.can_read_network_log(request.user, network):
        raise PermissionDenied
    return _log_page(
        request,
        ReadLog.objects.filter(network=network),
        perms.youths_for_user(request.user).filter(network=network),
        title=f"Journal des accès — {network.name}",
        network=network,
    )


def _academy_log(request: HttpRequest) -> tuple[QuerySet[ReadLog], QuerySet[Youth]]:
    if not audit_perms.can_read_academy_log(request.user):
        raise Http404
    return audit_perms.read_log_for_user(request.user), perms.access_request_youths(request.user)


@login_required
@require_GET
def read_log(request: HttpRequest) -> HttpResponse:
    """The DPO's view: the whole log of their académie(s)."""
    rows, searchable = _academy_log(request)
    return _log_page(request, rows, searchable, title="Journal des accès aux dossiers")


CSV_COLUMNS = [
    "Date",
    "Utilisateur",
    "Adresse électronique",
    "Au titre de",
    "Lecture",
    "Objet",
    "N° du jeune",
    "Jeune",
    "Réseau",
]


def _csv_cell(value) -> str:
    """A cell a spreadsheet never reads as a formula (`foquale.spreadsheets`)."""
    return csv_text(str(value))


@login_required
@require_GET
def read_log_csv(request: HttpRequest) -> HttpResponse:
    rows, searchable = _academy_log(request)
    form = ReadLogFilterForm(request.GET or None)
    filtered = form.filter(rows, searchable) if form.is_bound else rows
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="journal-des-acces-{timezone.localdate():%Y%m%d}.csv"'
    )
    response["Cache-Control"] = NO_STORE
    response.write("\ufeff")  # Excel reads UTF-8 with its mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    rows_read = filtered.select_related("user", "network").iterator(chunk_size=CSV_BATCH)
    while batch := list(itertools.islice(rows_read, CSV_BATCH)):
        for row in _log_rows(batch):
            writer.writerow(
                [
                    timezone.localtime(row["at"]).strftime("%d/%m/%Y %H:%M"),
                    *(
                        _csv_cell(row[key])
                        for key in ("user", "email", "role", "kind", "object_id")
                    ),
                    row["youth_id"] or "",
                    *(_csv_cell(row[key]) for key in ("youth", "network")),
                ]
            )
    academies = audit_perms.dpo_academy_ids(request.user)
    read_log_record(
        user=request.user,
        kind=ReadKind.LOG_EXPORT,
        role=Role.ADMIN if request.user.is_superuser else Role.DPO,
        path=request.path,
        academy_id=next(iter(academies)) if len(academies) == 1 else None,
    )
    return response


@login_required
@require_GET
def youth_data_export(request: HttpRequest, youth_id: int) -> HttpResponse:
    """Right of access: one young person's data as a ZIP, for the lead and the DPO."""
    youth = get_object_or_404(
        perms.access_request_youths(request.user).select_related("network", "establishment"),
        pk=youth_id,
    )
    if not perms.can_export_youth_data(request.user, youth):
        raise PermissionDenied
    if perms.case_rights(request.user, youth).lead:
        log_case_read(request, ReadKind.ACCESS_EXPORT, youth)
    else:
        read_log_record(
            user=request.user,
            kind=ReadKind.ACCESS_EXPORT,
            role=Role.DPO,
            path=request.path,
            object_id=youth.pk,
            youth_id=youth.pk,
            network=youth.network,
        )
    response = HttpResponse(youth_data_archive(youth), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{youth_data_filename(youth)}"'
    response["Cache-Control"] = NO_STORE
    return response
