"""Who receives a reminder or a digest: the tutor, the référents of the young person's
establishment, the network's lead. Read from the référents and the networks' leads."""

import datetime as dt
from collections import defaultdict

from django.db.models import QuerySet

from foquale.schoolyear import school_year_of
from networks.models import Network
from referents.models import Referent

from ...models import Contract
from ..enums import ReminderKind


def with_recipients(contracts: QuerySet[Contract]) -> QuerySet[Contract]:
    """What a reminder e-mail needs, in the same query: tutor, youth's name, network lead."""
    return contracts.select_related(
        "tutor", "youth", "youth__network", "youth__network__lead"
    ).only(
        "id",
        "next_review_on",
        "tutor__id",
        "tutor__email",
        "tutor__first_name",
        "tutor__last_name",
        "tutor__is_active",
        "youth__id",
        "youth__first_name",
        "youth__last_name",
        "youth__establishment_id",
        "youth__network__id",
        "youth__network__name",
        "youth__network__lead__id",
        "youth__network__lead__email",
        "youth__network__lead__is_active",
    )


def referent_emails(establishments: set[int], today: dt.date) -> dict[int, list[str]]:
    """The active référents' addresses of each establishment, this school year: one query,
    none when no establishment is given."""
    referents: dict[int, list[str]] = defaultdict(list)
    if establishments:
        for establishment_id, email in Referent.objects.filter(
            establishment_id__in=establishments,
            school_year=school_year_of(today),
            user__is_active=True,
        ).values_list("establishment_id", "user__email"):
            referents[establishment_id].append(email)
    return referents


def reminder_recipients(
    contract: Contract, kind: ReminderKind, referents: dict[int, list[str]]
) -> list[str]:
    if kind in (ReminderKind.BEFORE, ReminderKind.DUE):
        return [contract.tutor.email] if contract.tutor.is_active else []
    if kind == ReminderKind.LATE_REFERENT:
        return referents.get(contract.youth.establishment_id, [])
    lead = contract.youth.network.lead
    return [lead.email] if lead is not None and lead.is_active else []


def digest_networks() -> QuerySet[Network]:
    """The networks whose lead gets a digest, with the lead, in the order of the batches."""
    return (
        Network.objects.filter(lead__isnull=False, lead__is_active=True)
        .select_related("lead")
        .only("id", "name", "lead__id", "lead__email", "lead__first_name", "lead__last_name")
        .order_by("pk")
    )
