"""Opening, correcting and closing a young person's case."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from foquale.accounts.models import User
from foquale.inputs import TEXT_MAX, clean_text, name_key, normalize_french_phone
from foquale.validators import normalize_ine
from foquale.versioning import bump_version, changes_shown, check_version
from networks.models import Establishment, Network

from ..enums import COMPLETED_OUTCOMES, ContractStatus, Step
from ..models import Contract, Guardian, StepTransition, Youth
from ..reviews.dues import review_dues_close
from .corrections import check_exit_terms
from .steps import step_move, youth_lock

YOUTH_DETAIL_FIELDS = frozenset(
    {
        "sex",
        "ine",
        "address",
        "phone",
        "email",
        "last_establishment",
        "last_class",
        "left_on",
        "highest_level",
    }
)
YOUTH_EDITABLE_FIELDS = YOUTH_DETAIL_FIELDS | {
    "last_name",
    "first_name",
    "birth_date",
    "origin",
    "contacted_on",
    "contact_channel",
}
INE_TAKEN = "Un jeune avec cet INE est déjà suivi."


def _check_fields(fields: dict[str, Any], allowed: frozenset[str] | set[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


YOUTH_TEXTS = {"last_name": 150, "first_name": 150, "last_class": 80, "address": 500}
GUARDIAN_TEXTS = {"last_name": 150, "first_name": 150, "address": 500}


def _clean_person_texts(person: Youth | Guardian, limits: dict[str, int]) -> None:
    """Names on one line, the address on a few; no control character; the phone in its
    French form."""
    for name, limit in limits.items():
        setattr(
            person,
            name,
            clean_text(
                getattr(person, name), field=name, max_length=limit, multiline=name == "address"
            ),
        )
    try:
        person.phone = normalize_french_phone(person.phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None


def _save_youth(youth: Youth) -> None:
    _clean_person_texts(youth, YOUTH_TEXTS)
    youth.set_name_keys()
    youth.ine = normalize_ine(youth.ine)
    if youth.ine and Youth.objects.filter(ine=youth.ine).exclude(pk=youth.pk).exists():
        raise ValidationError({"ine": INE_TAKEN})
    youth.full_clean()
    try:
        with transaction.atomic():
            youth.save()
    except IntegrityError as exc:
        # Two référents typing the same INE at the same moment.
        raise ValidationError({"ine": INE_TAKEN}) from exc


class PossibleDuplicate(ValidationError):
    """The académie already follows a young person of the same names and birth date;
    `candidates` are their ids. Creating anyway needs `confirm_duplicate=True`."""

    def __init__(self, candidates: list[int]):
        super().__init__(DUPLICATE_MESSAGE, code="duplicate")
        self.candidates = candidates


DUPLICATE_MESSAGE = (
    "Un jeune de mêmes nom, prénom et date de naissance est déjà suivi dans l’académie : "
    "vérifiez qu’il ne s’agit pas de la même personne avant d’ouvrir un second dossier."
)


def youth_duplicates(
    *,
    network: Network,
    last_name: str,
    first_name: str,
    birth_date: dt.date,
    exclude: int | None = None,
) -> list[int]:
    """Ids of the académie's files with the same names (accents and case ignored) and
    birth date, but `exclude` (the file being corrected). The caller shows only those the
    user may see."""
    return list(
        Youth.objects.filter(
            network__academy_id=network.academy_id,
            last_name_key=name_key(last_name),
            first_name_key=name_key(first_name),
            birth_date=birth_date,
            anonymised_on__isnull=True,
        )
        .exclude(pk=exclude)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def check_duplicates(youth: Youth, *, confirmed: bool) -> None:
    """At creation, and when a correction changes the names or the birth date: a file of
    the same identity in the académie stops the save (`PossibleDuplicate`) unless the user
    confirmed it is another person."""
    if confirmed:
        return
    candidates = youth_duplicates(
        network=youth.network,
        last_name=youth.last_name,
        first_name=youth.first_name,
        birth_date=youth.birth_date,
        exclude=youth.pk,
    )
    if candidates:
        raise PossibleDuplicate(candidates)


@transaction.atomic
def youth_create(
    *,
    network: Network,
    establishment: Establishment,
    last_name: str,
    first_name: str,
    birth_date: dt.date,
    origin: str,
    contacted_on: dt.date,
    contact_channel: str,
    created_by: User,
    confirm_duplicate: bool = False,
    **details: Any,
) -> Youth:
    """Open a case at the first contact (date and channel), in the contact step. A file
    of the same names and birth date in the académie stops it (`PossibleDuplicate`)
    unless the user confirmed it is another person."""
    _check_fields(details, YOUTH_DETAIL_FIELDS)
    if not network.establishments.filter(pk=establishment.pk).exists():
        raise ValidationError(
            {"establishment": "Cet établissement ne fait pas partie du réseau choisi."}
        )
    youth = Youth(
        network=network,
        establishment=establishment,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        birth_date=birth_date,
        origin=origin,
        contacted_on=contacted_on,
        contact_channel=contact_channel,
        # Opened by hand: received the day it is opened, or on the first contact if it
        # is typed in afterwards (the 15-day clock starts no later than the contact).
        received_on=min(timezone.localdate(), contacted_on),
        step=Step.CONTACT,
        created_by=created_by,
        **details,
    )
    check_duplicates(youth, confirmed=confirm_duplicate)
    _save_youth(youth)
    StepTransition.objects.create(youth=youth, from_step="", to_step=Step.CONTACT, by=created_by)
    return youth


@transaction.atomic
def youth_update(
    *,
    youth: Youth,
    by: User,
    opened_version: int | None = None,
    confirm_duplicate: bool = False,
    **fields: Any,
) -> Youth:
    """Correct what is known of the young person (identity, contact, schooling).

    `opened_version` is the version the edit form was opened on: if someone saved the
    file since, the save is refused and says who changed what (no lost update). Names or
    a birth date changed to those of another file are checked as at creation."""
    _check_fields(fields, YOUTH_EDITABLE_FIELDS)
    locked = youth_lock(youth)
    check_version(locked, opened_version)
    if youth.step == Step.EXITED:
        raise ValidationError("Ce jeune est sorti du parcours : son dossier est clos.")
    for name, value in fields.items():
        setattr(youth, name, value)
    _clean_person_texts(youth, YOUTH_TEXTS)
    youth.ine = normalize_ine(youth.ine)
    identity = (name_key(youth.last_name), name_key(youth.first_name), youth.birth_date)
    if identity != (locked.last_name_key, locked.first_name_key, locked.birth_date):
        check_duplicates(youth, confirmed=confirm_duplicate)
    youth.version = locked.version
    bump_version(youth, by=by, changed=changes_shown(locked, youth, fields))
    _save_youth(youth)
    return youth


@transaction.atomic
def youth_exit(
    *,
    youth: Youth,
    outcome: str,
    exited_on: dt.date,
    by: User,
    reason_code: str = "",
    reason: str = "",
) -> Youth:
    """Close the path (completed, or ended early with a coded reason); an open contract
    ends on the same day. The free-text reason stays in the file only."""
    youth_lock(youth)
    if youth.step == Step.EXITED:
        raise ValidationError("Ce jeune est déjà sorti du parcours.")
    check_exit_terms(youth, outcome, exited_on, reason_code)
    reason = clean_text(reason, field="exit_reason", max_length=TEXT_MAX, multiline=True)
    closing = list(Contract.objects.open().filter(youth=youth))
    Contract.objects.open().filter(youth=youth).update(
        status=ContractStatus.ENDED, ended_on=exited_on, next_review_on=None
    )
    for contract in closing:
        contract.status, contract.ended_on = ContractStatus.ENDED, exited_on
        review_dues_close(contract=contract)
    youth.outcome = outcome
    youth.exit_reason_code = "" if outcome in COMPLETED_OUTCOMES else reason_code
    youth.exit_reason = reason.strip()
    youth.exited_on = exited_on
    youth.save(update_fields=["outcome", "exit_reason_code", "exit_reason", "exited_on"])
    step_move(youth=youth, to=Step.EXITED, by=by)
    return youth
