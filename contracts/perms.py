"""Who sees and runs which case. Views call only these.

- a tutor: the contracts they tutor (guardian object permission `view_contract`) and the
  young people of those contracts;
- a référent: the cases of the establishments they are référent of this school year, and
  runs the steps;
- an assessor: the cases of the networks they assess (network grant `view_network_cases`);
- a network lead: every case of the network (the lead holds `view_network_cases` too) and
  may run the steps, including a contract beyond a solution's places;
- committee members, IEN-IO and steering hold no such grant: any case answers 404.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from foquale.accounts.models import User
from networks import perms as network_perms
from networks.models import Establishment, Network
from referents.selectors import establishments_referred_by

from .models import Contract, Youth


def tutored_contracts(user: User) -> QuerySet[Contract]:
    """Contracts the user tutors, through the per-object grant given at creation."""
    if not user.is_authenticated:
        return Contract.objects.none()
    return get_objects_for_user(
        user, "contracts.view_contract", klass=Contract, accept_global_perms=False
    )


def _case_scope(user: User) -> Q:
    """Youths seen as cases (network or establishment), not through a tutorship."""
    networks = network_perms.networks_for_user(user, "view_network_cases")
    return Q(network__in=networks.values("pk")) | Q(
        establishment__in=establishments_referred_by(user).values("pk")
    )


def youths_for_user(user: User) -> QuerySet[Youth]:
    if not user.is_authenticated:
        return Youth.objects.none()
    if user.is_superuser:
        return Youth.objects.all()
    return Youth.objects.filter(
        _case_scope(user) | Q(pk__in=tutored_contracts(user).values("youth_id"))
    )


def contracts_for_user(user: User) -> QuerySet[Contract]:
    if not user.is_authenticated:
        return Contract.objects.none()
    if user.is_superuser:
        return Contract.objects.all()
    case_youths = Youth.objects.filter(_case_scope(user)).values("pk")
    return Contract.objects.filter(
        Q(youth__in=case_youths) | Q(pk__in=tutored_contracts(user).values("pk"))
    )


def has_case_space(user: User) -> bool:
    """Whether the user follows cases (référent, assessor, lead): the list of youths."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or establishments_referred_by(user).exists()
        or network_perms.networks_for_user(user, "view_network_cases").exists()
    )


def has_tutor_space(user: User) -> bool:
    return tutored_contracts(user).exists()


@dataclass(frozen=True)
class CaseRights:
    """What one user may do on one visible case, computed in two queries."""

    manage: bool  # runs the steps: référent of the establishment, network lead
    assess: bool  # records a bilan and makes proposals: the above and the assessors
    lead: bool  # may take a contract beyond a solution's places


def case_rights(user: User, youth: Youth) -> CaseRights:
    if user.is_superuser:
        return CaseRights(manage=True, assess=True, lead=True)
    codenames = network_perms.network_perms(user, youth.network)
    lead = "lead_network" in codenames
    referent = establishments_referred_by(user).filter(pk=youth.establishment_id).exists()
    manage = lead or referent
    return CaseRights(manage=manage, assess=manage or "view_network_cases" in codenames, lead=lead)


def can_manage_youth(user: User, youth: Youth) -> bool:
    return case_rights(user, youth).manage


def can_assess_youth(user: User, youth: Youth) -> bool:
    return case_rights(user, youth).assess


def can_override_capacity(user: User, youth: Youth) -> bool:
    return case_rights(user, youth).lead


def can_create_youth(user: User) -> bool:
    return bool(creation_establishments(user))


def creation_establishments(user: User) -> dict[Establishment, list[Network]]:
    """Where the user may open a case: {establishment: [networks]} for a référent's own
    establishments, and for a lead every establishment of the networks they lead."""
    if not user.is_authenticated:
        return {}
    led = (
        Network.objects.all()
        if user.is_superuser
        else network_perms.networks_for_user(user, "lead_network")
    )
    own = establishments_referred_by(user)
    links = (
        Network.establishments.through.objects.filter(
            Q(network__in=led.values("pk")) | Q(establishment__in=own.values("pk"))
        )
        .select_related("network", "establishment")
        .order_by("establishment__name", "network__name")
    )
    result: dict[Establishment, list[Network]] = {}
    for link in links:
        result.setdefault(link.establishment, []).append(link.network)
    return result
