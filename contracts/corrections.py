"""The trace of corrections (shared by the path's and the reviews' services): a record's
fields as the file shows them, the reason checked, and the log row written."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from foquale.accounts.models import User
from foquale.corrections import changes

from .enums import EXIT_CORRECTION_DAYS, CorrectionAction, Step
from .models import Correction, StepTransition, Youth


def correction_log(
    *,
    youth: Youth,
    target: str,
    object_id: int,
    action: str,
    before: dict,
    after: dict,
    reason: str,
    by: User,
) -> Correction:
    if action == CorrectionAction.CORRECTED:
        before, after = changes(before, after)
        if not after:
            raise ValidationError("Aucune modification : rien n’a été corrigé.")
    return Correction.objects.create(
        youth=youth,
        target=target,
        object_id=object_id,
        action=action,
        before=before,
        after=after,
        reason=reason,
        by=by,
    )


def exit_correction_open(youth: Youth, transition: StepTransition | None) -> bool:
    """An exit recorded in FOQUALE may be corrected or cancelled for 30 days."""
    return (
        youth.step == Step.EXITED
        and transition is not None
        and not youth.anonymised_on
        and timezone.now() <= transition.at + dt.timedelta(days=EXIT_CORRECTION_DAYS)
    )
