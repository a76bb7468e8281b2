"""The sections of the « À faire » page: for each, `items` (the objects in the user's
sight, most urgent first: one query) and `lines` (the rows drawn from them, no query)."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from ..enums import ContractStatus, ProposalDecision, Step, TransferStatus
from ..models import Contract, Guardian, Proposal, Signature, Transfer, Youth
from ..reviews.schedule import late_contracts, late_on
from ..reviews.services.expired import past_end_contracts
from ..signing import signature_state
from .base import Line, TodoContext


def name(youth: Youth) -> str:
    return f"{youth.last_name.upper()} {youth.first_name}"


def _days(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    return "aujourd’hui" if days <= 0 else f"depuis {days} jour{'s' if days > 1 else ''}"


# Bilans to hold: the young people at the contact step. Recording the bilan moves them to
# the bilan step, and cancelling a youth's only bilan moves them back
# (`services.assessment_record`, `assessment_cancel`): the step says it, no other read.


def bilans_items(ctx: TodoContext) -> QuerySet:
    return (
        ctx.scope.youths()
        .filter(step=Step.CONTACT)
        .select_related("establishment")
        .order_by("contacted_on", "pk")
    )


def bilans_lines(ctx: TodoContext, youths: list[Youth]) -> list[Line]:
    return [
        Line(
            name=name(youth),
            details=f"Contacté le {youth.contacted_on:%d/%m/%Y} ({youth.establishment.name})",
            url=reverse("contracts:assessment_create", args=[youth.pk]),
            action="Enregistrer le bilan",
            on=youth.contacted_on,
        )
        for youth in youths
    ]


# Proposals waiting for the young person's answer: recorded by who runs the case, while
# the young person is at the proposal step (`services.proposal_decide`).


def proposals_items(ctx: TodoContext) -> QuerySet:
    return (
        ctx.scope.managed_proposals()
        .filter(decision=ProposalDecision.PENDING, youth__step=Step.PROPOSAL)
        .select_related("youth", "solution")
        .order_by("proposed_on", "pk")
    )


def proposals_lines(ctx: TodoContext, proposals: list[Proposal]) -> list[Line]:
    return [
        Line(
            name=name(proposal.youth),
            details=f"« {proposal} », proposée le {proposal.proposed_on:%d/%m/%Y} "
            f"({_days(proposal.proposed_on, ctx.today)})",
            url=reverse("contracts:proposal_decide", args=[proposal.youth_id, proposal.pk]),
            action="Enregistrer la réponse",
            on=proposal.proposed_on,
        )
        for proposal in proposals
    ]


# Contracts waiting for signatures, with the parties still missing.


def signatures_items(ctx: TodoContext) -> QuerySet:
    return (
        ctx.scope.managed_contracts()
        .filter(status=ContractStatus.AWAITING_SIGNATURES)
        .select_related("youth", "tutor")
        .order_by("created_at", "pk")
    )


SIGNATURES_PREFETCH = (
    Prefetch("youth__guardians", queryset=Guardian.objects.order_by("id")),
    Prefetch(
        "signatures",
        queryset=Signature.objects.filter(amendment__isnull=True),
        to_attr="contract_signatures",
    ),
)


def signatures_lines(ctx: TodoContext, contracts: list[Contract]) -> list[Line]:
    lines = []
    for contract in contracts:
        state = signature_state(
            contract,
            guardians=list(contract.youth.guardians.all()),
            signatures=contract.contract_signatures,
        )
        missing = [party.label for party, signature in state.parties if signature is None]
        if state.missing_guardian:
            missing.append("représentant légal (à ajouter au dossier)")
        created = timezone.localdate(contract.created_at)
        lines.append(
            Line(
                name=name(contract.youth),
                details=f"{contract} : manque la signature de : {', '.join(missing) or '—'}",
                url=reverse("contracts:signature_create", args=[contract.pk]),
                action="Enregistrer une signature",
                on=created,
            )
        )
    return lines


# Late situation reviews (the reminders' rule), read by the lead and the référent.


def late_items(ctx: TodoContext) -> QuerySet:
    return (
        (late_contracts(ctx.today) & ctx.scope.managed_contracts())
        .select_related("youth", "tutor")
        .order_by("next_review_on", "pk")
    )


def late_lines(ctx: TodoContext, contracts: list[Contract]) -> list[Line]:
    return [
        Line(
            name=name(contract.youth),
            details=f"Bilan de situation attendu le {contract.next_review_on:%d/%m/%Y}, en "
            f"retard depuis le {late_on(contract.next_review_on):%d/%m/%Y} (tuteur : "
            f"{contract.tutor.get_full_name()})",
            url=reverse("contracts:contract_detail", args=[contract.pk]),
            action="Voir le contrat",
            on=contract.next_review_on,
            urgent=True,
        )
        for contract in contracts
    ]


# Contracts past their planned end, neither closed nor extended (« contrat échu »).


def expired_items(ctx: TodoContext) -> QuerySet:
    return (
        (past_end_contracts(ctx.today) & ctx.scope.managed_contracts())
        .select_related("youth")
        .order_by("ends_on", "pk")
    )


def expired_lines(ctx: TodoContext, contracts: list[Contract]) -> list[Line]:
    return [
        Line(
            name=name(contract.youth),
            details=f"{contract} : fin prévue le {contract.ends_on:%d/%m/%Y}, ni sortie ni "
            "avenant enregistré",
            url=reverse("contracts:youth_exit", args=[contract.youth_id]),
            action="Enregistrer la sortie",
            on=contract.ends_on,
            urgent=True,
        )
        for contract in contracts
    ]


# Transfers asked to a network the user leads.


def transfers_items(ctx: TodoContext) -> QuerySet:
    transfers = ctx.scope.transfers_to_decide().filter(status=TransferStatus.PENDING)
    return transfers.select_related("youth", "from_network").order_by("requested_at", "pk")


def transfers_lines(ctx: TodoContext, transfers: list[Transfer]) -> list[Line]:
    return [
        Line(
            name=name(transfer.youth),
            details=f"Demandé par le réseau {transfer.from_network.name} le "
            f"{timezone.localtime(transfer.requested_at):%d/%m/%Y} : "
            f"{transfer.get_reason_code_display()}",
            url=reverse("contracts:transfer_decide", args=[transfer.pk]),
            action="Accepter ou refuser",
            on=timezone.localdate(transfer.requested_at),
        )
        for transfer in transfers
    ]
