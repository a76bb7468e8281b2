"""The organisation: académies, platforms, networks, establishments, people and grants."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from foquale.accounts.models import User
from foquale.schoolyear import school_year_of
from networks.enums import EstablishmentKind, SeatRole, SolutionKind, SolutionStatus
from networks.models import (
    Academy,
    Basin,
    CommitteeSeat,
    Establishment,
    Network,
    Platform,
    PlatformCoordinator,
    Solution,
    SteeringCommittee,
    SteeringMember,
)
from referents.enums import AssessorFunction, TeamFunction
from referents.models import Assessor, Referent, TeamMember

from .constants import BENCH_ACCOUNTS, BENCH_DOMAIN, BENCH_PASSWORD, MARKER_ACADEMY_CODE
from .loader import Rows, spread, uai

ACADEMY_NAMES = (
    "Aix-Marseille Bench", "Amiens Bench", "Besançon Bench", "Bordeaux Bench",
    "Clermont-Ferrand Bench", "Corse Bench", "Créteil Bench", "Dijon Bench",
    "Grenoble Bench", "Guadeloupe Bench", "Guyane Bench", "La Réunion Bench",
    "Lille Bench", "Limoges Bench", "Lyon Bench", "Martinique Bench", "Mayotte Bench",
    "Montpellier Bench", "Nancy-Metz Bench", "Nantes Bench", "Nice Bench",
    "Normandie Bench", "Orléans-Tours Bench", "Paris Bench", "Poitiers Bench",
    "Reims Bench", "Rennes Bench", "Strasbourg Bench", "Toulouse Bench",
    "Versailles Bench",
)  # fmt: skip
ESTABLISHMENT_MIX = (
    (EstablishmentKind.COLLEGE, "Collège", 50),
    (EstablishmentKind.LEGT, "Lycée", 15),
    (EstablishmentKind.LP, "Lycée professionnel", 15),
    (EstablishmentKind.LPO, "Lycée polyvalent", 8),
    (EstablishmentKind.MICRO_LYCEE, "Micro-lycée", 2),
    (EstablishmentKind.CFA, "CFA public", 3),
    (EstablishmentKind.UFA, "UFA", 2),
    (EstablishmentKind.CIO, "CIO", 5),
)
STEERING_FUNCTIONS = ("recteur", "dafco", "daet", "csaio", "d2p", "dec", "de", "dasen")
SEATS = (
    SeatRole.HEAD_COLLEGE,
    SeatRole.HEAD_LEGT,
    SeatRole.HEAD_LP,
    SeatRole.MLDS_PILOT,
    SeatRole.CIO_DIRECTOR,
    SeatRole.INSPECTION,
)
SOLUTIONS_PER_NETWORK = 8
ASSESSORS_PER_NETWORK = 2
# Columns of each model's rows, in the order of loading (referenced rows first).
COLUMNS = {
    User: [
        "id",
        "email",
        "first_name",
        "last_name",
        "password",
        "is_active",
        "is_staff",
        "is_superuser",
        "date_joined",
    ],
    Academy: ["id", "name", "code"],
    SteeringCommittee: ["id", "academy_id"],
    SteeringMember: ["id", "committee_id", "user_id", "function"],
    Platform: ["id", "academy_id", "name"],
    PlatformCoordinator: ["id", "platform_id", "user_id"],
    Basin: ["id", "academy_id", "name"],
    Establishment: ["id", "academy_id", "basin_id", "uai", "name", "kind", "city"],
    Network: [
        "id",
        "academy_id",
        "platform_id",
        "basin_id",
        "name",
        "lead_id",
        "lead_appointed_on",
    ],
    Network.establishments.through: ["id", "network_id", "establishment_id"],
    CommitteeSeat: [
        "id",
        "network_id",
        "role",
        "user_id",
        "establishment_id",
        "started_on",
        "ended_on",
    ],
    Assessor: ["id", "network_id", "user_id", "function"],
    Solution: [
        "id",
        "network_id",
        "kind",
        "title",
        "host_id",
        "places",
        "starts_on",
        "ends_on",
        "status",
        "reviewed_at",
    ],
    Referent: ["id", "network_id", "establishment_id", "user_id", "school_year"],
    TeamMember: ["id", "establishment_id", "user_id", "function"],
}


@dataclass
class Org:
    """What the organisation pass hands to the path pass."""

    networks: list[tuple[int, int]] = field(default_factory=list)  # (network id, academy id)
    establishments: dict[int, list[int]] = field(default_factory=dict)  # per network
    solutions: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # (id, kind)
    assessors: dict[int, list[int]] = field(default_factory=dict)  # user ids per network
    tutors: dict[int, list[int]] = field(default_factory=dict)  # user ids per network
    bench_tutor: int = 0


class OrganisationSeeding:
    """Mixed into `ScaleSeeder`: the first pass."""

    def seed_organisation(self) -> Org:
        builder = _OrganisationRows(self)
        builder.build()
        self.out("Organisation et comptes :")
        for model, columns in COLUMNS.items():
            self.loader.load(model, columns, builder.rows[model])
        return builder.org


class _OrganisationRows:
    """The organisation's rows, built in memory académie after académie."""

    def __init__(self, seeder):
        self.scale, self.rng, self.now = seeder.scale, seeder.rng, seeder.now
        self.first_names, self.last_names = seeder.first_names, seeder.last_names
        self.cities = seeder.cities
        self.school_year = school_year_of(seeder.today)
        self.rows = Rows(seeder.loader, COLUMNS)
        self.org = Org()
        self.password = make_password(BENCH_PASSWORD)
        self.bench_left = set(BENCH_ACCOUNTS)
        self.kinds = [kind for kind, _, weight in ESTABLISHMENT_MIX for _ in range(weight)]
        self.prefixes = {kind: prefix for kind, prefix, _ in ESTABLISHMENT_MIX}

    def build(self) -> None:
        scale = self.scale
        sizes = zip(
            spread(scale.networks, scale.academies),
            spread(scale.platforms, scale.academies),
            spread(scale.establishments, scale.academies),
            spread(scale.users, scale.academies),
            strict=True,
        )
        for a, (n_networks, n_platforms, n_establishments, n_users) in enumerate(sizes):
            self._academy(a, n_networks, min(n_platforms, n_networks), n_establishments, n_users)

    def _user(self, role: str, academy_code: str) -> int:
        """A user; the first of each bench role gets the bench login."""
        user_id = self.rows.take(User)
        if role in self.bench_left:
            self.bench_left.discard(role)
            email = f"{role}@{BENCH_DOMAIN}"
        else:
            email = f"agent{user_id}@ac-{academy_code.lower()}.bench.foquale.fr"
        first_name, last_name = self.rng.choice(self.first_names), self.rng.choice(self.last_names)
        self.rows[User].append(
            (user_id, email, first_name, last_name, self.password, True, False, False, self.now)
        )
        return user_id

    def _academy(
        self, a: int, n_networks: int, n_platforms: int, n_establishments: int, n_users: int
    ) -> None:
        rows, rng = self.rows, self.rng
        code = MARKER_ACADEMY_CODE if a == 0 else f"BENCH{a + 1:02d}"
        academy_id = rows.add(Academy, ACADEMY_NAMES[a % len(ACADEMY_NAMES)], code)
        users_before = len(rows[User])
        committee_id = rows.add(SteeringCommittee, academy_id)
        for function in STEERING_FUNCTIONS:
            rows.add(SteeringMember, committee_id, self._user("pilotage", code), function)
        platform_ids = [
            rows.add(Platform, academy_id, f"PSAD {code} n° {p + 1}") for p in range(n_platforms)
        ]
        basin_ids = [
            rows.add(Basin, academy_id, f"Bassin {code} n° {b + 1}") for b in range(n_networks)
        ]
        establishment_ids = [
            self._establishment(a, e, academy_id, basin_ids[e % n_networks])
            for e in range(n_establishments)
        ]
        # Every platform gets one network, the rest are shared out among them.
        network_platform = [
            platform_ids[i] if i < n_platforms else rng.choice(platform_ids)
            for i in range(n_networks)
        ]
        for platform_id in platform_ids:
            rows.add(PlatformCoordinator, platform_id, self._user("ien-io", code))
        tutor_pool: list[tuple[int, int]] = []  # (network id, establishment id)
        for n in range(n_networks):
            members = establishment_ids[n::n_networks]
            network_id = self._network(
                n, code, academy_id, network_platform[n], basin_ids[n], members
            )
            tutor_pool.extend((network_id, e) for e in members)
        # One référent per establishment, named by the establishment's network.
        for network_id, establishment_id in tutor_pool:
            user_id = self._user("referent", code)
            rows.add(Referent, network_id, establishment_id, user_id, self.school_year)
        # Everyone else tutors, in one of the network's establishments.
        remaining = n_users - (len(rows[User]) - users_before)
        here = [network_id for network_id, _ in self.org.networks[-n_networks:]]
        self._tutors(code, here, tutor_pool, max(remaining, n_networks))

    def _establishment(self, a: int, e: int, academy_id: int, basin_id: int) -> int:
        kind = self.rng.choice(self.kinds)
        return self.rows.add(
            Establishment,
            academy_id,
            basin_id,
            uai(a, e),
            f"{self.prefixes[kind]} {self.rng.choice(self.last_names)}",
            kind,
            self.rng.choice(self.cities),
        )

    def _network(
        self, n: int, code: str, academy_id: int, platform_id: int, basin_id: int, members
    ) -> int:
        """A network with its lead, committee, assessors and catalogue."""
        lead_id = self._user("responsable", code)
        network_id = self.rows.add(
            Network,
            academy_id,
            platform_id,
            basin_id,
            f"Réseau FOQUALE {code} n° {n + 1}",
            lead_id,
            dt.date(self.school_year, 9, 15),
        )
        self.org.networks.append((network_id, academy_id))
        self.org.establishments[network_id] = members
        for establishment_id in members:
            self.rows.add(Network.establishments.through, network_id, establishment_id)
        self._committee(network_id, code, members)
        self.org.assessors[network_id] = [
            self._assessor(network_id, code, i) for i in range(ASSESSORS_PER_NETWORK)
        ]
        self.org.solutions[network_id] = [
            self._solution(network_id, s, members) for s in range(SOLUTIONS_PER_NETWORK)
        ]
        self.org.tutors[network_id] = []
        return network_id

    def _committee(self, network_id: int, code: str, members: list[int]) -> None:
        rng = self.rng
        # About a third of the committees miss one or two required seats.
        seats = list(SEATS)
        if rng.random() < 0.35:
            for _ in range(rng.randint(1, 2)):
                seats.remove(rng.choice(seats))
        for role in seats:
            user_id = self._user("comite", code)
            self.rows.add(
                CommitteeSeat,
                network_id,
                role,
                user_id,
                rng.choice(members),
                dt.date(self.school_year, 10, 1),
                None,
            )

    def _assessor(self, network_id: int, code: str, i: int) -> int:
        user_id = self._user("evaluateur", code)
        function = AssessorFunction.PSYEN if i == 0 else AssessorFunction.MLDS
        self.rows.add(Assessor, network_id, user_id, function)
        return user_id

    def _solution(self, network_id: int, s: int, members: list[int]) -> tuple[int, str]:
        kind = self.rng.choice(SolutionKind.values)
        solution_id = self.rows.add(
            Solution,
            network_id,
            kind,
            f"{SolutionKind(kind).label} n° {s + 1}",
            self.rng.choice(members),
            self.rng.randint(8, 40),
            dt.date(self.school_year, 9, 1),
            dt.date(self.school_year + 1, 7, 4),
            SolutionStatus.PUBLISHED,
            self.now,
        )
        return solution_id, kind

    def _tutors(self, code: str, here: list[int], pool: list[tuple[int, int]], count: int):
        """`count` tutors: one at least in each of the académie's networks (`here`), the
        others in establishments drawn from the `pool`."""
        for t in range(count):
            if t < len(here):
                network_id = here[t]
                establishment_id = self.org.establishments[network_id][0]
            else:
                network_id, establishment_id = self.rng.choice(pool)
            user_id = self._user("tuteur", code)
            if not self.org.bench_tutor:
                self.org.bench_tutor = user_id
            self.org.tutors[network_id].append(user_id)
            self.rows.add(
                TeamMember,
                establishment_id,
                user_id,
                self.rng.choice((TeamFunction.TEACHER, TeamFunction.CPE, TeamFunction.AED)),
            )
