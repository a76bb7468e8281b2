"""Young people received by a network before anyone reached them (« à contacter »): opened
in bulk from a platform's list, reached for the first time, or withdrawn with their list."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from foquale.accounts.models import User
from foquale.db import bulk_copy

from ..enums import ContactChannel, Step
from ..models import StepTransition, Youth
from .steps import check_not_future, require_step, step_move, youth_lock

# Steps from which a list's young people may still be withdrawn with their list.
WITHDRAWABLE_STEPS = (Step.TO_CONTACT, Step.CONTACT)


@transaction.atomic
def youths_receive(*, youths: list[Youth], received_on: dt.date, by: User | None) -> list[Youth]:
    """Open the files of young people a network receives (unsaved `Youth` rows, checked by
    the caller), in the step « à contacter », with their first transition. Bulk writes: a
    list of 50,000 is streamed (COPY on PostgreSQL), not 100,000 statements."""
    for youth in youths:
        youth.set_name_keys()
        youth.step = Step.TO_CONTACT
        youth.received_on = received_on
        youth.contacted_on = None
        youth.contact_channel = ""
        youth.created_by = by
    created = bulk_copy(Youth, youths)
    bulk_copy(
        StepTransition,
        [
            StepTransition(youth_id=youth.pk, from_step="", to_step=Step.TO_CONTACT, by=by)
            for youth in created
        ],
    )
    return created


@transaction.atomic
def youth_record_first_contact(
    *, youth: Youth, contacted_on: dt.date, contact_channel: str, by: User
) -> Youth:
    """The young person « à contacter » is reached: the date and channel of the first
    contact, and the step « contact ». This date ends the 15-day clock."""
    youth_lock(youth)
    require_step(
        youth, Step.TO_CONTACT, message="Le premier contact de ce jeune est déjà enregistré."
    )
    check_not_future(contacted_on, "contacted_on", "La date du contact")
    if contacted_on < youth.received_on:
        raise ValidationError(
            {
                "contacted_on": "Le contact ne peut précéder la réception du jeune par le "
                f"réseau ({youth.received_on:%d/%m/%Y})."
            }
        )
    if contact_channel not in ContactChannel.values:
        raise ValidationError({"contact_channel": "Choisissez le moyen du contact."})
    youth.contacted_on = contacted_on
    youth.contact_channel = contact_channel
    youth.save(update_fields=["contacted_on", "contact_channel"])
    step_move(youth=youth, to=Step.CONTACT, by=by)
    return youth


def youths_withdrawable(youth_ids: Iterable[int]) -> bool:
    """Whether none of these young people has moved past the contact step."""
    return (
        not Youth.objects.filter(pk__in=list(youth_ids))
        .exclude(step__in=WITHDRAWABLE_STEPS)
        .exists()
    )


@transaction.atomic
def youths_withdraw(*, youth_ids: list[int]) -> int:
    """Delete the files a cancelled list opened, while none has moved past the contact
    step (locked first: a bilan recorded at the same moment wins, the cancel is refused)."""
    locked = list(
        Youth.objects.select_for_update().filter(pk__in=youth_ids).values_list("step", flat=True)
    )
    if any(step not in WITHDRAWABLE_STEPS for step in locked):
        raise ValidationError(
            "Un des jeunes de cette liste a dépassé l’étape du contact : la liste ne peut "
            "plus être annulée."
        )
    deleted = 0
    for start in range(0, len(youth_ids), 2000):
        deleted += (
            Youth.objects.filter(pk__in=youth_ids[start : start + 2000])
            .delete()[1]
            .get(Youth._meta.label, 0)
        )
    return deleted
