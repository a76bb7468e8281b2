"""Writes for operational actors: référents décrochage, educational teams, assessors and MLDS
coordinators of a network.

Each write is atomic and refuses bad input with a French `ValidationError` before anything is
saved; the unique constraints of the models back the duplicate checks against races. Adding
or removing an assessor refreshes that person's network grants in the same transaction.
"""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from foquale.accounts.models import User
from foquale.schoolyear import school_year_label
from networks.grants import refresh_user_grants
from networks.models import Establishment, Network

from .models import Assessor, MldsCoordinator, Referent, TeamMember

M = TypeVar("M", bound=Model)

OUTSIDE_NETWORK = "Cet établissement n’est pas membre du réseau."
INACTIVE = "Ce compte est désactivé."


def _check_person(user: User) -> None:
    if not user.is_active:
        raise ValidationError(INACTIVE)


def _check_in_network(network: Network, establishment: Establishment) -> None:
    if not network.establishments.filter(pk=establishment.pk).exists():
        raise ValidationError(OUTSIDE_NETWORK)


def _create(instance: M, duplicate: str) -> M:
    """Save a new row; a unique constraint hit becomes the French message `duplicate`."""
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError as error:
        raise ValidationError(duplicate) from error
    return instance


@transaction.atomic
def referent_add(
    *, network: Network, establishment: Establishment, user: User, school_year: int
) -> Referent:
    """Name a référent décrochage of a member establishment for a school year."""
    _check_in_network(network, establishment)
    _check_person(user)
    return _create(
        Referent(establishment=establishment, user=user, school_year=school_year),
        f"Cette personne est déjà référente décrochage de {establishment.name} pour "
        f"l’année scolaire {school_year_label(school_year)}.",
    )


@transaction.atomic
def referent_remove(*, referent: Referent) -> None:
    referent.delete()


@transaction.atomic
def team_member_add(
    *, network: Network, establishment: Establishment, user: User, function: str
) -> TeamMember:
    _check_in_network(network, establishment)
    _check_person(user)
    member = TeamMember(establishment=establishment, user=user, function=function)
    return _create(
        member,
        f"Cette personne fait déjà partie de l’équipe éducative de {establishment.name} "
        f"comme « {member.get_function_display()} ».",
    )


@transaction.atomic
def team_member_remove(*, member: TeamMember) -> None:
    member.delete()


@transaction.atomic
def assessor_add(*, network: Network, user: User, function: str) -> Assessor:
    """Name a COP/PsyEN or MLDS assessor, who then sees the network's cases."""
    _check_person(user)
    assessor = _create(
        Assessor(network=network, user=user, function=function),
        "Cette personne est déjà évaluatrice (COP/PsyEN ou MLDS) de ce réseau.",
    )
    refresh_user_grants(network, user)
    return assessor


@transaction.atomic
def assessor_remove(*, assessor: Assessor) -> None:
    network, user = assessor.network, assessor.user
    assessor.delete()
    refresh_user_grants(network, user)


@transaction.atomic
def mlds_coordinator_add(*, network: Network, user: User) -> MldsCoordinator:
    _check_person(user)
    return _create(
        MldsCoordinator(network=network, user=user),
        "Cette personne est déjà coordinatrice MLDS de ce réseau.",
    )


@transaction.atomic
def mlds_coordinator_remove(*, coordinator: MldsCoordinator) -> None:
    coordinator.delete()
