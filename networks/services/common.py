"""Reads and checks shared by the networks' writes (and by the forms offering the same
choices)."""

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from foquale.accounts.models import User
from foquale.inputs import FOQUALE_START

from ..enums import SEAT_ESTABLISHMENT_KINDS
from ..models import (
    Academy,
    CommitteeSeat,
    Establishment,
    Network,
    PlatformCoordinator,
    SteeringMember,
)

M = TypeVar("M", bound=Model)
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


def _check_not_future(day: dt.date, field: str | None = None) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: FUTURE_DATE} if field else FUTURE_DATE)
    if day < FOQUALE_START:
        message = (
            f"La date ne peut précéder la création des réseaux FOQUALE ({FOQUALE_START:%d/%m/%Y})."
        )
        raise ValidationError({field: message} if field else message)


def _save(instance: M, **fields) -> M:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(fields))
    return instance


def _check_among(people: Iterable[User], allowed: QuerySet[User], message: str) -> None:
    ids = {user.pk for user in people}
    if ids and len(ids) != allowed.filter(pk__in=ids).count():
        raise ValidationError(message)
