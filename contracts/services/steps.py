"""The transition log: every change of a young person's step goes through here."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from foquale.accounts.models import User

from ..enums import Step
from ..models import StepTransition, Youth


def youth_lock(youth: Youth) -> Youth:
    """Reload the young person's row under a lock, so that two people acting on the same
    case at once run one after the other and each sees the other's step."""
    locked = Youth.objects.select_for_update().get(pk=youth.pk)
    youth.step = locked.step
    return locked


def step_move(*, youth: Youth, to: str, by: User | None) -> StepTransition:
    transition = StepTransition.objects.create(youth=youth, from_step=youth.step, to_step=to, by=by)
    youth.step = to
    youth.save(update_fields=["step"])
    return transition


def require_step(youth: Youth, *steps: str, message: str) -> None:
    if youth.step not in steps:
        raise ValidationError(message, code="wrong_step")


def check_not_future(day, field: str, label: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: f"{label} ne peut pas être dans le futur."})


STEPS_BEFORE_CONTRACT = (Step.CONTACT, Step.ASSESSMENT, Step.PROPOSAL)
