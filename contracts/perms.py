"""Who sees and runs which case. Views call only these.

- a tutor: the contracts they tutor (guardian object permission `view_contract`) and the
  young people of those contracts;
- a référent: the cases of the establishments they are référent of this school year, and
  runs the steps;
- an assessor: the cases of the networks they assess (network grant `view_network_cases`);
- a network lead: every case of the network (the lead holds `view_network_cases` too) and
  may run the steps, including a contract beyond a solution's places;
- committee members, IEN-IO and steering hold no such grant: any case answers 404.

Scopes are single SQL statements whose parts are each read once: on PostgreSQL a part
is `column = ANY(ARRAY(subquery))`, which the planner evaluates first and then probes the
column's index with (an `OR` of plain `IN (subquery)` makes it scan the whole table).
"""

from dataclasses import dataclass

from django.db.models import BooleanField, F, Func, Q, QuerySet, Subquery

from foquale.accounts.models import User
from networks import perms as network_perms
from networks.models import Establishment, Network
from referents.selectors import establishments_referred_by

from .models import Contract, ContractUserObjectPermission, Youth

TUTOR_PERMISSION = "view_contract"


class InArray(Func):
    """`column = ANY(ARRAY(subquery))` on PostgreSQL, `column IN (subquery)` elsewhere."""

    output_field = BooleanField()

    def __init__(self, column: str, queryset: QuerySet, **extra):
        super().__init__(F(column), Subquery(queryset.order_by()), **extra)

    def as_sql(self, compiler, connection, template=None, **extra_context):
        column, subquery = (compiler.compile(e) for e in self.source_expressions)
        return f"{column[0]} IN {subquery[0]}", (*column[1], *subquery[1])

    def as_postgresql(self, compiler, connection, **extra_context):
        column, subquery = (compiler.compile(e) for e in self.source_expressions)
        return f"{column[0]} = ANY(ARRAY{subquery[0]})", (*column[1], *subquery[1])


def tutor_grants(user: User) -> QuerySet[ContractUserObjectPermission]:
    """The user's guardian grants `view_contract`, read from guardian's direct foreign-key
    table (one index range on its unique (user, permission, contract) key). Contracts are
    granted to users only, never to groups."""
    return ContractUserObjectPermission.objects.filter(
        user=user,
        permission__codename=TUTOR_PERMISSION,
        permission__content_type__app_label=Contract._meta.app_label,
        permission__content_type__model=Contract._meta.model_name,
    )


def tutored_contracts(user: User) -> QuerySet[Contract]:
    """Contracts the user tutors: the guardian grant given at creation (and moved with the
    tutor) decides, as guardian's `get_objects_for_user` would, superuser included."""
    if not user.is_authenticated:
        return Contract.objects.none()
    if user.is_superuser:
        return Contract.objects.all()
    return Contract.objects.filter(InArray("pk", tutor_grants(user).values("content_object_id")))


def _case_scope(user: User, prefix: str = "") -> Q:
    """Youths seen as cases (network or establishment), not through a tutorship."""
    networks = network_perms.networks_for_user(user, "view_network_cases")
    return Q(InArray(f"{prefix}network_id", networks.values("pk"))) | Q(
        InArray(f"{prefix}establishment_id", establishments_referred_by(user).values("pk"))
    )


def youths_for_user(user: User) -> QuerySet[Youth]:
    if not user.is_authenticated:
        return Youth.objects.none()
    if user.is_superuser:
        return Youth.objects.all()
    tutored = Contract.objects.filter(
        InArray("pk", tutor_grants(user).values("content_object_id"))
    ).values("youth_id")
    return Youth.objects.filter(_case_scope(user) | Q(InArray("pk", tutored)))


def contracts_for_user(user: User) -> QuerySet[Contract]:
    if not user.is_authenticated:
        return Contract.objects.none()
    if user.is_superuser:
        return Contract.objects.all()
    case_youths = Youth.objects.filter(_case_scope(user)).values("pk")
    return Contract.objects.filter(
        Q(InArray("youth_id", case_youths))
        | Q(InArray("pk", tutor_grants(user).values("content_object_id")))
    )


def case_establishments(user: User) -> QuerySet[Establishment]:
    """The establishments of the youths the user sees (the case list's filter)."""
    return Establishment.objects.filter(
        InArray("pk", youths_for_user(user).values("establishment_id"))
    ).order_by("name", "pk")


def tutors_for_user(user: User) -> QuerySet[User]:
    """The tutors of the contracts the user sees (the case list's filter)."""
    return User.objects.filter(InArray("pk", contracts_for_user(user).values("tutor_id"))).order_by(
        "last_name", "first_name", "pk"
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
    if not user.is_authenticated:
        return False
    return user.is_superuser or tutor_grants(user).exists()


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
