"""Writes for the networks app: the lead, committee seats, objectives, actions, meetings.

Every membership change refreshes the person's grants in the same transaction, so an
access never outlives a role. Bad input raises `ValidationError` with a French message
before anything is written (or rolls the transaction back); views show it as a form error.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from foquale.accounts.models import User

from .corrections import traced
from .enums import (
    SEAT_ESTABLISHMENT_KINDS,
    SINGLE_SEATS,
    ActionStatus,
    CorrectedItem,
    ObjectiveStatus,
    SeatRole,
)
from .grants import refresh_user_grants
from .models import (
    Academy,
    Action,
    CommitteeSeat,
    Establishment,
    Meeting,
    Network,
    Objective,
    PlatformCoordinator,
    SteeringMember,
)
from .models.governance import represented_kind_error

logger = logging.getLogger(__name__)
M = TypeVar("M", bound=Model)

SEAT_TAKEN = "Ce siège a déjà un titulaire."
OTHER_ACADEMY = (
    "Cette personne exerce déjà un rôle dans une autre académie (responsable de réseau, "
    "membre de comité, IEN-IO ou comité de pilotage) : elle ne peut pas être nommée ici."
)
FUTURE_DATE = "La date ne peut pas être postérieure à aujourd’hui."


# --- reads used by the writes below (and by the forms that offer the same choices) ---


def holds_role_in_other_academy(user: User, academy_id: int) -> bool:
    """True when the user leads a network, holds a committee seat, coordinates a platform or
    sits on the steering committee of another academy.

    A person with no role yet belongs to no academy and may be named anywhere. One query.
    """
    return (
        Academy.objects.exclude(pk=academy_id)
        .filter(
            Q(pk__in=Network.objects.filter(lead=user).values("academy_id"))
            | Q(pk__in=CommitteeSeat.objects.active().filter(user=user).values("network__academy"))
            | Q(pk__in=PlatformCoordinator.objects.filter(user=user).values("platform__academy"))
            | Q(pk__in=SteeringMember.objects.filter(user=user).values("committee__academy"))
        )
        .exists()
    )


def network_people(network: Network, *, also: Q | None = None) -> QuerySet[User]:
    """The lead and the current committee members: who attends meetings and pilots actions.

    `also` widens the set, e.g. to the people already recorded on an old meeting.
    """
    people = Q(pk=network.lead_id) | Q(
        committee_seats__network=network, committee_seats__ended_on=None
    )
    if also is not None:
        people |= also
    return User.objects.filter(people).distinct().order_by("last_name", "first_name")


def seat_establishments(network: Network, role: str) -> QuerySet[Establishment]:
    """The establishments a seat may represent: the network's, of the seat's kind."""
    establishments = network.establishments.order_by("name")
    kinds = SEAT_ESTABLISHMENT_KINDS.get(role)
    if kinds:
        establishments = establishments.filter(kind__in=kinds)
    return establishments


def _check_person(network: Network, user: User) -> None:
    if not user.is_active:
        raise ValidationError("Ce compte est désactivé.")
    if holds_role_in_other_academy(user, network.academy_id):
        raise ValidationError(OTHER_ACADEMY)


def _check_not_future(day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError(FUTURE_DATE)


def _save(instance: M, **fields) -> M:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(fields))
    return instance


def _check_among(people: Iterable[User], allowed: QuerySet[User], message: str) -> None:
    ids = {user.pk for user in people}
    if ids and len(ids) != allowed.filter(pk__in=ids).count():
        raise ValidationError(message)


# --- the lead ---


@transaction.atomic
def network_appoint_lead(
    *, network: Network, user: User, appointed_on: dt.date, by: User
) -> Network:
    """Name the lead (decided by the recteur); the previous lead loses the lead's grants."""
    if network.lead_id == user.pk:
        raise ValidationError("Cette personne est déjà responsable de ce réseau.")
    _check_person(network, user)
    _check_not_future(appointed_on)
    previous = network.lead
    network.lead = user
    network.lead_appointed_on = appointed_on
    network.save(update_fields=["lead", "lead_appointed_on"])
    refresh_user_grants(network, user)
    if previous is not None:
        refresh_user_grants(network, previous)
    logger.info("network=%s lead=%s appointed by user=%s", network.pk, user.pk, by.pk)
    return network


# --- committee seats ---


@transaction.atomic
def committee_seat(
    *,
    network: Network,
    role: str,
    user: User,
    establishment: Establishment | None = None,
    started_on: dt.date,
) -> CommitteeSeat:
    """Seat a member of the comité de réseau."""
    if role not in SeatRole.values:
        raise ValidationError("Ce siège n’existe pas dans le comité de réseau.")
    _check_person(network, user)
    _check_not_future(started_on)
    _check_represented(network, role, establishment)
    active = network.seats.active().filter(role=role)
    if role in SINGLE_SEATS and active.exists():
        raise ValidationError(SEAT_TAKEN)
    if active.filter(user=user).exists():
        raise ValidationError("Cette personne occupe déjà ce siège.")
    try:
        # A concurrent request may have filled the seat since the check: the database
        # constraint decides, and the savepoint keeps the outer transaction usable.
        with transaction.atomic():
            seat = CommitteeSeat.objects.create(
                network=network,
                role=role,
                user=user,
                establishment=establishment,
                started_on=started_on,
            )
    except IntegrityError as error:
        raise ValidationError(SEAT_TAKEN) from error
    refresh_user_grants(network, user)
    logger.info("network=%s seat=%s role=%s filled", network.pk, seat.pk, role)
    return seat


def _check_represented(network: Network, role: str, establishment: Establishment | None) -> None:
    if establishment is None:
        return
    if not network.establishments.filter(pk=establishment.pk).exists():
        raise ValidationError("L’établissement représenté doit être membre du réseau.")
    message = represented_kind_error(role, establishment)
    if message:
        raise ValidationError(message)


def _close(seat: CommitteeSeat, on: dt.date) -> CommitteeSeat:
    locked = CommitteeSeat.objects.select_for_update().get(pk=seat.pk)
    if locked.ended_on is not None:
        raise ValidationError("Ce siège a déjà été libéré.")
    _check_not_future(on)
    if on < locked.started_on:
        raise ValidationError(
            "La date de fin ne peut pas précéder l’entrée en fonction du titulaire "
            f"({locked.started_on:%d/%m/%Y})."
        )
    locked.ended_on = on
    locked.save(update_fields=["ended_on"])
    return locked


_SAME = object()


@transaction.atomic
def committee_seat_replace(
    *,
    seat: CommitteeSeat,
    user: User,
    on: dt.date,
    establishment: Establishment | None | object = _SAME,
) -> CommitteeSeat:
    """End the seat on `on` and give it to `user` from that day; the history stays.

    The new holder represents the same establishment unless another one is given.
    """
    if seat.user_id == user.pk:
        raise ValidationError("Cette personne occupe déjà ce siège.")
    _check_person(seat.network, user)
    _close(seat, on)
    new_seat = committee_seat(
        network=seat.network,
        role=seat.role,
        user=user,
        establishment=seat.establishment if establishment is _SAME else establishment,
        started_on=on,
    )
    refresh_user_grants(seat.network, seat.user)
    return new_seat


@transaction.atomic
def committee_seat_end(*, seat: CommitteeSeat, on: dt.date) -> CommitteeSeat:
    """Free the seat from `on`: the member keeps no access they held only through it."""
    ended = _close(seat, on)
    refresh_user_grants(seat.network, seat.user)
    logger.info("network=%s seat=%s ended", seat.network_id, seat.pk)
    return ended


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
    return Objective.objects.create(
        network=network,
        school_year=school_year,
        title=title,
        description=description,
        indicator=indicator,
        status=status,
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
) -> Objective:
    with traced(objective, CorrectedItem.OBJECTIVE, by):
        _save(
            objective,
            school_year=school_year,
            title=title,
            description=description,
            indicator=indicator,
            status=status,
        )
    return objective


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
    return Action.objects.create(
        objective=objective,
        title=title,
        description=description,
        owner=owner,
        due_on=due_on,
        status=status,
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
) -> Action:
    _check_owner(action.objective.network, owner, current=action.owner)
    with traced(action, CorrectedItem.ACTION, by):
        _save(
            action, title=title, description=description, owner=owner, due_on=due_on, status=status
        )
    return action


# --- meetings ---

NOT_MEMBERS = "Les présents doivent être le responsable ou des membres du comité."


def _check_held_on(held_on: dt.date | None) -> None:
    if held_on is None:
        raise ValidationError("Indiquez la date de la réunion.")


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
    _check_held_on(held_on)
    attendees = list(attendees)
    _check_among(attendees, network_people(network), NOT_MEMBERS)
    meeting = Meeting.objects.create(
        network=network,
        held_on=held_on,
        title=title,
        agenda=agenda,
        minutes=minutes,
        decisions=decisions,
    )
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
) -> Meeting:
    if meeting.cancelled_at is not None:
        raise ValidationError("Cette réunion est annulée : elle ne se modifie plus.")
    _check_held_on(held_on)
    attendees = list(attendees)
    # Someone who has left the committee since stays a valid attendee of a past meeting.
    allowed = network_people(meeting.network, also=Q(pk__in=meeting.attendees.values("pk")))
    _check_among(attendees, allowed, NOT_MEMBERS)
    with traced(meeting, CorrectedItem.MEETING, by):
        _save(
            meeting,
            held_on=held_on,
            title=title,
            agenda=agenda,
            minutes=minutes,
            decisions=decisions,
        )
    meeting.attendees.set(attendees)
    return meeting
