"""The organisation: académies, platforms, networks, establishments, people and grants."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import models

from foquale.accounts.models import User
from foquale.schoolyear import school_year_of
from networks.enums import EstablishmentKind, SeatRole, SolutionKind, SolutionStatus
from networks.grants import ASSESSOR_PERMS, COORDINATOR_PERMS, LEAD_PERMS, MEMBER_PERMS
from networks.models import (
    Academy,
    Basin,
    CommitteeSeat,
    Establishment,
    Network,
    NetworkUserObjectPermission,
    Platform,
    PlatformCoordinator,
    Solution,
    SteeringCommittee,
    SteeringMember,
)
from referents.enums import AssessorFunction, TeamFunction
from referents.models import Assessor, Referent, TeamMember

from .constants import BENCH_ACCOUNTS, BENCH_DOMAIN, BENCH_PASSWORD, MARKER_ACADEMY_CODE
from .loader import spread, uai

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
        scale, rng, load = self.scale, self.rng, self.loader
        org = Org()
        school_year = school_year_of(self.today)
        password = make_password(BENCH_PASSWORD)
        network_perm = self._perm_ids(
            Network, LEAD_PERMS | MEMBER_PERMS | COORDINATOR_PERMS | ASSESSOR_PERMS
        )

        ids = {
            model: load.next_id(model)
            for model in (
                Academy,
                SteeringCommittee,
                SteeringMember,
                Platform,
                PlatformCoordinator,
                Basin,
                Establishment,
                Network,
                Network.establishments.through,
                CommitteeSeat,
                Solution,
                User,
                Assessor,
                Referent,
                TeamMember,
                NetworkUserObjectPermission,
            )
        }

        def take(model) -> int:
            value = ids[model]
            ids[model] += 1
            return value

        rows: dict[type[models.Model], list[tuple]] = {model: [] for model in ids}
        user_rows = rows[User]
        bench_left = set(BENCH_ACCOUNTS)

        def new_user(role: str, academy_code: str) -> int:
            user_id = take(User)
            if role in bench_left:
                bench_left.discard(role)
                email = f"{role}@{BENCH_DOMAIN}"
            else:
                email = f"agent{user_id}@ac-{academy_code.lower()}.bench.foquale.fr"
            user_rows.append(
                (
                    user_id,
                    email,
                    rng.choice(self.first_names),
                    rng.choice(self.last_names),
                    password,
                    True,
                    False,
                    False,
                    self.now,
                )
            )
            return user_id

        def grant(user_id: int, network_id: int, codenames: Iterable[str]) -> None:
            for codename in sorted(codenames):
                rows[NetworkUserObjectPermission].append(
                    (take(NetworkUserObjectPermission), network_perm[codename], user_id, network_id)
                )

        networks_per_academy = spread(scale.networks, scale.academies)
        platforms_per_academy = spread(scale.platforms, scale.academies)
        establishments_per_academy = spread(scale.establishments, scale.academies)
        users_per_academy = spread(scale.users, scale.academies)
        kinds = [kind for kind, _, weight in ESTABLISHMENT_MIX for _ in range(weight)]
        prefixes = {kind: prefix for kind, prefix, _ in ESTABLISHMENT_MIX}

        for a in range(scale.academies):
            code = MARKER_ACADEMY_CODE if a == 0 else f"BENCH{a + 1:02d}"
            academy_id = take(Academy)
            rows[Academy].append((academy_id, ACADEMY_NAMES[a % len(ACADEMY_NAMES)], code))
            users_before = len(user_rows)
            committee_id = take(SteeringCommittee)
            rows[SteeringCommittee].append((committee_id, academy_id))
            for function in STEERING_FUNCTIONS:
                user_id = new_user("pilotage", code)
                rows[SteeringMember].append((take(SteeringMember), committee_id, user_id, function))

            n_networks = networks_per_academy[a]
            n_platforms = min(platforms_per_academy[a], n_networks)
            platform_ids = []
            for p in range(n_platforms):
                platform_id = take(Platform)
                platform_ids.append(platform_id)
                rows[Platform].append((platform_id, academy_id, f"PSAD {code} n° {p + 1}"))
            basin_ids = []
            for b in range(n_networks):
                basin_id = take(Basin)
                basin_ids.append(basin_id)
                rows[Basin].append((basin_id, academy_id, f"Bassin {code} n° {b + 1}"))

            establishment_ids = []
            for e in range(establishments_per_academy[a]):
                establishment_id = take(Establishment)
                establishment_ids.append(establishment_id)
                kind = rng.choice(kinds)
                rows[Establishment].append(
                    (
                        establishment_id,
                        academy_id,
                        basin_ids[e % n_networks],
                        uai(a, e),
                        f"{prefixes[kind]} {rng.choice(self.last_names)}",
                        kind,
                        rng.choice(self.cities),
                    )
                )

            # Every platform gets one network, the rest are shared out among them.
            network_platform = [
                platform_ids[i] if i < n_platforms else rng.choice(platform_ids)
                for i in range(n_networks)
            ]
            coordinator_of: dict[int, int] = {}
            for platform_id in platform_ids:
                user_id = new_user("ien-io", code)
                coordinator_of[platform_id] = user_id
                rows[PlatformCoordinator].append((take(PlatformCoordinator), platform_id, user_id))

            tutor_pool: list[tuple[int, int]] = []  # (network id, establishment id)
            for n in range(n_networks):
                network_id = take(Network)
                org.networks.append((network_id, academy_id))
                members = establishment_ids[n::n_networks]
                org.establishments[network_id] = members
                lead_id = new_user("responsable", code)
                rows[Network].append(
                    (
                        network_id,
                        academy_id,
                        network_platform[n],
                        basin_ids[n],
                        f"Réseau FOQUALE {code} n° {n + 1}",
                        lead_id,
                        dt.date(school_year, 9, 15),
                    )
                )
                for establishment_id in members:
                    rows[Network.establishments.through].append(
                        (take(Network.establishments.through), network_id, establishment_id)
                    )
                grant(lead_id, network_id, LEAD_PERMS)
                grant(coordinator_of[network_platform[n]], network_id, COORDINATOR_PERMS)
                # About a third of the committees miss one or two required seats.
                seats = list(SEATS)
                if rng.random() < 0.35:
                    for _ in range(rng.randint(1, 2)):
                        seats.remove(rng.choice(seats))
                for role in seats:
                    user_id = new_user("comite", code)
                    rows[CommitteeSeat].append(
                        (
                            take(CommitteeSeat),
                            network_id,
                            role,
                            user_id,
                            rng.choice(members),
                            dt.date(school_year, 10, 1),
                            None,
                        )
                    )
                    grant(user_id, network_id, MEMBER_PERMS)
                org.assessors[network_id] = []
                for i in range(ASSESSORS_PER_NETWORK):
                    user_id = new_user("evaluateur", code)
                    org.assessors[network_id].append(user_id)
                    function = AssessorFunction.PSYEN if i == 0 else AssessorFunction.MLDS
                    rows[Assessor].append((take(Assessor), network_id, user_id, function))
                    grant(user_id, network_id, ASSESSOR_PERMS)
                org.solutions[network_id] = []
                for s in range(SOLUTIONS_PER_NETWORK):
                    solution_id = take(Solution)
                    kind = rng.choice(SolutionKind.values)
                    org.solutions[network_id].append((solution_id, kind))
                    rows[Solution].append(
                        (
                            solution_id,
                            network_id,
                            kind,
                            f"{SolutionKind(kind).label} n° {s + 1}",
                            rng.choice(members),
                            rng.randint(8, 40),
                            dt.date(school_year, 9, 1),
                            dt.date(school_year + 1, 7, 4),
                            SolutionStatus.PUBLISHED,
                            self.now,
                        )
                    )
                org.tutors[network_id] = []
                tutor_pool.extend((network_id, e) for e in members)

            for establishment_id in establishment_ids:
                user_id = new_user("referent", code)
                rows[Referent].append((take(Referent), establishment_id, user_id, school_year))

            # Everyone else tutors, in one of the network's establishments.
            remaining = users_per_academy[a] - (len(user_rows) - users_before)
            here = [network_id for network_id, _ in org.networks[-n_networks:]]
            for t in range(max(remaining, n_networks)):
                if t < n_networks:  # one tutor at least in every network
                    network_id = here[t]
                    establishment_id = org.establishments[network_id][0]
                else:
                    network_id, establishment_id = rng.choice(tutor_pool)
                user_id = new_user("tuteur", code)
                if not org.bench_tutor:
                    org.bench_tutor = user_id
                org.tutors[network_id].append(user_id)
                rows[TeamMember].append(
                    (
                        take(TeamMember),
                        establishment_id,
                        user_id,
                        rng.choice((TeamFunction.TEACHER, TeamFunction.CPE, TeamFunction.AED)),
                    )
                )

        self.out("Organisation et comptes :")
        load.load(
            User,
            [
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
            user_rows,
        )
        load.load(Academy, ["id", "name", "code"], rows[Academy])
        load.load(SteeringCommittee, ["id", "academy_id"], rows[SteeringCommittee])
        load.load(
            SteeringMember, ["id", "committee_id", "user_id", "function"], rows[SteeringMember]
        )
        load.load(Platform, ["id", "academy_id", "name"], rows[Platform])
        load.load(PlatformCoordinator, ["id", "platform_id", "user_id"], rows[PlatformCoordinator])
        load.load(Basin, ["id", "academy_id", "name"], rows[Basin])
        load.load(
            Establishment,
            ["id", "academy_id", "basin_id", "uai", "name", "kind", "city"],
            rows[Establishment],
        )
        load.load(
            Network,
            ["id", "academy_id", "platform_id", "basin_id", "name", "lead_id", "lead_appointed_on"],
            rows[Network],
        )
        load.load(
            Network.establishments.through,
            ["id", "network_id", "establishment_id"],
            rows[Network.establishments.through],
        )
        load.load(
            CommitteeSeat,
            ["id", "network_id", "role", "user_id", "establishment_id", "started_on", "ended_on"],
            rows[CommitteeSeat],
        )
        load.load(Assessor, ["id", "network_id", "user_id", "function"], rows[Assessor])
        load.load(
            Solution,
            [
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
            rows[Solution],
        )
        load.load(Referent, ["id", "establishment_id", "user_id", "school_year"], rows[Referent])
        load.load(TeamMember, ["id", "establishment_id", "user_id", "function"], rows[TeamMember])
        load.load(
            NetworkUserObjectPermission,
            ["id", "permission_id", "user_id", "content_object_id"],
            rows[NetworkUserObjectPermission],
        )
        return org
