"""Corrections of a network's governance records with a trace: every edit of a meeting, an
objective or an action keeps who, when, before and after; a cancellation also why. The
lead (`perms.can_edit_network`) is the one who edits them; the views check it."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from foquale.accounts.models import User
from foquale.corrections import CorrectionAction, changes, check_reason, snapshot

from .enums import ActionStatus, CorrectedItem, ObjectiveStatus
from .models import Action, GovernanceCorrection, Meeting, Objective

TRACED_FIELDS = {
    CorrectedItem.MEETING: ("held_on", "title", "agenda", "minutes", "decisions"),
    CorrectedItem.OBJECTIVE: ("school_year", "title", "description", "indicator", "status"),
    CorrectedItem.ACTION: ("title", "description", "owner", "due_on", "status"),
}


def _network_id(item: models.Model) -> int:
    return item.objective.network_id if isinstance(item, Action) else item.network_id


@contextmanager
def traced(item: models.Model, target: str, by: User | None, reason: str = "") -> Iterator[None]:
    """Record what the edit inside the block changed on `item` (nothing if nothing did)."""
    fields = TRACED_FIELDS[target]
    before = snapshot(item, fields)
    yield
    before, after = changes(before, snapshot(item, fields))
    if after:
        GovernanceCorrection.objects.create(
            network_id=_network_id(item),
            target=target,
            object_id=item.pk,
            action=CorrectionAction.CORRECTED,
            before=before,
            after=after,
            reason=check_reason(reason, required=False),
            by=by,
        )


def _cancelled(item: models.Model, target: str, by: User, reason: str, before: dict) -> None:
    GovernanceCorrection.objects.create(
        network_id=_network_id(item),
        target=target,
        object_id=item.pk,
        action=CorrectionAction.CANCELLED,
        before=before,
        after={},
        reason=reason,
        by=by,
    )


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, reason: str) -> Meeting:
    """A meeting recorded by mistake, or that did not take place: it stays listed, marked
    cancelled, and no report counts it."""
    reason = check_reason(reason)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.cancelled_at is not None:
        raise ValidationError("Cette réunion est déjà annulée.")
    locked.cancelled_at = meeting.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at"])
    _cancelled(locked, CorrectedItem.MEETING, by, reason, snapshot(locked, ("held_on", "title")))
    return meeting


@transaction.atomic
def objective_cancel(*, objective: Objective, by: User, reason: str) -> Objective:
    """An objective recorded by mistake: marked « annulé », with its actions still open."""
    reason = check_reason(reason)
    locked = Objective.objects.select_for_update().get(pk=objective.pk)
    if locked.status == ObjectiveStatus.CANCELLED:
        raise ValidationError("Cet objectif est déjà annulé.")
    before = snapshot(locked, ("title", "status"))
    locked.status = objective.status = ObjectiveStatus.CANCELLED
    locked.save(update_fields=["status"])
    locked.actions.exclude(status=ActionStatus.DONE).update(status=ActionStatus.CANCELLED)
    _cancelled(locked, CorrectedItem.OBJECTIVE, by, reason, before)
    return objective


@transaction.atomic
def action_cancel(*, action: Action, by: User, reason: str) -> Action:
    reason = check_reason(reason)
    locked = Action.objects.select_for_update().select_related("objective").get(pk=action.pk)
    if locked.status == ActionStatus.CANCELLED:
        raise ValidationError("Cette action est déjà annulée.")
    before = snapshot(locked, ("title", "status"))
    locked.status = action.status = ActionStatus.CANCELLED
    locked.save(update_fields=["status"])
    _cancelled(locked, CorrectedItem.ACTION, by, reason, before)
    return action
