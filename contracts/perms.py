"""Who sees and runs which case. Views, tasks and other apps call only these.

Everything here is derived from one object, the user's `CaseScope`, itself read from the
user's grants (`foquale.access`), with no second copy of the rule:

- a network lead (`lead_network`) and an assessor (`view_network_cases`): every case of
  the network; the lead runs the steps and may take a contract beyond a solution's places;
- a référent (`follow_cases` on a (network, establishment) membership, this school year):
  the cases of that establishment in that network, and runs their steps;
- a tutor (`view_contract`): the contracts they tutor and those contracts' young people;
- committee members, IEN-IO and steering follow no case: any case answers 404.

`CaseScope.conditions` states the rule once, as (columns, values) parts; the same parts are
rendered as ORM `Q` objects and, for the two reads of the case list where the ORM cost
more to compile than to run, as SQL.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from audit.enums import Role
from audit.perms import dpo_academy_ids, is_dpo_of
from foquale.access import scope_for
from foquale.accounts.models import User
from foquale.db import InArray
from networks.models import Establishment, Network, NetworkEstablishment
from networks.perms import case_network_ids, referent_links

from .grants import TUTOR_PERMISSION
from .models import Contract, Proposal, Transfer, Youth

Part = tuple[tuple[str, ...], frozenset[tuple]]


@dataclass(frozen=True)
class CaseScope:
    """What one user sees of the cases and where they act, from their grants."""

    everything: bool = False
    led: frozenset[int] = frozenset()  # networks led
    networks: frozenset[int] = frozenset()  # networks led or assessed: every case
    links: frozenset[tuple[int, int]] = frozenset()  # (network, establishment) as référent
    tutored: frozenset[int] = frozenset()  # contracts tutored
    tutored_youths: frozenset[int] = frozenset()  # their young people

    # The rule, once.

    def conditions(self, *, tutorship: bool = True, reviews: bool = False) -> list[Part]:
        """The youth-side parts: a youth is in sight when one part matches. `reviews`: the
        situation reviews are read by the lead and the référent, not by an assessor."""
        networks = self.led if reviews else self.networks
        parts: list[Part] = [
            (("network_id",), frozenset((n,) for n in networks)),
            (("network_id", "establishment_id"), self.links),
        ]
        if tutorship:
            parts.append((("id",), frozenset((y,) for y in self.tutored_youths)))
        return parts

    @property
    def has_case_space(self) -> bool:
        return self.everything or bool(self.networks or self.links)

    @property
    def has_tutor_space(self) -> bool:
        return self.everything or bool(self.tutored)

    @property
    def can_create_youth(self) -> bool:
        return self.everything or bool(self.led or self.links)

    # Querysets.

    def youths(self) -> QuerySet[Youth]:
        if self.everything:
            return Youth.objects.all()
        return Youth.objects.filter(_as_q(self.conditions()))

    def contracts(self) -> QuerySet[Contract]:
        """Every contract of a case in sight, and the contracts tutored."""
        if self.everything:
            return Contract.objects.all()
        cases = Youth.objects.filter(_as_q(self.conditions(tutorship=False))).values("pk")
        return Contract.objects.filter(Q(InArray("youth_id", cases)) | Q(pk__in=self.tutored))

    def contracts_to_prefetch(self) -> QuerySet[Contract]:
        """`contracts()` as a join, to prefetch onto youths already read (a page of the
        list): the prefetch's `youth_id IN (…)` leads, the scope is checked on those rows."""
        if self.everything:
            return Contract.objects.all()
        cases = _as_q(self.conditions(tutorship=False), prefix="youth__")
        return Contract.objects.filter(cases | Q(pk__in=self.tutored))

    def managed_youths(self) -> QuerySet[Youth]:
        """The cases whose steps the user runs, as `case_rights(...).manage` says: the
        networks led and the référent's (network, establishment) pairs."""
        if self.everything:
            return Youth.objects.all()
        return Youth.objects.filter(_as_q(self.conditions(tutorship=False, reviews=True)))

    def managed_contracts(self) -> QuerySet[Contract]:
        """The contracts of `managed_youths()`, as a join (the tutored ones are not added)."""
        if self.everything:
            return Contract.objects.all()
        return Contract.objects.filter(
            _as_q(self.conditions(tutorship=False, reviews=True), prefix="youth__")
        )

    def managed_proposals(self) -> QuerySet[Proposal]:
        """The proposals of `managed_youths()`, as a join (from the young people)."""
        if self.everything:
            return Proposal.objects.all()
        return Proposal.objects.filter(
            _as_q(self.conditions(tutorship=False, reviews=True), prefix="youth__")
        )

    def reviewable_contracts(self) -> QuerySet[Contract]:
        """Contracts whose situation reviews the user reads: tutor, référent, lead."""
        if self.everything:
            return Contract.objects.all()
        cases = _as_q(self.conditions(tutorship=False, reviews=True), prefix="youth__")
        return Contract.objects.filter(cases | Q(pk__in=self.tutored))

    def transfers_to_decide(self) -> QuerySet[Transfer]:
        """Transfers asked to the networks the user leads, whatever their status (every
        transfer for an administrator): the receiving lead answers them."""
        if self.everything:
            return Transfer.objects.all()
        return Transfer.objects.filter(to_network_id__in=sorted(self.led))

    def establishments_seen(self) -> QuerySet[Establishment]:
        """The establishments of the youths in sight (the case list's filter)."""
        seen = self.youths().values("establishment_id").distinct()
        return Establishment.objects.filter(InArray("pk", seen)).order_by("name", "pk")

    def tutors(self) -> QuerySet[User]:
        """The tutors of the contracts in sight (the case list's filter)."""
        seen = self.contracts().values("tutor_id").distinct()
        return User.objects.filter(InArray("pk", seen)).order_by("last_name", "first_name", "pk")

    # The case list's two reads as plain SQL, rendered from the same `conditions`.

    def latest_contracts(self, youth_ids: list[int]) -> dict[int, tuple]:
        """For a page of youths: {youth id: (status, next review date, tutor's first name,
        last name)} of each youth's latest contract in sight, in one query."""
        if not youth_ids:
            return {}
        page, page_params = _as_sql([(("youth_id",), frozenset((y,) for y in youth_ids))], "c")
        seen, seen_params = self._contract_sql("y", "c")
        sql = (
            "SELECT c.youth_id, c.status, c.next_review_on, u.first_name, u.last_name "
            f"FROM {Contract._meta.db_table} c JOIN {Youth._meta.db_table} y ON y.id = c.youth_id "
            f"JOIN {User._meta.db_table} u ON u.id = c.tutor_id "
            f"WHERE ({page}) AND ({seen}) ORDER BY c.id DESC"
        )
        latest: dict[int, tuple] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [*page_params, *seen_params])
            for youth_id, *contract in cursor.fetchall():
                latest.setdefault(youth_id, tuple(contract))
        return latest

    def filter_options(self) -> dict[str, Iterable]:
        """`establishments_seen()` and `tutors()` as the case list draws them (one query
        each, only the columns of their labels)."""
        if self.everything:
            return {
                "establishment": self.establishments_seen().only("name", "uai"),
                "tutor": self.tutors().only("first_name", "last_name"),
            }
        youths, youth_params = _as_sql(self.conditions(), "y")
        establishments = Establishment.objects.raw(
            f"SELECT e.id, e.name, e.uai FROM {Establishment._meta.db_table} e WHERE "
            + _in_array(
                "e.id",
                f"SELECT DISTINCT y.establishment_id FROM {Youth._meta.db_table} y WHERE {youths}",
            )
            + " ORDER BY e.name, e.id",
            youth_params,
        )
        contracts, contract_params = self._contract_sql("y", "c")
        tutors = User.objects.raw(
            f"SELECT u.id, u.first_name, u.last_name FROM {User._meta.db_table} u WHERE "
            + _in_array(
                "u.id",
                f"SELECT DISTINCT c.tutor_id FROM {Contract._meta.db_table} c "
                f"JOIN {Youth._meta.db_table} y ON y.id = c.youth_id WHERE {contracts}",
            )
            + " ORDER BY u.last_name, u.first_name, u.id",
            contract_params,
        )
        return {"establishment": establishments, "tutor": tutors}

    def _contract_sql(self, youth: str, contract: str) -> tuple[str, list]:
        """`contracts()` as SQL on a contract joined to its youth."""
        if self.everything:
            return "1 = 1", []
        cases, params = _as_sql(self.conditions(tutorship=False), youth)
        tutored, tutored_params = _as_sql(
            [(("id",), frozenset((c,) for c in self.tutored))], contract
        )
        return f"({cases}) OR ({tutored})", [*params, *tutored_params]


def _grouped(part: Part) -> dict:
    """{first value: [second values]} of a two-column part."""
    groups: dict = {}
    for first, second in sorted(part[1]):
        groups.setdefault(first, []).append(second)
    return groups


def _as_q(parts: list[Part], prefix: str = "") -> Q:
    q = Q(pk__in=[])
    for columns, values in parts:
        if not values:
            continue
        if len(columns) == 1:
            q |= Q(**{f"{prefix}{columns[0]}__in": sorted(v for (v,) in values)})
            continue
        for first, seconds in _grouped((columns, values)).items():
            q |= Q(**{f"{prefix}{columns[0]}": first, f"{prefix}{columns[1]}__in": seconds})
    return q


def _as_sql(parts: list[Part], alias: str) -> tuple[str, list]:
    """The same parts as `_as_q`, as `alias.column IN (%s, …) OR …` (FALSE when empty)."""
    sql, params = [], []
    for columns, values in parts:
        if not values:
            continue
        if len(columns) == 1:
            sql.append(f"{alias}.{columns[0]} IN ({', '.join(['%s'] * len(values))})")
            params.extend(sorted(v for (v,) in values))
            continue
        for first, seconds in _grouped((columns, values)).items():
            sql.append(
                f"({alias}.{columns[0]} = %s AND "
                f"{alias}.{columns[1]} IN ({', '.join(['%s'] * len(seconds))}))"
            )
            params.extend([first, *seconds])
    return " OR ".join(sql) or "1 = 0", params


def _in_array(column: str, subquery: str) -> str:
    """`foquale.db.InArray` written out: `column = ANY(ARRAY(subquery))` on PostgreSQL."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(ARRAY({subquery}))"
    return f"{column} IN ({subquery})"


def case_scope(user: User) -> CaseScope:
    """The user's `CaseScope`, from the access scope (one query per request), made once
    per scope."""
    return scope_for(user).derived("contracts.case_scope", _case_scope)


def _case_scope(scope) -> CaseScope:
    if scope.everything:
        return CaseScope(everything=True)
    tutored = scope.rows(TUTOR_PERMISSION)
    return CaseScope(
        led=scope.ids("lead_network"),
        networks=case_network_ids(scope),
        links=referent_links(scope),
        tutored=frozenset(tutored),
        tutored_youths=frozenset(youth for (youth, *_rest) in tutored.values()),
    )


def youths_for_user(user: User) -> QuerySet[Youth]:
    return case_scope(user).youths()


def contracts_for_user(user: User) -> QuerySet[Contract]:
    return case_scope(user).contracts()


def tutored_contracts(user: User) -> QuerySet[Contract]:
    """Contracts the user tutors (every contract for an administrator)."""
    scope = case_scope(user)
    if scope.everything:
        return Contract.objects.all()
    return Contract.objects.filter(pk__in=scope.tutored)


def has_case_space(user: User) -> bool:
    """Whether the user follows cases (référent, assessor, lead): the list of youths."""
    return case_scope(user).has_case_space


def has_tutor_space(user: User) -> bool:
    return case_scope(user).has_tutor_space


def is_tutor_of(user: User, contract: Contract) -> bool:
    scope = case_scope(user)
    return contract.pk in scope.tutored


@dataclass(frozen=True)
class CaseRights:
    """What one user may do on one visible case (no query once the scope is read)."""

    manage: bool  # runs the steps: référent of the (network, establishment), network lead
    assess: bool  # records a bilan and makes proposals: the above and the assessors
    lead: bool  # may take a contract beyond a solution's places


def case_rights(user: User, youth: Youth) -> CaseRights:
    scope = case_scope(user)
    if scope.everything:
        return CaseRights(manage=True, assess=True, lead=True)
    lead = youth.network_id in scope.led
    manage = lead or (youth.network_id, youth.establishment_id) in scope.links
    return CaseRights(manage=manage, assess=manage or youth.network_id in scope.networks, lead=lead)


def case_role(user: User, youth: Youth) -> Role:
    """The role under which the user reads this visible case, for the access log: the
    strongest one they hold on it (no query once the scope is read)."""
    scope = case_scope(user)
    if scope.everything:
        return Role.ADMIN
    if youth.network_id in scope.led:
        return Role.LEAD
    if (youth.network_id, youth.establishment_id) in scope.links:
        return Role.REFERENT
    if youth.network_id in scope.networks:
        return Role.ASSESSOR
    return Role.TUTOR


def access_request_youths(user: User) -> QuerySet[Youth]:
    """Youths whose data the user sees for a right-of-access request: the cases in their
    sight, and every youth of the académies where they are data protection officer."""
    scope = case_scope(user)
    if scope.everything:
        return Youth.objects.all()
    officer = Q(network__academy_id__in=sorted(dpo_academy_ids(user)))
    return Youth.objects.filter(_as_q(scope.conditions()) | officer)


def can_export_youth_data(user: User, youth: Youth) -> bool:
    """The network lead (or an administrator) and the académie's DPO download a youth's
    data; `youth.network` is loaded by the caller."""
    return case_rights(user, youth).lead or is_dpo_of(user, youth.network.academy_id)


def can_manage_youth(user: User, youth: Youth) -> bool:
    return case_rights(user, youth).manage


def can_assess_youth(user: User, youth: Youth) -> bool:
    return case_rights(user, youth).assess


def can_override_capacity(user: User, youth: Youth) -> bool:
    return case_rights(user, youth).lead


def can_request_transfer(user: User, youth: Youth) -> bool:
    """The lead of the youth's network asks for a transfer to another network."""
    return case_rights(user, youth).lead


def can_cancel_transfer(user: User, transfer: Transfer) -> bool:
    """Its requester, or the lead of the network it leaves (the requester's successor)."""
    return transfer.requested_by_id == user.pk or case_rights(user, transfer.youth).lead


def can_correct(user: User, youth: Youth, author_id: int | None) -> bool:
    """A record of the path (bilan, bilan de situation, exit) is corrected or cancelled by
    its author or by the network lead (also the administrators)."""
    return (author_id is not None and user.pk == author_id) or case_rights(user, youth).lead


def creation_establishments(user: User) -> dict[Establishment, list[Network]]:
    """Where the user may open a case: {establishment: [networks]}: a référent's own
    (network, establishment) pairs, and every establishment of the networks led."""
    scope = case_scope(user)
    links = NetworkEstablishment.objects.all()
    if not scope.everything:
        links = links.filter(
            _as_q(
                [
                    (("network_id",), frozenset((n,) for n in scope.led)),
                    (("network_id", "establishment_id"), scope.links),
                ]
            )
        )
    result: dict[Establishment, list[Network]] = {}
    for link in links.select_related("network", "establishment").order_by(
        "establishment__name", "network__name"
    ):
        result.setdefault(link.establishment, []).append(link.network)
    return result
