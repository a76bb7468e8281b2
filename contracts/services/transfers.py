"""A young person's transfer to another network of the académie.

The lead of the network that follows the young person asks (`transfer_request`), the
receiving network's lead accepts (`transfer_accept`: the youth's network and référent's
establishment change at once) or refuses (`transfer_refuse`), the requester may cancel
while it waits (`transfer_cancel`). Access follows the youth's `network` and
`establishment` columns, which every case scope reads live (`contracts.perms.CaseScope`):
nothing to refresh, no cached scope to bump. Who may act is checked by the views
(`contracts.perms`); these functions check the business rules.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from foquale.accounts.models import User
from foquale.inputs import TEXT_MAX, clean_text
from foquale.outbox.services import email_queue
from foquale.versioning import bump_version, changes_shown
from networks.models import Establishment, Network, NetworkEstablishment

from ..enums import ProposalDecision, TransferStatus
from ..models import Transfer, Youth
from ..reviews.services.common import youth_short_name
from .steps import STEPS_BEFORE_CONTRACT, youth_lock

TRANSFER_PENDING = "Un transfert de ce jeune attend déjà la réponse d’un réseau."
NOT_PENDING = "Ce transfert n’attend plus de réponse : il a déjà été accepté, refusé ou annulé."


def transferable_problem(youth: Youth) -> str:
    """Why this young person cannot be transferred now ('' when they can). A contract
    (in signature or running) binds a tutor of the network: it is ended (exit) first; a
    proposal waiting for an answer names a solution of the network: it is answered first."""
    if youth.step not in STEPS_BEFORE_CONTRACT:
        return (
            "Seul un jeune sans contrat peut être transféré (étapes contact, bilan, "
            "proposition) : ce dossier est à l’étape « " + youth.get_step_display() + " »."
        )
    if youth.proposals.filter(decision=ProposalDecision.PENDING).exists():
        return (
            "Une proposition attend la réponse du jeune : enregistrez sa réponse avant "
            "de demander le transfert."
        )
    return ""


def transfer_targets(youth: Youth):
    """The networks a young person may go to: the other networks of their académie that
    have a lead to answer."""
    return (
        Network.objects.filter(academy_id=youth.network.academy_id, lead__isnull=False)
        .exclude(pk=youth.network_id)
        .select_related("platform")
        .order_by("platform__name", "name")
    )


@transaction.atomic
def transfer_request(
    *, youth: Youth, to_network: Network, reason_code: str, reason_details: str, by: User
) -> Transfer:
    locked = youth_lock(youth)
    problem = transferable_problem(locked)
    if problem:
        raise ValidationError(problem, code="not_transferable")
    if not transfer_targets(locked).filter(pk=to_network.pk).exists():
        raise ValidationError(
            {
                "to_network": "Choisissez un autre réseau de l’académie du jeune, "
                "qui a un responsable de réseau."
            }
        )
    details = clean_text(
        reason_details, field="reason_details", max_length=TEXT_MAX, multiline=True
    )
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                youth=locked,
                from_network_id=locked.network_id,
                to_network=to_network,
                reason_code=reason_code,
                reason_details=details,
                requested_by=by,
            )
    except IntegrityError:
        raise ValidationError(TRANSFER_PENDING, code="pending") from None
    _mail_receiving_lead(transfer, to_network)
    return transfer


def _mail_receiving_lead(transfer: Transfer, to_network: Network) -> None:
    """The receiving lead is told by e-mail (no name of the young person leaves the site)."""
    lead = to_network.lead
    if lead is None or not lead.is_active:
        return
    email_queue(
        kind="transfer_requested",
        to=[lead.email],
        template="contracts/emails/transfer_requested",
        context={
            "from_network": transfer.from_network.name,
            "to_network": to_network.name,
            "reason": transfer.get_reason_code_display(),
            "decide_url": settings.SITE_URL + transfer_decide_path(transfer),
        },
        dedupe_key=f"transfer-requested:{transfer.pk}",
    )


def transfer_decide_path(transfer: Transfer) -> str:
    return reverse("contracts:transfer_decide", args=[transfer.pk])


def _lock_pending(transfer: Transfer) -> Transfer:
    locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.status != TransferStatus.PENDING:
        raise ValidationError(NOT_PENDING, code="not_pending")
    return locked


def _close(transfer: Transfer, status: str, by: User, **fields) -> Transfer:
    transfer.status = status
    transfer.decided_by = by
    transfer.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(transfer, name, value)
    transfer.full_clean()
    transfer.save()
    return transfer


def _mail_requester(transfer: Transfer) -> None:
    """The requester learns the answer (after an acceptance, the file is out of their
    sight): the young person named as the reminders name them, « Léa M. »."""
    requester = transfer.requested_by
    if requester is None or not requester.is_active:
        return
    youth = transfer.youth
    email_queue(
        kind="transfer_decided",
        to=[requester.email],
        template="contracts/emails/transfer_decided",
        context={
            "youth_name": youth_short_name(youth.first_name, youth.last_name),
            "requested_on": timezone.localtime(transfer.requested_at).date(),
            "to_network": transfer.to_network.name,
            "accepted": transfer.status == TransferStatus.ACCEPTED,
            "refusal": transfer.get_refusal_code_display() if transfer.refusal_code else "",
        },
        dedupe_key=f"transfer-decided:{transfer.pk}",
    )


@transaction.atomic
def transfer_cancel(*, transfer: Transfer, by: User) -> Transfer:
    locked = _lock_pending(transfer)
    return _close(locked, TransferStatus.CANCELLED, by)


@transaction.atomic
def transfer_refuse(
    *, transfer: Transfer, refusal_code: str, refusal_details: str, by: User
) -> Transfer:
    locked = _lock_pending(transfer)
    if not refusal_code:
        raise ValidationError({"refusal_code": "Indiquez le motif du refus."})
    details = clean_text(
        refusal_details, field="refusal_details", max_length=TEXT_MAX, multiline=True
    )
    refused = _close(
        locked,
        TransferStatus.REFUSED,
        by,
        refusal_code=refusal_code,
        refusal_details=details,
    )
    _mail_requester(refused)
    return refused


@transaction.atomic
def transfer_accept(*, transfer: Transfer, establishment: Establishment, by: User) -> Transfer:
    """The young person joins the receiving network at once, followed by the référents of
    the establishment the receiving lead chose among the network's members."""
    youth = youth_lock(transfer.youth)
    locked = _lock_pending(transfer)
    if youth.network_id != locked.from_network_id:
        raise ValidationError(
            "Le jeune a changé de réseau depuis la demande : ce transfert ne peut plus "
            "être accepté.",
            code="moved",
        )
    problem = transferable_problem(youth)
    if problem:
        raise ValidationError(problem, code="not_transferable")
    if not NetworkEstablishment.objects.filter(
        network_id=locked.to_network_id, establishment=establishment
    ).exists():
        raise ValidationError(
            {"establishment": "Choisissez un établissement membre du réseau d’accueil."}
        )
    before = Youth.objects.select_related("network", "establishment").get(pk=youth.pk)
    youth.network_id = locked.to_network_id
    youth.establishment = establishment
    moved = ["network", "establishment"]
    changed = bump_version(youth, by=by, changed=changes_shown(before, youth, moved))
    youth.save(update_fields=["network", "establishment", *changed])
    locked.youth = youth
    accepted = _close(locked, TransferStatus.ACCEPTED, by, establishment=establishment)
    _mail_requester(accepted)
    return accepted
