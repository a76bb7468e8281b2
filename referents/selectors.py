"""Reads about operational actors."""

from django.db.models import QuerySet

from foquale.accounts.models import User
from foquale.schoolyear import current_school_year
from networks.models import Establishment, Network


def establishments_referred_by(
    user: User, school_year: int | None = None
) -> QuerySet[Establishment]:
    """Establishments where the user is référent décrochage for the school year (current
    by default): a référent named last year no longer sees the cases."""
    year = current_school_year() if school_year is None else school_year
    return Establishment.objects.filter(referents__user=user, referents__school_year=year)


def is_referent_of(user: User, establishment_id: int) -> bool:
    return establishments_referred_by(user).filter(pk=establishment_id).exists()


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
