"""Before an import runs: the file read and kept, its columns mapped (and remembered for
the platform), the preview of what it would do, and its queueing. The import's progress,
read by the page that waits for it, is kept here too."""

import datetime as dt

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from foquale.accounts.models import User
from networks.models import Platform

from ..enums import ImportStatus
from ..models import ColumnMapping, ListImport
from ..planning import Plan, build_plan, mapping_errors
from ..reading import ListFile, guess_mapping, header_key, read_list


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
    from ..tasks import run_list_import

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
