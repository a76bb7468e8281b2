"""The gestionnaire's imports: upload, columns, preview, progress, result, cancel."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from foquale.submissions.views import send_once

from .. import perms, services
from ..enums import ImportStatus
from ..forms import MappingForm, UploadForm
from ..planning import Kind
from ..tasks import run_list_import

PREVIEW_PAGE = 50
# An import still queued after this long lost its worker: the page offers to run it again.
STALLED_AFTER = dt.timedelta(minutes=10)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    perms.require_manager(request.user)
    platforms = list(
        perms.managed_platforms(request.user)
        .annotate(pending_total=Count("pending_youths"))
        .order_by("name")
    )
    form = UploadForm(request.POST or None, request.FILES or None, platforms=platforms)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def create() -> str:
            list_import = services.list_upload(
                platform=form.cleaned_data["platform"],
                name=upload.name,
                content=upload.read(),
                by=request.user,
            )
            return reverse("intake:mapping", args=[list_import.pk])

        try:
            return send_once(request, form, create, "Le fichier est lu : vérifiez ses colonnes.")
        except ValidationError as error:
            form.add_error("file", error.messages)
    imports = (
        perms.imports_for_user(request.user)
        .select_related("platform")
        .defer("content", "refused_csv")[:30]
    )
    return render(
        request,
        "intake/home.html",
        {
            "form": form,
            "platforms": platforms,
            "imports": imports,
            "title": "Listes de la plateforme",
        },
    )


@login_required
def mapping(request: HttpRequest, import_id: int) -> HttpResponse:
    list_import = perms.get_import_for_user(request.user, import_id)
    if list_import.status not in (ImportStatus.MAPPING, ImportStatus.READY):
        return redirect("intake:result", list_import.pk)
    form = MappingForm(
        request.POST or None, headers=list_import.headers, mapping=list_import.mapping
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.list_mapping_save(
                list_import=list_import, mapping=form.mapping(), by=request.user
            )
        except ValidationError as error:
            for target, errors in error.message_dict.items():
                form.add_error(target if target in form.fields else None, errors)
        else:
            return redirect("intake:preview", list_import.pk)
    return render(
        request,
        "intake/mapping.html",
        {
            "form": form,
            "list_import": list_import,
            "title": f"Colonnes de {list_import.filename}",
        },
    )


@login_required
def preview(request: HttpRequest, import_id: int) -> HttpResponse:
    list_import = perms.get_import_for_user(request.user, import_id)
    if request.method == "POST":
        try:
            services.list_confirm(list_import=list_import, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("intake:result", list_import.pk)
        return redirect("intake:progress", list_import.pk)
    if list_import.status == ImportStatus.MAPPING:
        return redirect("intake:mapping", list_import.pk)
    if list_import.status != ImportStatus.READY:
        return redirect("intake:result", list_import.pk)
    plan = services.list_preview(list_import=list_import)
    shown = request.GET.get("voir", "")
    rows = [row for row in plan.rows if row.kind == shown] if shown in KINDS else plan.rows
    page = Paginator(rows, PREVIEW_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/preview.html",
        {
            "list_import": list_import,
            "plan": plan,
            "counts": {
                "new_shared": plan.shared,
                "new_pending": plan.pending,
                "known": plan.count(Kind.KNOWN),
                "refused": plan.count(Kind.REFUSED),
            },
            "page": page,
            "lines": [(row, plan.destination(row)) for row in page],
            "shown": shown,
            "kinds": KINDS,
            "title": f"Aperçu de l’import de {list_import.filename}",
        },
    )


KINDS = {Kind.NEW: "Nouveaux", Kind.KNOWN: "Déjà connus", Kind.REFUSED: "Refusés"}


@login_required
def progress(request: HttpRequest, import_id: int) -> HttpResponse:
    list_import = perms.get_import_for_user(request.user, import_id)
    if list_import.status != ImportStatus.QUEUED:
        return redirect("intake:result", list_import.pk)
    percent = services.progress_of(list_import.pk) or 0
    stalled = list_import.queued_at and timezone.now() - list_import.queued_at > STALLED_AFTER
    response = render(
        request,
        "intake/progress.html",
        {
            "list_import": list_import,
            "percent": percent,
            "stalled": stalled,
            "refresh_seconds": 2,
            "title": f"Import de {list_import.filename} en cours",
        },
    )
    return response


@login_required
@require_POST
def relaunch(request: HttpRequest, import_id: int) -> HttpResponse:
    """Run again an import whose worker was lost: it starts from nothing (the interrupted
    run left nothing), and a run that was only slow makes the second one do nothing."""
    list_import = perms.get_import_for_user(request.user, import_id)
    if list_import.status == ImportStatus.QUEUED:
        run_list_import.delay(list_import.pk)
        messages.info(request, "L’import est relancé.")
    return redirect("intake:progress", list_import.pk)


@login_required
def result(request: HttpRequest, import_id: int) -> HttpResponse:
    list_import = perms.get_import_for_user(request.user, import_id)
    if list_import.status == ImportStatus.QUEUED:
        return redirect("intake:progress", list_import.pk)
    if list_import.status in (ImportStatus.MAPPING, ImportStatus.READY):
        return redirect("intake:preview", list_import.pk)
    return render(
        request,
        "intake/result.html",
        {
            "list_import": list_import,
            "cancellable": services.list_cancellable(list_import),
            "title": f"Import de {list_import.filename}",
        },
    )


@login_required
def refused_csv(request: HttpRequest, import_id: int) -> HttpResponse:
    list_import = perms.get_import_for_user(request.user, import_id)
    response = HttpResponse(
        "\ufeff" + list_import.refused_csv, content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="refus-import-{list_import.pk}.csv"'
    return response


@login_required
def cancel(request: HttpRequest, import_id: int) -> HttpResponse:
    list_import = perms.get_import_for_user(request.user, import_id)
    if request.method == "POST":
        try:
            deleted = services.list_cancel(list_import=list_import, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"L’import est annulé : {deleted} dossier(s) retiré(s) des réseaux."
            )
        return redirect("intake:home")
    return render(
        request,
        "intake/cancel.html",
        {
            "list_import": list_import,
            "cancellable": services.list_cancellable(list_import),
            "title": f"Annuler l’import de {list_import.filename}",
        },
    )
