"""Retention: a platform keeps personal data for DATA_RETENTION_YEARS from collection,
and the access log (`audit`) for as long.

Past that, a young person's file is anonymised rather than deleted: every name, contact,
free text and stored PDF goes, while the step, dates, outcome and codes stay, so the
yearly evaluations and dashboards keep their figures. A case still under contract is kept
until the path ends.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import TruncYear
from django.utils import timezone

from audit.services import read_log_purge
from foquale.inputs import name_key

from .enums import Step
from .models import (
    Amendment,
    Assessment,
    Contract,
    ContractAttachment,
    ContractDocument,
    Correction,
    Guardian,
    Proposal,
    Signature,
    SigningInvitation,
    SituationReview,
    Transfer,
    Youth,
)

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
ANONYMOUS = "Anonymisé"


def retention_cutoff(today: dt.date) -> dt.date:
    years = settings.DATA_RETENTION_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def youths_past_retention(today: dt.date):
    return (
        # Kept from collection: the first contact, or the day received while never reached.
        Youth.objects.filter(anonymised_on__isnull=True)
        .filter(
            Q(contacted_on__lt=retention_cutoff(today))
            | Q(contacted_on__isnull=True, received_on__lt=retention_cutoff(today))
        )
        .exclude(step__in=[Step.CONTRACT, Step.ACTIVE])
        .order_by("pk")
    )


@transaction.atomic
def youths_anonymise(*, youth_ids: list[int], today: dt.date) -> int:
    youths = Youth.objects.select_for_update().filter(pk__in=youth_ids, anonymised_on__isnull=True)
    ids = list(youths.values_list("pk", flat=True))
    if not ids:
        return 0
    Youth.objects.filter(pk__in=ids).update(
        # Keep the year of birth only: ages stay countable, the person is not.
        birth_date=TruncYear("birth_date"),
        last_name=ANONYMOUS,
        first_name="",
        last_name_key=name_key(ANONYMOUS),
        first_name_key="",
        ine="",
        address="",
        phone="",
        email="",
        exit_reason="",
        # The last edit's values before → after are the file's data too.
        changed_fields=None,
        anonymised_on=today,
    )
    Guardian.objects.filter(youth_id__in=ids).update(
        last_name=ANONYMOUS, first_name="", phone="", email="", address="", changed_fields=None
    )
    Assessment.objects.filter(youth_id__in=ids).update(findings="", wishes="")
    Proposal.objects.filter(youth_id__in=ids, refusal_reason__gt="").update(
        refusal_reason="Motif effacé (durée de conservation)"
    )
    # The trace of corrections keeps who and when; what the file said goes with the file.
    Correction.objects.filter(youth_id__in=ids).update(
        before={}, after={}, reason="Motif effacé (durée de conservation)"
    )
    Transfer.objects.filter(youth_id__in=ids).update(reason_details="", refusal_details="")
    Contract.objects.filter(youth_id__in=ids).update(
        meaning="",
        schedule="",
        youth_commitments="",
        family_commitments="",
        tutor_commitments="",
        changed_fields=None,
    )
    Amendment.objects.filter(contract__youth_id__in=ids).update(changes="")
    # The proof of online signatures names people: it goes with the rest.
    Signature.objects.filter(contract__youth_id__in=ids).update(
        email="", typed_name="", ip_truncated="", user_agent=""
    )
    SigningInvitation.objects.filter(contract__youth_id__in=ids).delete()
    SituationReview.objects.filter(contract__youth_id__in=ids).update(
        attendance="", progress="", difficulties="", decisions=""
    )
    documents = list(ContractDocument.objects.filter(contract__youth_id__in=ids))
    files = [document.pdf for document in documents if document.pdf]
    ContractDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
    # The scans of the signed papers name the young person too.
    scans = list(ContractAttachment.objects.filter(contract__youth_id__in=ids))
    files += [scan.file for scan in scans if scan.file]
    ContractAttachment.objects.filter(pk__in=[scan.pk for scan in scans]).delete()
    # Files go only once the rows are gone for good.
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
    return len(ids)


def personal_data_purge(*, today: dt.date | None = None) -> int:
    """Anonymise every file past the retention period, in batches, and delete the access
    log's rows of the same age. Idempotent."""
    today = today or timezone.localdate()
    cutoff = dt.datetime.combine(retention_cutoff(today), dt.time.min)
    read_log_purge(before=timezone.make_aware(cutoff))
    total = 0
    while True:
        batch = list(youths_past_retention(today).values_list("pk", flat=True)[:BATCH_SIZE])
        if not batch:
            break
        total += youths_anonymise(youth_ids=batch, today=today)
    logger.info("retention purge anonymised %s file(s)", total)
    return total
