"""After an import: cancelling it whole, and sharing out the young people left « à
répartir » to a network."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from contracts import services as contract_services
from contracts.enums import Origin
from contracts.models import Youth
from foquale.accounts.models import User
from networks.models import NetworkEstablishment, Platform

from ..enums import ImportStatus
from ..models import ListImport, PendingYouth, Sharing
from .preparing import _require


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
