"""Reads about operational actors, each in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from foquale.accounts.models import User
from foquale.ordering import natural_sorted
from networks.enums import EstablishmentKind
from networks.models import Establishment, Network

from .models import Assessor, MldsCoordinator, Referent, TeamMember

# The circulaire names référents décrochage in secondary establishments.
SCHOOL_KINDS = {
    EstablishmentKind.COLLEGE,
    EstablishmentKind.LEGT,
    EstablishmentKind.LP,
    EstablishmentKind.LPO,
}


def network_establishments_with_actors(
    network: Network, *, school_year: int
) -> list[Establishment]:
    """Member establishments with `year_referents` (for `school_year`) and `team`. 3 queries."""
    return natural_sorted(
        network.establishments.order_by("name", "pk").prefetch_related(
            Prefetch(
                "referents",
                queryset=Referent.objects.filter(network=network, school_year=school_year)
                .select_related("user")
                .order_by("user__last_name", "user__first_name", "pk"),
                to_attr="year_referents",
            ),
            Prefetch(
                "team_members",
                queryset=TeamMember.objects.select_related("user").order_by(
                    "function", "user__last_name", "user__first_name", "pk"
                ),
                to_attr="team",
            ),
        )
    )


def establishments_without_referent(establishments: list[Establishment]) -> list[Establishment]:
    """Secondary establishments with no référent, read from the prefetched rows."""
    return [e for e in establishments if e.kind in SCHOOL_KINDS and not e.year_referents]


def network_assessors(network: Network) -> QuerySet[Assessor]:
    return network.assessors.select_related("user").order_by(
        "function", "user__last_name", "user__first_name", "pk"
    )


def network_mlds_coordinators(network: Network) -> QuerySet[MldsCoordinator]:
    return network.mlds_coordinators.select_related("user").order_by(
        "user__last_name", "user__first_name", "pk"
    )


def tutors_for_network(network: Network) -> QuerySet[User]:
    """Éducation nationale staff who may tutor a young person of the network: members of
    the educational team of one of its establishments."""
    return (
        User.objects.filter(is_active=True, team_roles__establishment__networks=network)
        .distinct()
        .order_by("last_name", "first_name")
    )


def is_assessor_of(user: User, network: Network) -> bool:
    return network.assessors.filter(user=user).exists()


def assessors_for_network(network: Network) -> QuerySet[User]:
    return User.objects.filter(assessor_roles__network=network, is_active=True).order_by(
        "last_name", "first_name"
    )
