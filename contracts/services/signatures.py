"""Signatures of contracts and amendments; a contract becomes active when every required
party has signed, and a signed amendment changes the contract it amends."""

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from foquale.accounts.models import User
from foquale.inputs import TEXT_MAX, add_years, check_date_window, clean_text
from foquale.versioning import bump_version, changes_shown

from ..enums import ContractStatus, SignatoryRole, SignatureMode, Step
from ..models import Amendment, Contract, Guardian, Signature, SigningInvitation
from ..models.contract import terms_digest
from ..reviews.dues import review_dues_plan
from ..signing import signature_state
from .capacity import capacity_check
from .contracts import MAX_CONTRACT_YEARS, contract_lock
from .documents import document_issue
from .steps import check_not_future, step_move, youth_lock

ALREADY_SIGNED = "Cette partie a déjà signé."


def _check_party(contract: Contract, role: str, guardian: Guardian | None, on: dt.date) -> None:
    youth = contract.youth
    if role not in SignatoryRole.values:
        raise ValidationError({"party": "Choisissez qui signe."})
    if role != SignatoryRole.GUARDIAN:
        if guardian is not None:
            raise ValidationError({"party": "Choisissez qui signe."})
        return
    if guardian is None or guardian.youth_id != youth.pk:
        raise ValidationError(
            {
                "party": "Cette personne n’est pas partie au contrat : seuls le tuteur, le jeune et "
                "ses représentants légaux le signent."
            }
        )
    if not youth.is_minor_on(on):
        raise ValidationError(
            {
                "party": f"{guardian.first_name} {guardian.last_name.upper()} n’est pas partie "
                f"au contrat : {youth.first_name} est majeur(e) le {on:%d/%m/%Y}. Les "
                "représentants légaux ne signent que pour un jeune mineur."
            }
        )


def _signing_floor(contract: Contract, amendment: Amendment | None) -> tuple[dt.date | None, str]:
    """Check that the contract, or the amendment, still waits for signatures; returns the
    earliest date a signature may bear and what that date is, in French."""
    if amendment is None:
        if contract.status == ContractStatus.ACTIVE:
            raise ValidationError("Ce contrat est déjà signé par toutes les parties.")
        if contract.status == ContractStatus.ENDED:
            raise ValidationError("Ce contrat est terminé : il ne se signe plus.")
        return contract.proposal.decided_on, "l’acceptation de la proposition"
    if amendment.contract_id != contract.pk:
        raise ValidationError("Cet avenant ne concerne pas ce contrat.")
    if amendment.signed_on is not None:
        raise ValidationError("Cet avenant est déjà signé par toutes les parties.")
    if contract.status != ContractStatus.ACTIVE:
        raise ValidationError("Ce contrat n’est plus en cours : l’avenant ne se signe plus.")
    return contract.activated_on, "la signature du contrat"


def _check_signing(
    mode: str, signed_on: dt.date, floor: tuple[dt.date | None, str], online: bool
) -> None:
    # An online signature is given on the signing page only, with its proof.
    if mode not in SignatureMode.values or (mode == SignatureMode.ONLINE) != online:
        raise ValidationError({"mode": "Choisissez le mode de signature."})
    check_not_future(signed_on, "signed_on", "La date de signature")
    earliest, earliest_label = floor
    if earliest and signed_on < earliest:
        raise ValidationError(
            {"signed_on": f"La signature ne peut précéder {earliest_label} ({earliest:%d/%m/%Y})."}
        )


def _signature_create(
    contract: Contract, amendment: Amendment | None, guardian: Guardian | None, **fields
) -> Signature:
    """One signature per party; the database decides between two recorded at once."""
    signed = Signature.objects.filter(contract=contract, amendment=amendment, role=fields["role"])
    if guardian is not None:
        signed = signed.filter(guardian=guardian)
    if signed.exists():
        raise ValidationError({"party": ALREADY_SIGNED})
    try:
        with transaction.atomic():
            return Signature.objects.create(
                contract=contract, amendment=amendment, guardian=guardian, **fields
            )
    except IntegrityError as exc:
        raise ValidationError({"party": ALREADY_SIGNED}) from exc


@transaction.atomic
def signature_record(
    *,
    contract: Contract,
    role: str,
    signed_on: dt.date,
    mode: str,
    recorded_by: User,
    guardian: Guardian | None = None,
    amendment: Amendment | None = None,
    override_capacity: bool = False,
    seen_sha256: str | None = None,
    proof: dict | None = None,
) -> Signature:
    """Record one party's signature (date and mode, as the référent saw it). The last
    required signature activates the contract, or applies the amendment, and issues the
    signed PDF to the family.

    The contract takes a place of its solution only then: if the solution has become full
    meanwhile, the last signature is refused and nothing is recorded, unless the network
    lead accepted this contract beyond the places (when drawing it up, or now with
    `override_capacity`).

    `seen_sha256` is the digest of the terms shown when the signature page was opened
    (`terms_digest`): if the text changed since, the signature is refused. The signature
    keeps the digest of the text it was given to. `proof`: the facts of an online
    signature (`signed_at`, `email`, `typed_name`, `ip_truncated`, `user_agent`), given by
    `contracts.services.esign` only."""
    locked = contract_lock(contract)
    if amendment is not None:
        amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    digest = terms_digest(locked, amendment)
    if seen_sha256 is not None and seen_sha256 != digest:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: "Le texte du contrat a changé depuis l’ouverture de cette page"
                f"{_changed_by(locked)} : la signature porterait sur un texte que le signataire "
                "n’a pas lu. Rechargez la page, relisez le texte avec lui, puis recommencez."
            },
            code="stale_terms",
        )
    floor = _signing_floor(contract, amendment)
    _check_signing(mode, signed_on, floor, online=proof is not None)
    _check_party(contract, role, guardian, signed_on)
    signature = _signature_create(
        contract,
        amendment,
        guardian,
        role=role,
        signed_on=signed_on,
        mode=mode,
        recorded_by=recorded_by,
        terms_sha256=digest,
        **(proof or {}),
    )
    _party_invitations_close(contract, amendment, role, guardian)
    state = signature_state(contract, amendment)
    if state.complete and amendment is None:
        _activate(contract, state.signing_date, recorded_by, override_capacity)
    elif state.complete:
        _apply_amendment(contract, amendment, state.signing_date, recorded_by)
    return signature


def _party_invitations_close(
    contract: Contract, amendment: Amendment | None, role: str, guardian: Guardian | None
) -> None:
    """A party who signed on paper no longer needs the link sent to them."""
    live = SigningInvitation.objects.filter(
        contract=contract,
        amendment=amendment,
        role=role,
        guardian=guardian,
        used_at__isnull=True,
        revoked_at__isnull=True,
    )
    live.update(revoked_at=timezone.now())


def _changed_by(contract: Contract) -> str:
    if not contract.updated_at:
        return ""
    when = timezone.localtime(contract.updated_at)
    who = contract.updated_by.get_full_name() if contract.updated_by else "une autre personne"
    return f" (modifié par {who} à {when:%H:%M} le {when:%d/%m/%Y})"


def _activate(contract: Contract, signed_on: dt.date, by: User, override_capacity: bool) -> None:
    youth = contract.youth
    youth_lock(youth)
    if contract.capacity_overridden_by_id is None:
        # A contract takes its place now: check the places again, the solution locked.
        contract.capacity_overridden_by = capacity_check(
            solution_id=contract.solution_id,
            youth=youth,
            by=by,
            override=override_capacity,
            activating=True,
        )
    contract.status = ContractStatus.ACTIVE
    contract.activated_on = signed_on
    contract.save(update_fields=["status", "activated_on", "capacity_overridden_by"])
    # Every due date of the calendar, as the signed PDF shows it, is a row from now on.
    review_dues_plan(contract=contract)
    if youth.step == Step.CONTRACT:
        step_move(youth=youth, to=Step.ACTIVE, by=by)
    document_issue(contract=contract)


def _apply_amendment(
    contract: Contract, amendment: Amendment, signed_on: dt.date, by: User
) -> None:
    amendment.signed_on = signed_on
    amendment.save(update_fields=["signed_on"])
    fields = []
    stored = None
    if amendment.new_ends_on or amendment.new_review_every_weeks:
        stored = Contract.objects.only("version", "ends_on", "review_every_weeks").get(
            pk=contract.pk
        )
    if amendment.new_ends_on:
        contract.ends_on = amendment.new_ends_on
        fields.append("ends_on")
    if amendment.new_review_every_weeks:
        contract.review_every_weeks = amendment.new_review_every_weeks
        fields.append("review_every_weeks")
    if stored is not None:
        contract.version = stored.version
        fields += bump_version(contract, by=by, changed=changes_shown(stored, contract, fields))
        contract.save(update_fields=fields)
        # The amended calendar replaces the unheld dates after the amendment; past ones stay.
        review_dues_plan(contract=contract, since=signed_on, amendment=amendment)
    document_issue(contract=contract, amendment=amendment)


@transaction.atomic
def amendment_create(
    *,
    contract: Contract,
    changes: str,
    by: User,
    new_ends_on: dt.date | None = None,
    new_review_every_weeks: int | None = None,
) -> Amendment:
    """Draft an avenant to a signed contract; it changes nothing until every party signs."""
    contract_lock(contract)
    if contract.status == ContractStatus.AWAITING_SIGNATURES:
        raise ValidationError(
            "Ce contrat n’est pas encore signé : corrigez-le directement, sans avenant."
        )
    if contract.status != ContractStatus.ACTIVE:
        raise ValidationError("Ce contrat est terminé : il ne se modifie plus.")
    pending = contract.amendments.filter(signed_on__isnull=True).first()
    if pending is not None:
        raise ValidationError(
            f"L’avenant n° {pending.number} attend encore ses signatures : faites-le signer "
            "avant d’en rédiger un autre."
        )
    changes = clean_text(changes, field="changes", max_length=TEXT_MAX, multiline=True)
    if not changes:
        raise ValidationError({"changes": "Décrivez ce que l’avenant modifie."})
    check_date_window(
        new_ends_on,
        field="new_ends_on",
        label="La nouvelle fin du parcours",
        before=add_years(contract.starts_on, MAX_CONTRACT_YEARS),
        before_label=f"{MAX_CONTRACT_YEARS} ans après le début du parcours",
    )
    if new_ends_on is not None and new_ends_on <= contract.starts_on:
        raise ValidationError(
            {
                "new_ends_on": "La nouvelle fin doit suivre le début du parcours "
                f"({contract.starts_on:%d/%m/%Y})."
            }
        )
    if new_ends_on is not None and new_ends_on < timezone.localdate():
        raise ValidationError({"new_ends_on": "La nouvelle fin ne peut pas être déjà passée."})
    if new_review_every_weeks is not None and not 1 <= new_review_every_weeks <= 26:
        raise ValidationError(
            {"new_review_every_weeks": "Le rythme des bilans va de 1 à 26 semaines."}
        )
    number = (contract.amendments.aggregate(last=Max("number"))["last"] or 0) + 1
    return Amendment.objects.create(
        contract=contract,
        number=number,
        changes=changes,
        new_ends_on=new_ends_on,
        new_review_every_weeks=new_review_every_weeks,
        created_by=by,
    )


def amendment_sign(
    *,
    amendment: Amendment,
    role: str,
    signed_on: dt.date,
    mode: str,
    recorded_by: User,
    guardian: Guardian | None = None,
    seen_sha256: str | None = None,
) -> Signature:
    """One party's signature of an avenant; the last one applies it (see signature_record)."""
    return signature_record(
        contract=amendment.contract,
        amendment=amendment,
        role=role,
        guardian=guardian,
        seen_sha256=seen_sha256,
        signed_on=signed_on,
        mode=mode,
        recorded_by=recorded_by,
    )
