"""Writes for operational actors: référents décrochage, educational teams, assessors and MLDS
coordinators of a network.

Each write is atomic and refuses bad input with a French `ValidationError` before anything is
saved; the unique constraints of the models back the duplicate checks against races. Naming
or removing a référent or an assessor refreshes that person's grants (`referents.grants`)
in the same transaction.

A référent or an assessor sees young people's files: the lead names them, never themself,
and never an account that holds a role in another académie.
"""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from foquale.accounts.models import User
from foquale.french import de
from foquale.schoolyear import school_year_label
from networks.models import Establishment, Network
from networks.services import holds_role_in_other_academy

from .grants import refresh_assessor_grants, refresh_referent_grants
from .models import Assessor, MldsCoordinator, Referent, TeamMember

M = TypeVar("M", bound=Model)

OUTSIDE_NETWORK = "Cet établissement n’est pas membre du réseau."
INACTIVE = "Ce compte est désactivé."
SELF = (
    "Vous ne pouvez pas vous désigner vous-même : un autre responsable ou l’administrateur "
    "académique doit le faire."
)
OTHER_ACADEMY = (
    "Cette personne exerce déjà un rôle dans une autre académie : elle ne peut pas être "
    "désignée dans ce réseau."
)


def _check_person(user: User) -> None:
    if not user.is_active:
        raise ValidationError(INACTIVE)


def holds_actor_role_in_other_academy(user: User, academy_id: int) -> bool:
    """A governance role (`networks.services`) or an operational one (référent, team
    member, assessor, MLDS coordinator) in another académie."""
    if holds_role_in_other_academy(user, academy_id):
        return True
    return (
        Referent.objects.filter(user=user).exclude(network__academy_id=academy_id).exists()
        or TeamMember.objects.filter(user=user)
        .exclude(establishment__academy_id=academy_id)
        .exists()
        or Assessor.objects.filter(user=user).exclude(network__academy_id=academy_id).exists()
        or MldsCoordinator.objects.filter(user=user)
        .exclude(network__academy_id=academy_id)
        .exists()
    )


def _check_case_reader(network: Network, user: User, by: User) -> None:
    """Who is named to read young people's files: active, not the person naming, and of
    this académie."""
    _check_person(user)
    if user.pk == by.pk:
        raise ValidationError(SELF)
    if holds_actor_role_in_other_academy(user, network.academy_id):
        raise ValidationError(OTHER_ACADEMY)


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
    *, network: Network, establishment: Establishment, user: User, school_year: int, by: User
) -> Referent:
    """Name a référent décrochage of a member establishment, for this network and a school
    year: they follow that establishment's cases in this network only."""
    _check_in_network(network, establishment)
    _check_case_reader(network, user, by)
    referent = _create(
        Referent(network=network, establishment=establishment, user=user, school_year=school_year),
        f"Cette personne est déjà référente décrochage {de(establishment.name)} dans ce réseau "
        f"pour l’année scolaire {school_year_label(school_year)}.",
    )
    refresh_referent_grants(user_ids=[user.pk])
    return referent


@transaction.atomic
def referent_remove(*, referent: Referent) -> None:
    user_id = referent.user_id
    referent.delete()
    refresh_referent_grants(user_ids=[user_id])


@transaction.atomic
def team_member_add(
    *, network: Network, establishment: Establishment, user: User, function: str, by: User
) -> TeamMember:
    _check_in_network(network, establishment)
    _check_person(user)
    if holds_actor_role_in_other_academy(user, network.academy_id):
        raise ValidationError(OTHER_ACADEMY)
    member = TeamMember(establishment=establishment, user=user, function=function)
    return _create(
        member,
        f"Cette personne fait déjà partie de l’équipe éducative {de(establishment.name)} "
        f"comme « {member.get_function_display()} ».",
    )


@transaction.atomic
def team_member_remove(*, member: TeamMember) -> None:
    member.delete()


@transaction.atomic
def assessor_add(*, network: Network, user: User, function: str, by: User) -> Assessor:
    """Name a COP/PsyEN or MLDS assessor, who then sees the network's cases."""
    _check_case_reader(network, user, by)
    assessor = _create(
        Assessor(network=network, user=user, function=function),
        "Cette personne est déjà évaluatrice (COP/PsyEN ou MLDS) de ce réseau.",
    )
    refresh_assessor_grants(user_ids=[user.pk])
    return assessor


@transaction.atomic
def assessor_remove(*, assessor: Assessor) -> None:
    user_id = assessor.user_id
    assessor.delete()
    refresh_assessor_grants(user_ids=[user_id])


@transaction.atomic
def mlds_coordinator_add(*, network: Network, user: User, by: User) -> MldsCoordinator:
    _check_person(user)
    if holds_actor_role_in_other_academy(user, network.academy_id):
        raise ValidationError(OTHER_ACADEMY)
    return _create(
        MldsCoordinator(network=network, user=user),
        "Cette personne est déjà coordinatrice MLDS de ce réseau.",
    )


@transaction.atomic
def mlds_coordinator_remove(*, coordinator: MldsCoordinator) -> None:
    coordinator.delete()
