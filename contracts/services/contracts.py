"""Establishing a contract on an accepted proposal, and correcting it before signature."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from foquale.accounts.models import User
from foquale.inputs import add_years, check_date_window, clean_texts
from foquale.versioning import bump_version, changes_shown, check_version
from referents.selectors import tutors_for_network

from ..enums import ProposalDecision, Step
from ..grants import refresh_contract_grants
from ..models import Contract, Proposal, Youth
from .capacity import capacity_check
from .invitations import invitations_withdraw
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


MAX_CONTRACT_YEARS = 3
MAX_START_AHEAD_DAYS = 365  # a school year
CONTRACT_TEXTS = frozenset(
    {"meaning", "schedule", "youth_commitments", "family_commitments", "tutor_commitments"}
)


def check_contract_period(youth: Youth, starts_on: dt.date, ends_on: dt.date) -> None:
    """The path starts after the first contact and within a school year from today; it
    ends after it starts, at most three years later."""
    today = timezone.localdate()
    check_date_window(
        starts_on,
        field="starts_on",
        label="Le début du parcours",
        after=youth.contacted_on,
        after_label="le premier contact",
        before=today + dt.timedelta(days=MAX_START_AHEAD_DAYS),
        before_label="une année scolaire à compter d’aujourd’hui",
    )
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": "La fin du parcours doit suivre son début."})
    check_date_window(
        ends_on,
        field="ends_on",
        label="La fin du parcours",
        before=add_years(starts_on, MAX_CONTRACT_YEARS),
        before_label=f"{MAX_CONTRACT_YEARS} ans après son début",
    )


def clean_contract_texts(terms: dict[str, Any]) -> dict[str, Any]:
    texts = {name: terms[name] for name in CONTRACT_TEXTS if name in terms}
    return {**terms, **clean_texts(texts, multiline=CONTRACT_TEXTS)}


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
    texts = clean_contract_texts(
        {
            "meaning": meaning,
            "schedule": schedule,
            "youth_commitments": youth_commitments,
            "family_commitments": family_commitments,
            "tutor_commitments": tutor_commitments,
        }
    )
    if not texts["meaning"]:
        raise ValidationError({"meaning": "Indiquez le sens du parcours et ses objectifs."})
    check_contract_period(youth, starts_on, ends_on)
    contract = Contract(
        youth=youth,
        proposal=proposal,
        solution_id=proposal.solution_id,
        tutor=tutor,
        starts_on=starts_on,
        ends_on=ends_on,
        review_every_weeks=review_every_weeks,
        created_by=created_by,
        **texts,
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
def contract_update(
    *, contract: Contract, by: User, opened_version: int | None = None, **terms: Any
) -> int:
    """Correct a contract that is not signed yet. Signatures already gathered were given to
    the former text, so they are withdrawn; returns how many."""
    unknown = set(terms) - CONTRACT_TERMS
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    locked = contract_lock(contract)
    check_version(locked, opened_version)
    if contract.is_frozen:
        raise ValidationError(
            "Ce contrat est signé : il ne se modifie plus. Toute modification passe par un "
            "avenant, signé à son tour par les parties."
        )
    former_tutor = contract.tutor
    if "tutor" in terms and terms["tutor"].pk != former_tutor.pk:
        _check_tutor(contract.youth, terms["tutor"])
    terms = clean_contract_texts(terms)
    if "meaning" in terms and not terms["meaning"]:
        raise ValidationError({"meaning": "Indiquez le sens du parcours et ses objectifs."})
    for name, value in terms.items():
        setattr(contract, name, value)
    check_contract_period(contract.youth, contract.starts_on, contract.ends_on)
    contract.full_clean(exclude=["youth", "proposal"])
    contract.version = locked.version
    bump_version(contract, by=by, changed=changes_shown(locked, contract, terms))
    contract.save()
    if contract.tutor_id != former_tutor.pk:
        refresh_contract_grants(contract)
    withdrawn, _ = contract.signatures.filter(amendment__isnull=True).delete()
    invitations_withdraw(contract=contract, by=by)
    return withdrawn
