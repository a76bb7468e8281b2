"""A young person's legal guardians: added, corrected (versioned), removed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from foquale.accounts.models import User
from foquale.versioning import bump_version, changes_shown, check_version

from ..enums import Step
from ..models import Guardian, Youth
from .steps import youth_lock
from .youths import GUARDIAN_TEXTS, _clean_person_texts

CLOSED = "Ce jeune est sorti du parcours : son dossier est clos."
GUARDIAN_CONTACT_FIELDS = frozenset({"phone", "email", "address"})
GUARDIAN_FIELDS = GUARDIAN_CONTACT_FIELDS | {"last_name", "first_name", "link"}


@transaction.atomic
def guardian_add(
    *,
    youth: Youth,
    last_name: str,
    first_name: str,
    link: str,
    by: User,
    phone: str = "",
    email: str = "",
    address: str = "",
) -> Guardian:
    youth_lock(youth)
    if youth.step == Step.EXITED:
        raise ValidationError(CLOSED)
    guardian = Guardian(
        youth=youth,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        link=link,
        phone=phone,
        email=email,
        address=address,
    )
    _clean_person_texts(guardian, GUARDIAN_TEXTS)
    guardian.full_clean()
    guardian.save()
    return guardian


@transaction.atomic
def guardian_update(
    *, guardian: Guardian, by: User, opened_version: int | None = None, **fields: Any
) -> Guardian:
    """Correct a guardian's identity or contact details. Over a version saved since the
    form was opened, refused with who changed what; a guardian who signed keeps the name
    and the link they signed under."""
    unknown = set(fields) - GUARDIAN_FIELDS
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    youth_lock(guardian.youth)
    locked = Guardian.objects.select_for_update().get(pk=guardian.pk)
    check_version(locked, opened_version)
    if guardian.youth.step == Step.EXITED:
        raise ValidationError(CLOSED)
    for name, value in fields.items():
        setattr(guardian, name, value)
    _clean_person_texts(guardian, GUARDIAN_TEXTS)
    guardian.full_clean()
    changed = changes_shown(locked, guardian, fields)
    if set(changed) - GUARDIAN_CONTACT_FIELDS and guardian.signatures.exists():
        raise ValidationError(
            "Ce représentant légal a signé un contrat ou un avenant sous ces nom et lien : "
            "seules ses coordonnées se corrigent."
        )
    guardian.version = locked.version
    bump_version(guardian, by=by, changed=changed)
    guardian.save()
    return guardian


@transaction.atomic
def guardian_remove(*, guardian: Guardian, by: User) -> None:
    if guardian.signatures.exists():
        raise ValidationError(
            "Ce représentant légal a signé un contrat ou un avenant : il reste au dossier."
        )
    guardian.delete()
