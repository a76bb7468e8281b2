"""Right of access (RGPD art. 15): everything FOQUALE holds about one young person, as a
ZIP: a readable PDF summary, a JSON of every record, the stored contract PDFs and the
access log of their file.

Family links are described without their token's hash; reminders by their metadata (the
e-mails they sent stay in the outbox)."""

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from audit.models import ReadLog
from foquale.spreadsheets import csv_text

from .models import (
    Amendment,
    Assessment,
    Contract,
    ContractDocument,
    FamilyLink,
    Guardian,
    Proposal,
    Signature,
    SituationReview,
    StepTransition,
    Transfer,
    Youth,
)
from .models.reviews import Reminder
from .pdf import render_pdf
from .services.documents import document_filename

SECRET_FIELDS = {FamilyLink: {"token_hash"}}


def _value(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, Decimal):
        return str(value)
    return value


def record(obj: models.Model) -> dict:
    """Every stored column of a row (foreign keys as ids), secrets left out."""
    skip = SECRET_FIELDS.get(type(obj), set())
    return {
        field.attname: _value(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
        if field.name not in skip
    }


def _read_log(youth: Youth) -> list[ReadLog]:
    return list(ReadLog.objects.filter(youth_id=youth.pk).select_related("user").order_by("at"))


def _log_record(row: ReadLog) -> dict:
    return {
        "at": _value(row.at),
        "user_id": row.user_id,
        "user": row.user.get_full_name() if row.user else "",
        "role": row.get_role_display(),
        "kind": row.get_kind_display(),
        "object_id": row.object_id,
        "path": row.path,
    }


def youth_records(youth: Youth, read_log: list[ReadLog]) -> dict:
    contracts = Contract.objects.filter(youth=youth).order_by("pk")
    of_contracts = {"contract__youth": youth}
    return {
        "generated_at": _value(timezone.now()),
        "youth": record(youth),
        "guardians": [record(g) for g in Guardian.objects.filter(youth=youth).order_by("pk")],
        "step_log": [
            record(t) for t in StepTransition.objects.filter(youth=youth).order_by("at", "pk")
        ],
        "assessments": [record(a) for a in Assessment.objects.filter(youth=youth).order_by("pk")],
        "proposals": [record(p) for p in Proposal.objects.filter(youth=youth).order_by("pk")],
        "transfers": [record(t) for t in Transfer.objects.filter(youth=youth).order_by("pk")],
        "contracts": [record(c) for c in contracts],
        **{
            key: [record(row) for row in model.objects.filter(**of_contracts).order_by("pk")]
            for key, model in (
                ("signatures", Signature),
                ("amendments", Amendment),
                ("contract_documents", ContractDocument),
                ("situation_reviews", SituationReview),
                ("reminders", Reminder),
            )
        },
        "family_links": [
            record(link)
            for link in FamilyLink.objects.filter(document__contract__youth=youth).order_by("pk")
        ],
        "read_log": [_log_record(row) for row in read_log],
    }


def _log_csv(read_log: list[ReadLog]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Date", "Utilisateur", "Au titre de", "Lecture", "Objet", "Adresse"])
    for row in read_log:
        writer.writerow(
            [
                timezone.localtime(row.at).strftime("%d/%m/%Y %H:%M"),
                csv_text(row.user.get_full_name()) if row.user else "Famille (lien personnel)",
                row.get_role_display(),
                row.get_kind_display(),
                row.object_id or "",
                csv_text(row.path),
            ]
        )
    return out.getvalue()


def _summary_pdf(youth: Youth, read_log: list[ReadLog]) -> bytes:
    contracts = list(
        Contract.objects.filter(youth=youth).select_related("tutor", "solution").order_by("pk")
    )
    return render_pdf(
        "contracts/pdf/youth_data.html",
        {
            "youth": youth,
            "guardians": list(youth.guardians.all()),
            "transitions": list(
                StepTransition.objects.filter(youth=youth).select_related("by").order_by("at")
            ),
            "assessments": list(youth.assessments.select_related("assessor").order_by("pk")),
            "proposals": list(youth.proposals.select_related("solution").order_by("pk")),
            "contracts": contracts,
            "reviews": list(
                SituationReview.objects.filter(contract__youth=youth).order_by("held_on", "pk")
            ),
            "read_log": read_log,
            "generated_at": timezone.localtime(),
        },
    )


def youth_data_archive(youth: Youth) -> bytes:
    """The ZIP of one young person's data (`youth.network` and `establishment` loaded)."""
    read_log = _read_log(youth)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("synthese.pdf", _summary_pdf(youth, read_log))
        archive.writestr(
            "donnees.json",
            json.dumps(youth_records(youth, read_log), ensure_ascii=False, indent=2),
        )
        archive.writestr("journal-des-acces.csv", _log_csv(read_log))
        for document in ContractDocument.objects.filter(contract__youth=youth).order_by("pk"):
            if document.pdf:
                with document.pdf.open("rb") as pdf:
                    archive.writestr(f"contrats/{document_filename(document)}", pdf.read())
    return buffer.getvalue()


def youth_data_filename(youth: Youth) -> str:
    return f"donnees-jeune-{youth.pk}-{timezone.localdate():%Y%m%d}.zip"
