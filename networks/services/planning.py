"""Writes of the committee's planning: priority objectives, their actions, meetings."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from foquale.accounts.models import User
from foquale.inputs import (
    FOQUALE_START,
    FOQUALE_START_LABEL,
    LONG_TEXT_MAX,
    add_years,
    check_date_window,
    clean_texts,
)
from foquale.schoolyear import current_school_year
from foquale.versioning import versioned_save

from ..corrections import traced
from ..enums import ActionStatus, CorrectedItem, ObjectiveStatus
from ..models import Action, Meeting, Network, Objective
from .common import _check_among, network_people

__all__ = [
    "action_create",
    "action_update",
    "meeting_create",
    "meeting_update",
    "objective_create",
    "objective_update",
]


# --- objectives and actions ---


@transaction.atomic
def objective_create(
    *,
    network: Network,
    school_year: int,
    title: str,
    description: str = "",
    indicator: str = "",
    status: str = ObjectiveStatus.OPEN,
) -> Objective:
    texts = _objective_texts(school_year, title, description, indicator)
    return Objective.objects.create(
        network=network, school_year=school_year, status=status, **texts
    )


@transaction.atomic
def objective_update(
    *,
    objective: Objective,
    school_year: int,
    title: str,
    description: str,
    indicator: str,
    status: str,
    by: User | None = None,
    opened_version: int | None = None,
) -> Objective:
    texts = _objective_texts(school_year, title, description, indicator)
    with traced(objective, CorrectedItem.OBJECTIVE, by):
        versioned_save(
            objective,
            by=by,
            opened_version=opened_version,
            school_year=school_year,
            status=status,
            **texts,
        )
    return objective


def _objective_texts(school_year: int, title: str, description: str, indicator: str) -> dict:
    this_year = current_school_year()
    if not FOQUALE_START.year - 1 <= school_year <= this_year + 1:
        raise ValidationError(
            {
                "school_year": "Un objectif se fixe pour l’année scolaire en cours, la "
                "suivante ou une année passée depuis la création des réseaux FOQUALE."
            }
        )
    texts = clean_texts(
        {"title": title, "description": description, "indicator": indicator},
        multiline={"description"},
    )
    if not texts["title"]:
        raise ValidationError({"title": "Donnez un intitulé à l’objectif."})
    return texts


def _check_owner(network: Network, owner: User | None, current: User | None = None) -> None:
    if owner is None or (current is not None and owner.pk == current.pk):
        return
    _check_among(
        [owner],
        network_people(network),
        "Le pilote de l’action doit être le responsable ou un membre du comité.",
    )


@transaction.atomic
def action_create(
    *,
    objective: Objective,
    title: str,
    description: str = "",
    owner: User | None = None,
    due_on: dt.date | None = None,
    status: str = ActionStatus.PLANNED,
) -> Action:
    _check_owner(objective.network, owner)
    texts = _action_texts(title, description, due_on, status, changed=True)
    return Action.objects.create(
        objective=objective, owner=owner, due_on=due_on, status=status, **texts
    )


@transaction.atomic
def action_update(
    *,
    action: Action,
    title: str,
    description: str,
    owner: User | None,
    due_on: dt.date | None,
    status: str,
    by: User | None = None,
    opened_version: int | None = None,
) -> Action:
    _check_owner(action.objective.network, owner, current=action.owner)
    changed = due_on != action.due_on or status != action.status
    texts = _action_texts(title, description, due_on, status, changed=changed)
    with traced(action, CorrectedItem.ACTION, by):
        versioned_save(
            action,
            by=by,
            opened_version=opened_version,
            owner=owner,
            due_on=due_on,
            status=status,
            **texts,
        )
    return action


ACTION_MAX_YEARS_AHEAD = 5


def _action_texts(
    title: str, description: str, due_on: dt.date | None, status: str, *, changed: bool
) -> dict:
    """The texts cleaned; the due date between the networks' creation and five years
    ahead, and not already past for an action still planned."""
    today = timezone.localdate()
    check_date_window(
        due_on,
        field="due_on",
        label="L’échéance",
        after=FOQUALE_START,
        after_label=FOQUALE_START_LABEL,
        before=add_years(today, ACTION_MAX_YEARS_AHEAD),
        before_label=f"{ACTION_MAX_YEARS_AHEAD} ans à compter d’aujourd’hui",
    )
    if changed and due_on and due_on < today and status == ActionStatus.PLANNED:
        raise ValidationError(
            {
                "due_on": "L’échéance d’une action prévue ne peut pas être passée : "
                "choisissez une nouvelle échéance ou changez l’état de l’action."
            }
        )
    texts = clean_texts({"title": title, "description": description}, multiline={"description"})
    if not texts["title"]:
        raise ValidationError({"title": "Donnez un intitulé à l’action."})
    return texts


# --- meetings ---

NOT_MEMBERS = "Les présents doivent être le responsable ou des membres du comité."


MEETING_MAX_YEARS_AHEAD = 2
MEETING_TEXTS = frozenset({"agenda", "minutes", "decisions"})


def _meeting_fields(held_on: dt.date | None, **texts: str) -> dict:
    """The date between the networks' creation and two years ahead; minutes and decisions
    only once the meeting was held; texts cleaned and bounded."""
    if held_on is None:
        raise ValidationError({"held_on": "Indiquez la date de la réunion."})
    today = timezone.localdate()
    check_date_window(
        held_on,
        field="held_on",
        label="La date de la réunion",
        after=FOQUALE_START,
        after_label=FOQUALE_START_LABEL,
        before=add_years(today, MEETING_MAX_YEARS_AHEAD),
        before_label=f"{MEETING_MAX_YEARS_AHEAD} ans à compter d’aujourd’hui",
    )
    texts = clean_texts(texts, multiline=MEETING_TEXTS, minutes=LONG_TEXT_MAX)
    if not texts["title"]:
        raise ValidationError({"title": "Indiquez l’objet de la réunion."})
    if held_on > today:
        for name, label in (("minutes", "Le compte rendu"), ("decisions", "Les décisions")):
            if texts[name]:
                raise ValidationError(
                    {
                        name: f"{label} ne s’écrit qu’une fois la réunion tenue : elle est "
                        f"prévue le {held_on:%d/%m/%Y}."
                    }
                )
    return {"held_on": held_on, **texts}


@transaction.atomic
def meeting_create(
    *,
    network: Network,
    held_on: dt.date,
    title: str,
    agenda: str = "",
    attendees: Iterable[User] = (),
    minutes: str = "",
    decisions: str = "",
) -> Meeting:
    fields = _meeting_fields(
        held_on, title=title, agenda=agenda, minutes=minutes, decisions=decisions
    )
    attendees = list(attendees)
    _check_among(attendees, network_people(network), NOT_MEMBERS)
    meeting = Meeting.objects.create(network=network, **fields)
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    held_on: dt.date,
    title: str,
    agenda: str,
    attendees: Iterable[User],
    minutes: str,
    decisions: str,
    by: User | None = None,
    opened_version: int | None = None,
) -> Meeting:
    if meeting.cancelled_at is not None:
        raise ValidationError("Cette réunion est annulée : elle ne se modifie plus.")
    fields = _meeting_fields(
        held_on, title=title, agenda=agenda, minutes=minutes, decisions=decisions
    )
    attendees = list(attendees)
    # Someone who has left the committee since stays a valid attendee of a past meeting.
    allowed = network_people(meeting.network, also=Q(pk__in=meeting.attendees.values("pk")))
    _check_among(attendees, allowed, NOT_MEMBERS)
    with traced(meeting, CorrectedItem.MEETING, by):
        versioned_save(meeting, by=by, opened_version=opened_version, **fields)
    meeting.attendees.set(attendees)
    return meeting
