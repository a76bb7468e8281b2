"""Writes of the platform's lists: keyword-only `<entity>_<verb>` functions, each atomic.

An import runs in one transaction (`list_import_run`, called by the Celery task): all or
nothing. Its status becomes « importée » in that same transaction, so a worker killed in
the middle leaves the import « en cours » with nothing written, and running it again
(the task is redelivered, or the gestionnaire relaunches it) does the whole of it once.
"""

import csv
import datetime as dt
import io
import logging
from collections import defaultdict

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from contracts import services as contract_services
from contracts.enums import Origin
from contracts.models import Youth
from foquale.accounts.models import User
from foquale.db import bulk_copy
from foquale.spreadsheets import csv_text
from networks.models import NetworkEstablishment, Platform

from .enums import ImportStatus
from .models import ColumnMapping, ListImport, PendingYouth, Sharing
from .planning import Kind, Plan, RowPlan, build_plan, mapping_errors
from .reading import ListFile, guess_mapping, header_key, read_list

logger = logging.getLogger(__name__)

# The fields an import may fill on a file or a pending row when they are empty: a list
# never overwrites what a référent typed.
FILLABLE = ("sex", "ine", "phone", "email", "address", "last_class", "left_on")
BATCH = 5000


def _remembered(platform: Platform) -> dict[str, str]:
    saved = ColumnMapping.objects.filter(platform=platform).values_list("columns", flat=True)
    return next(iter(saved), {}) or {}


def list_upload(*, platform: Platform, name: str, content: bytes, by: User) -> ListImport:
    """Read the file (any refusal raises a French `ListFileError`, nothing saved), then
    keep it with a first guess of its columns' mapping."""
    remembered = _remembered(platform)
    list_file = read_list(name, content, remembered={header_key(h) for h in remembered.values()})
    return ListImport.objects.create(
        platform=platform,
        uploaded_by=by,
        filename=name[:200],
        file_format=list_file.file_format,
        content=content,
        header_line=list_file.header_line,
        headers=list_file.headers,
        row_count=len(list_file.rows),
        mapping=guess_mapping(list_file.headers, remembered),
    )


def _require(list_import: ListImport, *statuses: str, message: str) -> None:
    if list_import.status not in statuses:
        raise ValidationError(message)


@transaction.atomic
def list_mapping_save(*, list_import: ListImport, mapping: dict[str, str], by: User) -> None:
    """The gestionnaire's mapping, checked; remembered as the platform's last one."""
    list_import = ListImport.objects.select_for_update().get(pk=list_import.pk)
    _require(
        list_import,
        ImportStatus.MAPPING,
        ImportStatus.READY,
        message="Cet import est déjà lancé : ses colonnes ne peuvent plus changer.",
    )
    mapping = {target: header for target, header in mapping.items() if header}
    errors = mapping_errors(mapping, list_import.headers)
    if errors:
        raise ValidationError(errors)
    list_import.mapping = mapping
    list_import.status = ImportStatus.READY
    list_import.save(update_fields=["mapping", "status"])
    ColumnMapping.objects.update_or_create(
        platform_id=list_import.platform_id, defaults={"columns": mapping}
    )


def list_file_of(list_import: ListImport) -> ListFile:
    return read_list(list_import.filename, bytes(list_import.content))


def list_preview(*, list_import: ListImport, today: dt.date | None = None) -> Plan:
    """What the import would do now (nothing written)."""
    return build_plan(
        list_file_of(list_import),
        list_import.mapping,
        list_import.platform,
        today or timezone.localdate(),
    )


@transaction.atomic
def list_confirm(*, list_import: ListImport, by: User) -> None:
    """Queue the import (the task runs after commit)."""
    from .tasks import run_list_import

    list_import = ListImport.objects.select_for_update().get(pk=list_import.pk)
    _require(
        list_import,
        ImportStatus.READY,
        ImportStatus.QUEUED,
        message="Cet import n’est pas prêt à être lancé.",
    )
    list_import.status = ImportStatus.QUEUED
    list_import.queued_at = timezone.now()
    list_import.save(update_fields=["status", "queued_at"])
    progress_set(list_import.pk, 0)
    transaction.on_commit(lambda: run_list_import.delay(list_import.pk))


# Progress: outside the import's transaction (which nobody else sees until it commits).


def _progress_key(import_id: int) -> str:
    return f"intake-progress:{import_id}"


def progress_set(import_id: int, percent: int) -> None:
    cache.set(_progress_key(import_id), percent, 3600)


def progress_of(import_id: int) -> int | None:
    return cache.get(_progress_key(import_id))


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


def import_youth_ids(list_import: ListImport) -> list[int]:
    return list(
        Sharing.objects.filter(list_import=list_import, youth__isnull=False).values_list(
            "youth_id", flat=True
        )
    )


def list_cancellable(list_import: ListImport) -> bool:
    if list_import.status == ImportStatus.DONE:
        return contract_services.youths_withdrawable(import_youth_ids(list_import))
    return list_import.status in (ImportStatus.MAPPING, ImportStatus.READY)


@transaction.atomic
def list_cancel(*, list_import: ListImport, by: User) -> int:
    """Cancel a whole import while none of its young people moved past the contact step:
    the files it opened (shared out at the import or later), its pending rows and its
    history go. Known files it completed keep what was added. Returns the files deleted."""
    list_import = ListImport.objects.select_for_update().get(pk=list_import.pk)
    _require(
        list_import,
        ImportStatus.MAPPING,
        ImportStatus.READY,
        ImportStatus.DONE,
        message="Cet import ne peut pas être annulé dans son état actuel.",
    )
    deleted = contract_services.youths_withdraw(youth_ids=import_youth_ids(list_import))
    list_import.pending.all().delete()
    list_import.sharings.all().delete()
    list_import.status = ImportStatus.CANCELLED
    list_import.cancelled_at = timezone.now()
    list_import.cancelled_by = by
    list_import.content = b""
    list_import.refused_csv = ""
    list_import.save()
    return deleted


@transaction.atomic
def pending_share(
    *, platform: Platform, pending_ids: list[int], membership: NetworkEstablishment, by: User
) -> int:
    """Give young people « à répartir » to a network (the establishment whose référent
    follows them): their files open « à contacter », received today; the platform keeps
    the name, the day and the network."""
    if membership.network.platform_id != platform.pk:
        raise ValidationError({"membership": "Choisissez un réseau de la plateforme."})
    pendings = list(
        PendingYouth.objects.select_for_update()
        .filter(platform=platform, pk__in=pending_ids)
        .order_by("pk")
    )
    if not pendings:
        raise ValidationError({"pending": "Cochez au moins un jeune à répartir."})
    ine_taken = set(
        Youth.objects.filter(ine__in=[p.ine for p in pendings if p.ine]).values_list(
            "ine", flat=True
        )
    )
    today = timezone.localdate()
    youths = contract_services.youths_receive(
        youths=[
            Youth(
                network_id=membership.network_id,
                establishment_id=membership.establishment_id,
                last_name=p.last_name,
                first_name=p.first_name,
                birth_date=p.birth_date,
                sex=p.sex,
                ine="" if p.ine in ine_taken else p.ine,
                address=p.address,
                phone=p.phone,
                email=p.email,
                origin=Origin.SIEI,
                last_establishment_id=p.last_establishment_id,
                last_class=p.last_class,
                left_on=p.left_on,
            )
            for p in pendings
        ],
        received_on=today,
        by=by,
    )
    Sharing.objects.bulk_create(
        Sharing(
            list_import_id=p.list_import_id,
            platform=platform,
            name=str(p),
            shared_on=today,
            network_id=membership.network_id,
            shared_by=by,
            youth_id=youth.pk,
        )
        for p, youth in zip(pendings, youths, strict=True)
    )
    PendingYouth.objects.filter(pk__in=[p.pk for p in pendings]).delete()
    counts: dict[int, int] = defaultdict(int)
    for p in pendings:
        counts[p.list_import_id] += 1
    for import_id, n in counts.items():
        ListImport.objects.filter(pk=import_id).update(
            pending_count=F("pending_count") - n, shared_count=F("shared_count") + n
        )
    return len(pendings)
