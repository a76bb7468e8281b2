"""The case list (`/jeunes/`): filters, sortable columns, pages, and the lead's export of
the same rows and columns (CSV or XLSX), all read through the user's `CaseScope`."""

import csv
import datetime as dt
import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Min, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from audit.enums import ReadKind, Role
from audit.services import read_log_record
from foquale.accounts.models import User
from foquale.kept import asked, kept
from foquale.links import url_maker
from foquale.pagination import paginate
from foquale.sorting import Column, Sorting
from foquale.spreadsheets import csv_text, xlsx_text
from networks.models import Network

from .. import perms
from ..enums import ContractStatus
from ..forms import YouthFilterForm
from ..models import Contract
from ..reviews.schedule import late_since
from ..selectors import to_contact_for
from .common import PAGE_SIZE, step_badge_class

COLUMNS = [
    Column("nom", "Jeune", ("last_name_key", "first_name_key")),
    Column("etape", "Étape", ("step",)),
    Column("etablissement", "Établissement du référent", ("establishment__name",)),
    Column("tuteur", "Tuteur"),
    Column("bilan", "Prochain bilan", ("active_review_on",)),
    Column("contact", "Contact le", ("-contacted_on",)),
]
EXPORT_BATCH = 500
FORMATS = {"csv", "xlsx"}


def _listed(request: HttpRequest, scope: perms.CaseScope):
    """The filter form, the sorting and the youths they select, in order."""
    options = kept(request, "youth-filter-options:v2", lambda: _options(scope))
    form = YouthFilterForm(
        request.GET or None,
        establishments=scope.establishments_seen,
        tutors=scope.tutors,
        listed=options["listed"],
        late_since=late_since(timezone.localdate()),
        first_contact=options["first_contact"],
    )
    sorting = Sorting(request, COLUMNS, default="nom")
    youths = form.filter(scope.youths()).select_related("establishment")
    youths = youths.only("last_name", "first_name", "step", "contacted_on", "establishment__name")
    if sorting.key == "bilan":
        # The one active contract of a youth (a database constraint) gives the date.
        active = Contract.objects.filter(youth=OuterRef("pk"), status=ContractStatus.ACTIVE)
        youths = youths.annotate(active_review_on=Subquery(active.values("next_review_on")[:1]))
    return form, sorting, youths.order_by(*sorting.order_by())


def _options(scope: perms.CaseScope) -> dict:
    """The filters' options (establishments, tutors, years of contact): kept a short while
    for the person (`foquale.kept`)."""
    return {
        "listed": {name: list(rows) for name, rows in scope.filter_options().items()},
        "first_contact": scope.youths().aggregate(first=Min("contacted_on"))["first"],
    }


@login_required
def youth_list(request: HttpRequest) -> HttpResponse:
    scope = perms.case_scope(request.user)
    if not (scope.has_case_space or scope.has_tutor_space):
        raise Http404
    today = timezone.localdate()
    # The list, kept a short while for the person and these GET data (`foquale.kept`):
    # their own changes show at once, others' within a minute; each day is read afresh.
    listing = kept(
        request, f"youth-list:v1:{today}:{asked(request)}", lambda: _listing(request, scope, today)
    )
    return render(
        request,
        "contracts/youth_list.html",
        {"listing": mark_safe(listing), "title": "Jeunes suivis"},  # rendered by us
    )


def _listing(request: HttpRequest, scope: perms.CaseScope, today: dt.date) -> str:
    form, sorting, youths = _listed(request, scope)
    page = paginate(request, youths, PAGE_SIZE)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render_to_string(
        "contracts/_youth_list_body.html",
        {
            "page": page,
            "rows": list_rows(page, scope, late_since(today)),
            "headers": sorting.headers(),
            "form": form,
            "filters": form.plain_fields(),
            "filtered": form.is_bound and any(request.GET.get(name) for name in form.fields),
            "can_create": scope.can_create_youth,
            "can_export": can_export_youths(scope),
            "export_query": export_query.urlencode(),
            "to_contact": to_contact_for(scope, today=today) if scope.has_case_space else None,
            "first_interview_days": settings.FIRST_INTERVIEW_DAYS,
        },
        request=request,
    )


def can_export_youths(scope: perms.CaseScope) -> bool:
    """The list leaves the site only in a network lead's hands (or an administrator's)."""
    return scope.everything or bool(scope.led)


def list_rows(youths, scope: perms.CaseScope, late: dt.date) -> list[dict]:
    """The cells of the case list, worked out here: one template loop of plain values
    instead of a badge include, a `reverse()` and attribute chains per row; each youth's
    latest contract in sight read as plain values."""
    youths = list(youths)
    contracts = scope.latest_contracts([youth.pk for youth in youths])
    youth_url = url_maker("contracts:youth_detail")
    rows = []
    for youth in youths:
        contract = contracts.get(youth.pk)
        tutor = review = None
        if contract is not None:
            status, next_review_on, first_name, last_name = contract
            tutor = User(first_name=first_name, last_name=last_name).get_full_name()
            review = next_review_on if status == ContractStatus.ACTIVE else None
        rows.append(
            {
                "url": youth_url(youth.pk),
                "name": f"{youth.last_name.upper()} {youth.first_name}",
                "step": youth.get_step_display(),
                "step_class": step_badge_class(youth.step),
                "establishment": youth.establishment.name,
                "tutor": tutor or "—",
                "next_review": review,
                "late": review is not None and review <= late,
                "contacted_on": youth.contacted_on,
            }
        )
    return rows


def _export_cells(row: dict) -> list:
    review = row["next_review"].strftime("%d/%m/%Y") if row["next_review"] else ""
    if review and row["late"]:
        review += " (en retard)"
    return [
        row["name"],
        row["step"],
        row["establishment"],
        row["tutor"] if row["tutor"] != "—" else "",
        review,
        row["contacted_on"].strftime("%d/%m/%Y") if row["contacted_on"] else "",
    ]


@login_required
@require_GET
def youth_list_export(request: HttpRequest, extension: str) -> HttpResponse:
    """The list as the page shows it (same filters, order and columns), every page."""
    scope = perms.case_scope(request.user)
    if extension not in FORMATS or not can_export_youths(scope):
        raise Http404
    _form, _sorting, youths = _listed(request, scope)
    late = late_since(timezone.localdate())
    header = [column.label for column in COLUMNS]
    stamp = f"{timezone.localdate():%Y%m%d}"
    filename = f"jeunes-suivis-{stamp}.{extension}"
    if extension == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel reads UTF-8 with its mark
        writer = csv.writer(response, delimiter=";")
        writer.writerow(header)
        for rows in _batches(youths, scope, late):
            for row in rows:
                writer.writerow([csv_text(cell) for cell in _export_cells(row)])
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Jeunes suivis"
        sheet.append(header)
        for rows in _batches(youths, scope, late):
            for row in rows:
                sheet.append(_export_cells(row))
                for cell in sheet[sheet.max_row]:
                    xlsx_text(cell)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    led = sorted(scope.led)
    read_log_record(
        user=request.user,
        kind=ReadKind.YOUTH_LIST_EXPORT,
        role=Role.ADMIN if scope.everything else Role.LEAD,
        path=request.get_full_path(),
        network=Network.objects.only("academy_id").get(pk=led[0]) if len(led) == 1 else None,
    )
    return response


def _batches(youths, scope: perms.CaseScope, late: dt.date):
    """The rows in batches: one query for the youths of a batch, one for their contracts."""
    start = 0
    while batch := list(youths[start : start + EXPORT_BATCH]):
        yield list_rows(batch, scope, late)
        start += EXPORT_BATCH
