"""Who receives a reminder or a digest: the tutor, the référents who follow the young
person's (network, establishment) (their grants, `networks.perms.referent_emails`), the
network's lead."""

from django.db.models import QuerySet

from networks.models import Network

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
        "youth__network_id",
        "youth__network__id",
        "youth__network__name",
        "youth__network__lead__id",
        "youth__network__lead__email",
        "youth__network__lead__is_active",
    )


def reminder_recipients(
    contract: Contract, kind: ReminderKind, referents: dict[tuple[int, int], list[str]]
) -> list[str]:
    if kind in (ReminderKind.BEFORE, ReminderKind.DUE):
        return [contract.tutor.email] if contract.tutor.is_active else []
    if kind == ReminderKind.LATE_REFERENT:
        return referents.get((contract.youth.network_id, contract.youth.establishment_id), [])
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
