"""The académie's directory: find a person by name to name them to a seat or a role.

Only accounts are listed (name, professional e-mail, establishment), never a young person.
The académie's accounts are those who hold a role there: the memberships this app knows
(leads, committee seats, IEN-IO, steering committee, people invited from a network) and
those the apps above register with `register_people_source` (référents, educational
teams, assessors, MLDS coordinators). Who may search: `networks.perms.can_search_people`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from foquale.accounts.models import User

from .models import (
    AccountInvitation,
    CommitteeSeat,
    Network,
    PlatformCoordinator,
    SteeringMember,
)

MIN_QUERY = 2
LIMIT = 15


@dataclass(frozen=True)
class Source:
    """People of an académie: `rows(academy_id)` is a queryset whose `user` field is the
    person and whose `establishment` field (a path to a name, or None) says where."""

    rows: Callable[[int], QuerySet]
    user: str = "user_id"
    establishment: str | None = None


_sources: list[Source] = []


def register_people_source(source: Source) -> None:
    """Called by an app above (in its `ready()`) to add the people it names."""
    if source not in _sources:
        _sources.append(source)


OWN_SOURCES = [
    Source(lambda academy_id: Network.objects.filter(academy_id=academy_id), user="lead_id"),
    Source(
        lambda academy_id: CommitteeSeat.objects.active().filter(network__academy_id=academy_id),
        establishment="establishment__name",
    ),
    Source(lambda academy_id: PlatformCoordinator.objects.filter(platform__academy_id=academy_id)),
    Source(lambda academy_id: SteeringMember.objects.filter(committee__academy_id=academy_id)),
    Source(lambda academy_id: AccountInvitation.objects.filter(academy_id=academy_id)),
]


@dataclass(frozen=True)
class Person:
    pk: int
    name: str
    email: str
    establishments: tuple[str, ...]

    @property
    def label(self) -> str:
        where = f" — {', '.join(self.establishments)}" if self.establishments else ""
        return f"{self.name}{where}"

    def as_json(self) -> dict:
        return {"email": self.email, "label": self.label}


def _words(query: str) -> list[str]:
    return [word for word in query.split() if len(word) >= MIN_QUERY][:4]


def academy_people(academy_id: int) -> QuerySet[User]:
    """The active accounts holding a role in the académie (or invited there)."""
    members = Q()
    for source in OWN_SOURCES + _sources:
        members |= Q(pk__in=source.rows(academy_id).values(source.user))
    return User.objects.filter(members, is_active=True)


def people_search(academy_id: int, query: str, *, limit: int = LIMIT) -> list[Person]:
    """The académie's accounts whose name (or address) holds every word of `query`, by
    name, at most `limit`. A fixed number of queries: one for the accounts, one per source
    that knows establishments."""
    words = _words(query)
    if not words:
        return []
    users = academy_people(academy_id)
    for word in words:
        users = users.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__istartswith=word)
        )
    found = list(users.order_by("last_name", "first_name", "pk")[:limit])
    places: dict[int, set[str]] = {user.pk: set() for user in found}
    for source in OWN_SOURCES + _sources:
        if not found or source.establishment is None:
            continue
        rows = source.rows(academy_id).filter(**{f"{source.user}__in": list(places)})
        for user_id, establishment in rows.values_list(source.user, source.establishment):
            if establishment:
                places[user_id].add(establishment)
    return [
        Person(user.pk, user.get_full_name(), user.email, tuple(sorted(places[user.pk])))
        for user in found
    ]
