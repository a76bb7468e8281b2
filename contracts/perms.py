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

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q, QuerySet

from foquale.accounts.models import User
from foquale.db import InArray
from foquale.schoolyear import current_school_year
from networks import perms as network_perms
from networks.models import Establishment, Network, NetworkUserObjectPermission
from referents.models import Referent
from referents.selectors import establishments_referred_by

from .models import Contract, ContractUserObjectPermission, Youth

TUTOR_PERMISSION = "view_contract"


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


def _case_networks(user: User) -> QuerySet[NetworkUserObjectPermission]:
    """Ids of the networks whose cases the user sees: the guardian grant
    `view_network_cases` (given to users only, see `networks.grants`), read from its direct
    table as for the contracts; guardian's generic builder costs more than the query."""
    return NetworkUserObjectPermission.objects.filter(
        user=user,
        permission__codename="view_network_cases",
        permission__content_type__app_label=Network._meta.app_label,
        permission__content_type__model=Network._meta.model_name,
    ).values("content_object_id")


def _case_scope(user: User) -> Q:
    """Youths seen as cases (network or establishment), not through a tutorship."""
    return Q(InArray("network_id", _case_networks(user))) | Q(
        InArray("establishment_id", establishments_referred_by(user).values("pk"))
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


@dataclass(frozen=True)
class CaseScope:
    """What one user sees of the cases, read once as id lists (`case_scope`): the same rule
    as `youths_for_user` and `contracts_for_user`, shaped for a page that asks several
    questions (the case list), where each then is a plain indexed filter."""

    everything: bool = False
    networks: frozenset[int] = frozenset()  # grant `view_network_cases`
    establishments: frozenset[int] = frozenset()  # référent this school year
    tutored: frozenset[int] = frozenset()  # contracts: guardian grant `view_contract`
    tutored_youths: frozenset[int] = frozenset()
    can_create_youth: bool = False  # `can_create_youth`

    @property
    def has_case_space(self) -> bool:
        return self.everything or bool(self.networks or self.establishments)

    @property
    def has_tutor_space(self) -> bool:
        return self.everything or bool(self.tutored)

    def _cases(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}network_id__in": self.networks}) | Q(
            **{f"{prefix}establishment_id__in": self.establishments}
        )

    def youths(self) -> QuerySet[Youth]:
        if self.everything:
            return Youth.objects.all()
        return Youth.objects.filter(self._cases() | Q(pk__in=self.tutored_youths))

    def contracts(self) -> QuerySet[Contract]:
        if self.everything:
            return Contract.objects.all()
        case_youths = Youth.objects.filter(self._cases()).values("pk")
        return Contract.objects.filter(Q(InArray("youth_id", case_youths)) | Q(pk__in=self.tutored))

    def contracts_to_prefetch(self) -> QuerySet[Contract]:
        """`contracts()` as a join, to prefetch onto youths already read (a page of the
        list): the prefetch's `youth_id IN (…)` leads, the scope is checked on those rows."""
        if self.everything:
            return Contract.objects.all()
        return Contract.objects.filter(self._cases("youth__") | Q(pk__in=self.tutored))

    def latest_contracts(self, youth_ids: list[int]) -> dict[int, tuple]:
        """For the case list's page of youths: {youth id: (status, next review date,
        tutor's first name, last name)} of each youth's latest contract in sight
        (`contracts_to_prefetch`), in one query of plain rows."""
        if not youth_ids:
            return {}
        page, page_params = _any_of(("c.youth_id", frozenset(youth_ids)))
        if self.everything:
            seen, seen_params = "1 = 1", []
        else:
            seen, seen_params = _any_of(
                ("y.network_id", self.networks),
                ("y.establishment_id", self.establishments),
                ("c.id", self.tutored),
            )
        sql = (
            "SELECT c.youth_id, c.status, c.next_review_on, u.first_name, u.last_name "
            f"FROM {Contract._meta.db_table} c JOIN {Youth._meta.db_table} y ON y.id = c.youth_id "
            f"JOIN {User._meta.db_table} u ON u.id = c.tutor_id WHERE ({page}) AND ({seen}) ORDER BY c.id DESC"
        )
        latest: dict[int, tuple] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [*page_params, *seen_params])
            for youth_id, *contract in cursor.fetchall():
                latest.setdefault(youth_id, tuple(contract))
        return latest

    def establishments_seen(self) -> QuerySet[Establishment]:
        """The establishments of the youths in sight (the case list's filter)."""
        seen = self.youths().values("establishment_id").distinct()
        return Establishment.objects.filter(InArray("pk", seen)).order_by("name", "pk")

    def tutors(self) -> QuerySet[User]:
        """The tutors of the contracts in sight (the case list's filter)."""
        seen = self.contracts().values("tutor_id").distinct()
        return User.objects.filter(InArray("pk", seen)).order_by("last_name", "first_name", "pk")

    def filter_options(self) -> dict[str, Iterable]:
        """`establishments_seen()` and `tutors()` as the case list draws them (one query
        each, only the columns of their labels), written out: compiling the two scoped
        querysets cost more than running them."""
        if self.everything:
            return {
                "establishment": self.establishments_seen().only("name", "uai"),
                "tutor": self.tutors().only("first_name", "last_name"),
            }
        cases, case_params = _any_of(
            ("y.network_id", self.networks), ("y.establishment_id", self.establishments)
        )
        youths, youth_params = _any_of(
            ("y.network_id", self.networks),
            ("y.establishment_id", self.establishments),
            ("y.id", self.tutored_youths),
        )
        tutored, tutored_params = _any_of(("c.id", self.tutored))
        tables = {
            "youth": Youth._meta.db_table,
            "contract": Contract._meta.db_table,
            "establishment": Establishment._meta.db_table,
            "user": User._meta.db_table,
        }
        seen_establishments = _in_array(
            "e.id", "SELECT DISTINCT y.establishment_id FROM {youth} y WHERE " + youths
        )
        establishments = Establishment.objects.raw(
            (
                "SELECT e.id, e.name, e.uai FROM {establishment} e WHERE "
                + seen_establishments
                + " ORDER BY e.name, e.id"
            ).format(**tables),
            youth_params,
        )
        case_contracts = _in_array("c.youth_id", "SELECT y.id FROM {youth} y WHERE " + cases)
        seen_tutors = _in_array(
            "u.id",
            f"SELECT DISTINCT c.tutor_id FROM {{contract}} c WHERE {case_contracts} OR {tutored}",
        )
        tutors = User.objects.raw(
            (
                "SELECT u.id, u.first_name, u.last_name FROM {user} u WHERE "
                + seen_tutors
                + " ORDER BY u.last_name, u.first_name, u.id"
            ).format(**tables),
            [*case_params, *tutored_params],
        )
        return {"establishment": establishments, "tutor": tutors}


def _in_array(column: str, subquery: str) -> str:
    """`InArray` written out: `column = ANY(ARRAY(subquery))` on PostgreSQL."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(ARRAY({subquery}))"
    return f"{column} IN ({subquery})"


def _any_of(*parts: tuple[str, frozenset[int]]) -> tuple[str, list[int]]:
    """`column IN (%s, …) OR …` for the non-empty id sets, FALSE when all are empty."""
    sql, params = [], []
    for column, ids in parts:
        if ids:
            sql.append(f"{column} IN ({', '.join(['%s'] * len(ids))})")
            params.extend(sorted(ids))
    return " OR ".join(sql) or "1 = 0", params


def _scope_sql() -> str:
    """One statement for `case_scope`: the network grants, this year's référent roles and
    the contract grants (with their youths), then whether the user may open a case.
    Written out: the ORM took three times the query's own time to compile its union."""
    grant = "JOIN {perm} p ON p.id = g.permission_id JOIN {ct} ct ON ct.id = p.content_type_id"
    tables = {
        "perm": Permission._meta.db_table,
        "ct": ContentType._meta.db_table,
        "network_grant": NetworkUserObjectPermission._meta.db_table,
        "contract_grant": ContractUserObjectPermission._meta.db_table,
        "contract": Contract._meta.db_table,
        "referent": Referent._meta.db_table,
        "link": Network.establishments.through._meta.db_table,
    }
    return (
        "SELECT p.codename, g.content_object_id, CAST(NULL AS bigint) "
        "FROM {network_grant} g " + grant + " WHERE g.user_id = %(user)s "
        "AND ct.app_label = 'networks' AND ct.model = 'network' "
        "AND p.codename IN ('view_network_cases', 'lead_network') "
        "UNION ALL "
        "SELECT 'referent', r.establishment_id, NULL FROM {referent} r "
        "WHERE r.user_id = %(user)s AND r.school_year = %(year)s "
        "UNION ALL "
        "SELECT 'tutor', g.content_object_id, c.youth_id FROM {contract_grant} g " + grant + " "
        "JOIN {contract} c ON c.id = g.content_object_id WHERE g.user_id = %(user)s "
        "AND ct.app_label = 'contracts' AND ct.model = 'contract' AND p.codename = %(tutor)s "
        "UNION ALL "
        "SELECT 'create', NULL, NULL WHERE EXISTS (SELECT 1 FROM {link} l WHERE "
        "l.network_id IN (SELECT g.content_object_id FROM {network_grant} g " + grant + " "
        "WHERE g.user_id = %(user)s AND ct.app_label = 'networks' AND ct.model = 'network' "
        "AND p.codename = 'lead_network') "
        "OR l.establishment_id IN (SELECT r.establishment_id FROM {referent} r "
        "WHERE r.user_id = %(user)s AND r.school_year = %(year)s))"
    ).format(**tables)


def case_scope(user: User) -> CaseScope:
    """The user's `CaseScope`, in one query."""
    if not user.is_authenticated:
        return CaseScope()
    if user.is_superuser:
        return CaseScope(everything=True, can_create_youth=can_create_youth(user))
    ids: dict[str, set[int]] = {"view_network_cases": set(), "referent": set(), "tutor": set()}
    youths: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(
            _scope_sql(),
            {"user": user.pk, "year": current_school_year(), "tutor": TUTOR_PERMISSION},
        )
        for kind, object_id, youth in cursor.fetchall():
            ids.setdefault(kind, set()).add(object_id)
            if youth is not None:
                youths.add(youth)
    return CaseScope(
        networks=frozenset(ids["view_network_cases"]),
        establishments=frozenset(ids["referent"]),
        tutored=frozenset(ids["tutor"]),
        tutored_youths=frozenset(youths),
        can_create_youth="create" in ids,
    )


def has_case_space(user: User) -> bool:
    """Whether the user follows cases (référent, assessor, lead): the list of youths."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or establishments_referred_by(user).exists()
        or _case_networks(user).exists()
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
    """Whether `creation_establishments` has anything, as one EXISTS query."""
    return _creation_links(user).exists()


def _creation_links(user: User) -> QuerySet:
    """(network, establishment) links where the user may open a case."""
    through = Network.establishments.through
    if not user.is_authenticated:
        return through.objects.none()
    led = (
        Network.objects.all()
        if user.is_superuser
        else network_perms.networks_for_user(user, "lead_network")
    )
    own = establishments_referred_by(user)
    return through.objects.filter(
        Q(network__in=led.values("pk")) | Q(establishment__in=own.values("pk"))
    )


def creation_establishments(user: User) -> dict[Establishment, list[Network]]:
    """Where the user may open a case: {establishment: [networks]} for a référent's own
    establishments, and for a lead every establishment of the networks they lead."""
    links = (
        _creation_links(user)
        .select_related("network", "establishment")
        .order_by("establishment__name", "network__name")
    )
    result: dict[Establishment, list[Network]] = {}
    for link in links:
        result.setdefault(link.establishment, []).append(link.network)
    return result
