"""Establishing a contract on an accepted proposal, and correcting it before signature."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from foquale.accounts.models import User
from referents.selectors import tutors_for_network

from ..enums import ProposalDecision, Step
from ..grants import refresh_contract_grants
from ..models import Contract, Proposal, Youth
from .capacity import capacity_check
from .steps import step_move, youth_lock

ONE_OPEN_CONTRACT = "Ce jeune a déjà un contrat en cours."
TUTOR_NOT_IN_NETWORK = (
    "Le tuteur doit être un personnel de l’Éducation nationale membre de l’équipe éducative "
    "d’un établissement du réseau."
)
CONTRACT_TERMS = frozenset(
    {
        "tutor",
        "starts_on",
        "ends_on",
        "meaning",
        "schedule",
        "youth_commitments",
        "family_commitments",
        "tutor_commitments",
        "review_every_weeks",
    }
)


def _check_tutor(youth: Youth, tutor: User) -> None:
    if not tutors_for_network(youth.network).filter(pk=tutor.pk).exists():
        raise ValidationError({"tutor": TUTOR_NOT_IN_NETWORK})


def _check_minor_has_guardian(youth: Youth, day: dt.date) -> None:
    if youth.is_minor_on(day) and not youth.guardians.exists():
        raise ValidationError(
            "Ce jeune est mineur : ajoutez au moins un représentant légal, qui signera le "
            "contrat, avant de l’établir."
        )


def _check_proposal_ready(proposal: Proposal, youth: Youth) -> None:
    """A contract is drawn up once, on an accepted proposal, for a young person at the
    proposal step with no other open contract."""
    proposal.refresh_from_db(fields=["decision"])
    if proposal.decision == ProposalDecision.REFUSED:
        raise ValidationError(
            "Cette proposition a été refusée : un contrat ne s’établit que sur une proposition "
            "acceptée par le jeune."
        )
    if proposal.decision != ProposalDecision.ACCEPTED:
        raise ValidationError(
            "Le jeune n’a pas encore accepté cette proposition : enregistrez sa réponse avant "
            "d’établir le contrat."
        )
    if Contract.objects.open().filter(youth=youth).exists():
        raise ValidationError(ONE_OPEN_CONTRACT)
    if Contract.objects.filter(proposal=proposal).exists():
        raise ValidationError("Un contrat a déjà été établi sur cette proposition.")
    if youth.step != Step.PROPOSAL:
        raise ValidationError("Ce jeune n’est pas à l’étape où un contrat s’établit.")


@transaction.atomic
def contract_create(
    *,
    proposal: Proposal,
    tutor: User,
    starts_on: dt.date,
    ends_on: dt.date,
    meaning: str,
    created_by: User,
    schedule: str = "",
    youth_commitments: str = "",
    family_commitments: str = "",
    tutor_commitments: str = "",
    review_every_weeks: int = 4,
    override_capacity: bool = False,
) -> Contract:
    """Draw up the contract of an accepted proposal; it waits for its signatures. The tutor
    receives the object permission to see it."""
    youth = proposal.youth
    youth_lock(youth)
    _check_proposal_ready(proposal, youth)
    _check_tutor(youth, tutor)
    contract = Contract(
        youth=youth,
        proposal=proposal,
        solution_id=proposal.solution_id,
        tutor=tutor,
        starts_on=starts_on,
        ends_on=ends_on,
        meaning=meaning.strip(),
        schedule=schedule.strip(),
        youth_commitments=youth_commitments.strip(),
        family_commitments=family_commitments.strip(),
        tutor_commitments=tutor_commitments.strip(),
        review_every_weeks=review_every_weeks,
        created_by=created_by,
    )
    contract.full_clean(exclude=["youth", "proposal"])
    _check_minor_has_guardian(youth, starts_on)
    contract.capacity_overridden_by = capacity_check(
        solution_id=proposal.solution_id, youth=youth, by=created_by, override=override_capacity
    )
    try:
        with transaction.atomic():
            contract.save()
    except IntegrityError as exc:
        raise ValidationError(ONE_OPEN_CONTRACT) from exc
    refresh_contract_grants(contract)
    step_move(youth=youth, to=Step.CONTRACT, by=created_by)
    return contract


def contract_lock(contract: Contract) -> Contract:
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    contract.status = locked.status
    return locked


@transaction.atomic
def contract_update(*, contract: Contract, by: User, **terms: Any) -> int:
    """Correct a contract that is not signed yet. Signatures already gathered were given to
    the former text, so they are withdrawn; returns how many."""
    unknown = set(terms) - CONTRACT_TERMS
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    contract_lock(contract)
    if contract.is_frozen:
        raise ValidationError(
            "Ce contrat est signé : il ne se modifie plus. Toute modification passe par un "
            "avenant, signé à son tour par les parties."
        )
    former_tutor = contract.tutor
    if "tutor" in terms and terms["tutor"].pk != former_tutor.pk:
        _check_tutor(contract.youth, terms["tutor"])
    for name, value in terms.items():
        setattr(contract, name, value.strip() if isinstance(value, str) else value)
    contract.full_clean(exclude=["youth", "proposal"])
    contract.save()
    if contract.tutor_id != former_tutor.pk:
        refresh_contract_grants(contract)
    withdrawn, _ = contract.signatures.filter(amendment__isnull=True).delete()
    return withdrawn
