"""The import itself (`list_import_run`, called by the Celery task), in one transaction:
young people placed get their file, shared out to their network; the others wait « à
répartir »; those already known are completed; the refused rows are kept as a CSV."""

import csv
import datetime as dt
import io
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from contracts import services as contract_services
from contracts.enums import Origin
from contracts.models import Youth
from foquale.db import bulk_copy
from foquale.spreadsheets import csv_text
from networks.models import Platform

from ..enums import ImportStatus
from ..models import ListImport, PendingYouth, Sharing
from ..planning import Kind, Plan, RowPlan
from .preparing import list_preview, progress_set

logger = logging.getLogger(__package__)

# The fields an import may fill on a file or a pending row when they are empty: a list
# never overwrites what a référent typed.
FILLABLE = ("sex", "ine", "phone", "email", "address", "last_class", "left_on")
BATCH = 5000


def list_import_run(*, import_id: int, today: dt.date | None = None) -> bool:
    """The task's body: the whole import in one transaction; False if there was nothing
    to do (already done, cancelled, or not queued)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        list_import = (
            ListImport.objects.select_for_update().select_related("platform").get(pk=import_id)
        )
        if list_import.status != ImportStatus.QUEUED:
            return False
        # One import at a time per platform: two lists sharing young people, run at once,
        # would each find them new.
        Platform.objects.select_for_update().filter(pk=list_import.platform_id).first()
        progress_set(import_id, 5)
        plan = list_preview(list_import=list_import, today=today)
        progress_set(import_id, 30)
        by = list_import.uploaded_by
        created = _create_shared(list_import, plan, today, by)
        pending = _create_pending(list_import, plan)
        progress_set(import_id, 80)
        updated = _complete_known(plan)
        list_import.created_count = created + pending
        list_import.shared_count = created
        list_import.pending_count = pending
        list_import.known_count = plan.count(Kind.KNOWN)
        list_import.updated_count = updated
        list_import.refused_count = plan.count(Kind.REFUSED)
        list_import.refused_csv = refused_csv(plan)
        list_import.content = b""  # the file is not kept once imported
        list_import.status = ImportStatus.DONE
        list_import.finished_at = timezone.now()
        list_import.save()
    progress_set(import_id, 100)
    logger.info("list import %s done: %s rows", import_id, len(plan.rows))
    return True


def _youth_of(row: RowPlan, list_import: ListImport, network_id: int, establishment_id: int):
    v = row.values
    return Youth(
        network_id=network_id,
        establishment_id=establishment_id,
        last_name=v["last_name"],
        first_name=v["first_name"],
        birth_date=v["birth_date"],
        sex=v["sex"],
        ine=v["ine"],
        address=v["address"],
        phone=v["phone"],
        email=v["email"],
        origin=Origin.SIEI,
        last_establishment_id=row.establishment_id,
        last_class=v["last_class"],
        left_on=v["left_on"],
    )


def _create_shared(list_import: ListImport, plan: Plan, today: dt.date, by) -> int:
    rows = [row for row in plan.rows if row.kind == Kind.NEW and row.placement]
    total = len(rows)
    for start in range(0, total, BATCH):
        batch = rows[start : start + BATCH]
        youths = contract_services.youths_receive(
            youths=[_youth_of(row, list_import, *row.placement) for row in batch],
            received_on=today,
            by=by,
        )
        bulk_copy(
            Sharing,
            [
                Sharing(
                    list_import=list_import,
                    platform_id=list_import.platform_id,
                    name=row.name,
                    shared_on=today,
                    network_id=row.placement[0],
                    shared_by=by,
                    youth_id=youth.pk,
                )
                for row, youth in zip(batch, youths, strict=True)
            ],
        )
        progress_set(list_import.pk, 30 + 45 * (start + len(batch)) // max(total, 1))
    return total


def _create_pending(list_import: ListImport, plan: Plan) -> int:
    rows = [row for row in plan.rows if row.kind == Kind.NEW and not row.placement]
    bulk_copy(
        PendingYouth,
        [
            PendingYouth(
                list_import=list_import,
                platform_id=list_import.platform_id,
                reason=row.pending_reason,
                line=row.line,
                last_establishment_id=row.establishment_id,
                **{k: v for k, v in row.values.items() if k != "uai"},
            )
            for row in rows
        ],
    )
    return len(rows)


def _fill(obj, row: RowPlan) -> bool:
    changed = False
    for name in FILLABLE:
        value = row.values.get(name)
        if value and not getattr(obj, name):
            setattr(obj, name, value)
            changed = True
    if row.establishment_id and not obj.last_establishment_id:
        obj.last_establishment_id = row.establishment_id
        changed = True
    return changed


def _complete_known(plan: Plan) -> int:
    """Known young people: the list fills what their file leaves empty (an INE only if no
    other file holds it). A list seen twice changes nothing the second time."""
    rows = [row for row in plan.rows if row.kind == Kind.KNOWN]
    updated = 0
    by_youth = {row.youth_id: row for row in rows if row.youth_id}
    by_pending = {row.pending_id: row for row in rows if row.pending_id}
    fields = [*FILLABLE, "last_establishment"]
    ids = list(by_youth)
    for start in range(0, len(ids), BATCH):
        youths = Youth.objects.select_for_update().filter(
            pk__in=ids[start : start + BATCH], anonymised_on__isnull=True
        )
        changed = [
            youth for youth in youths.only("pk", *fields) if _fill(youth, by_youth[youth.pk])
        ]
        for youth in changed:
            youth.version = F("version") + 1
        Youth.objects.bulk_update(changed, [*fields, "version"], batch_size=BATCH)
        updated += len(changed)
    ids = list(by_pending)
    for start in range(0, len(ids), BATCH):
        pendings = PendingYouth.objects.filter(pk__in=ids[start : start + BATCH])
        changed = [p for p in pendings.only("pk", *fields) if _fill(p, by_pending[p.pk])]
        PendingYouth.objects.bulk_update(changed, fields, batch_size=BATCH)
        updated += len(changed)
    return updated


def refused_csv(plan: Plan) -> str:
    """The refused rows and their reasons, as the gestionnaire corrects them (`;`, UTF-8
    with its mark, so that Excel opens the accents right; no cell run as a formula)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Ligne", "Nom", "Motif du refus"])
    for row in plan.rows:
        if row.kind == Kind.REFUSED:
            writer.writerow([row.line, csv_text(row.name), csv_text(" ; ".join(row.reasons))])
    return out.getvalue()
