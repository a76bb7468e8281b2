"""Scale data: whole académies of networks, young people, contracts and reviews.

Rows are generated in memory with explicit ids (so foreign keys are known without reading
back) and written with PostgreSQL's COPY, or large `bulk_create` batches elsewhere. Users
share one password hash computed once. Guardian grants are written as rows, like the
grants `networks.grants` would give: leads, committee members and IEN-IO on their
networks, assessors on their network's cases, tutors on their contracts.

Bench accounts (password `BENCH_PASSWORD`), all in the first académie:
`pilotage@bench.foquale.fr` (steering), `ien-io@…` (IEN-IO of the first platform),
`responsable@…` (lead of the first network), `comite@…`, `evaluateur@…`, `referent@…`
and `tuteur@…` (a tutor with an average number of contracts).
"""

import datetime as dt
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from faker import Faker

from foquale.accounts.models import User
from foquale.schoolyear import school_year_bounds, school_year_of
from foquale.validators import uai_check_letter
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

from .enums import (
    COMPLETED_OUTCOMES,
    ContractStatus,
    GuardianLink,
    Level,
    Origin,
    Outcome,
    ProposalDecision,
    ProposalKind,
    SignatoryRole,
    SignatureMode,
    Step,
)
from .models import (
    Assessment,
    Contract,
    ContractUserObjectPermission,
    Guardian,
    Proposal,
    Signature,
    SituationReview,
    StepTransition,
    Youth,
)

logger = logging.getLogger(__name__)

BENCH_PASSWORD = "foquale-bench"
BENCH_DOMAIN = "bench.foquale.fr"
BENCH_ACCOUNTS = (
    "pilotage",
    "ien-io",
    "responsable",
    "comite",
    "evaluateur",
    "referent",
    "tuteur",
)
# The tutor's grant on each contract, as the contract services give it.
TUTOR_CONTRACT_PERMS = ("view_contract",)
MARKER_ACADEMY_CODE = "BENCH01"


@dataclass(frozen=True)
class Scale:
    academies: int
    networks: int
    platforms: int
    establishments: int
    youths: int
    contracts: int
    reviews: int
    users: int


SCALES = {
    # Small enough for the test suite.
    "test": Scale(
        academies=2,
        networks=4,
        platforms=3,
        establishments=40,
        youths=300,
        contracts=80,
        reviews=400,
        users=120,
    ),
    "academy": Scale(
        academies=1,
        networks=25,
        platforms=13,
        establishments=600,
        youths=40_000,
        contracts=10_000,
        reviews=100_000,
        users=2_000,
    ),
    # About 380 PSAD and 30 académies in France (DOMAIN.md).
    "national": Scale(
        academies=30,
        networks=400,
        platforms=380,
        establishments=12_000,
        youths=550_000,
        contracts=100_000,
        reviews=1_000_000,
        users=60_000,
    ),
}

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
EARLY_OUTCOMES = (Outcome.MOVED, Outcome.STOPPED, Outcome.OTHER)
CLASSES = ("3e", "2nde GT", "2nde pro", "1re pro", "Terminale pro", "1re CAP", "2e CAP")
SOLUTIONS_PER_NETWORK = 8
ASSESSORS_PER_NETWORK = 2
STEP_ORDER = (Step.CONTACT, Step.ASSESSMENT, Step.PROPOSAL, Step.CONTRACT, Step.ACTIVE)


class Loader:
    """Writes rows (tuples of column values, id first) as fast as the database allows."""

    def __init__(self, now: dt.datetime, out: Callable[[str], None]):
        self.postgres = connection.vendor == "postgresql"
        self.now = now
        self.out = out
        self.loaded: list[type[models.Model]] = []
        self.counts: dict[str, int] = {}

    def next_id(self, model: type[models.Model]) -> int:
        return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1

    def load(self, model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
        """`columns` are attnames; every other column gets its default (or now)."""
        started = time.monotonic()
        fields = model._meta.concrete_fields
        extra_fields = [f for f in fields if f.attname not in columns]
        extra = tuple(self._default(f) for f in extra_fields)
        names = [*columns, *(f.attname for f in extra_fields)]
        count = 0
        if self.postgres:
            table = connection.ops.quote_name(model._meta.db_table)
            cols = ", ".join(connection.ops.quote_name(n) for n in names)
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + extra)
                        count += 1
        else:
            batch: list[models.Model] = []
            for row in rows:
                batch.append(model(**dict(zip(names, row + extra, strict=True))))
                if len(batch) >= 5_000:
                    model.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            model.objects.bulk_create(batch)
            count += len(batch)
        self.loaded.append(model)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + count
        self.out(f"  {label}: {count:,} lignes en {time.monotonic() - started:.1f} s")
        return count

    def _default(self, f: models.Field):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return self.now
        value = f.get_default()
        if value is None and not f.null:
            raise ValueError(f"{f.model.__name__}.{f.name} needs a value")
        return value

    def finish(self) -> None:
        if self.postgres:
            statements = connection.ops.sequence_reset_sql(no_style(), set(self.loaded))
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


@dataclass
class Org:
    """What the organisation pass hands to the path pass."""

    networks: list[tuple[int, int]] = field(default_factory=list)  # (network id, academy id)
    establishments: dict[int, list[int]] = field(default_factory=dict)  # per network
    solutions: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # (id, kind)
    assessors: dict[int, list[int]] = field(default_factory=dict)  # user ids per network
    tutors: dict[int, list[int]] = field(default_factory=dict)  # user ids per network
    bench_tutor: int = 0


def uai(academy_index: int, number: int) -> str:
    # Départements 100 and up are not used by real UAIs nor by the demo (069, 001, 042).
    digits = f"{100 + academy_index:03d}{number:04d}"
    return digits + uai_check_letter(digits)


def spread(total: int, parts: int) -> list[int]:
    """`total` split in `parts` near-equal integers."""
    base, rest = divmod(total, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


class ScaleSeeder:
    def __init__(
        self,
        scale: Scale,
        *,
        seed: int = 2013,
        today: dt.date | None = None,
        out: Callable[[str], None] = print,
    ):
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.out = out
        self.loader = Loader(self.now, out)
        fake = Faker("fr_FR")
        fake.seed_instance(seed)
        self.first_names = sorted({fake.first_name() for _ in range(2_000)})
        self.last_names = sorted({fake.last_name() for _ in range(4_000)})
        self.cities = [fake.city() for _ in range(500)]

    @staticmethod
    def already_seeded() -> bool:
        return Academy.objects.filter(code=MARKER_ACADEMY_CODE).exists()

    @transaction.atomic
    def run(self) -> dict[str, int]:
        org = self.seed_organisation()
        self.seed_paths(org)
        self.loader.finish()
        return self.loader.counts

    # --- organisation and people -------------------------------------------------------

    def _perm_ids(self, model: type[models.Model], codenames: Iterable[str]) -> dict[str, int]:
        return dict(
            Permission.objects.filter(
                content_type__app_label=model._meta.app_label,
                content_type__model=model._meta.model_name,
                codename__in=list(codenames),
            ).values_list("codename", "id")
        )

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

    # --- young people and their paths ---------------------------------------------------

    def seed_paths(self, org: Org) -> None:
        scale, rng, load, today = self.scale, self.rng, self.loader, self.today
        first_day = school_year_bounds(school_year_of(today) - 2)[0]
        span = (today - first_day).days
        contract_perm = self._perm_ids(Contract, TUTOR_CONTRACT_PERMS)
        ids = {
            model: load.next_id(model)
            for model in (
                Youth,
                Guardian,
                Assessment,
                Proposal,
                Contract,
                Signature,
                SituationReview,
                StepTransition,
                ContractUserObjectPermission,
            )
        }

        def take(model) -> int:
            value = ids[model]
            ids[model] += 1
            return value

        youths_per_network = spread(scale.youths, len(org.networks))
        contracts_per_network = spread(scale.contracts, len(org.networks))
        rows: dict[type[models.Model], list[tuple]] = {model: [] for model in ids}
        # (contract id, tutor id, activated_on, last day of the path so far, status)
        schedules: list[tuple[int, int, dt.date, dt.date, str]] = []
        bench_tutor_contracts = 0
        bench_draft = False

        for (network_id, _academy_id), n_youths, n_contracts in zip(
            org.networks, youths_per_network, contracts_per_network, strict=True
        ):
            establishments = org.establishments[network_id]
            assessors = org.assessors[network_id]
            solutions = org.solutions[network_id]
            tutors = org.tutors[network_id]
            contacts = sorted(
                first_day + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(n_youths)
            )
            # Contracts go to young people contacted at least a month ago.
            eligible = [i for i, day in enumerate(contacts) if (today - day).days > 30]
            with_contract = set(rng.sample(eligible, min(n_contracts, len(eligible))))
            for i, contacted_on in enumerate(contacts):
                youth_id = take(Youth)
                birth = contacted_on - dt.timedelta(days=rng.randint(16 * 365, 20 * 365))
                minor = (contacted_on - birth).days < 18 * 365
                steps = [Step.CONTACT]
                exited_on = None
                outcome = ""
                assessed_on = proposed_on = None
                if i in with_contract:
                    delay = min(int(rng.gammavariate(3.0, 15.0)) + 10, (today - contacted_on).days)
                    signed_on = contacted_on + dt.timedelta(days=delay)
                    assessed_on = contacted_on + dt.timedelta(days=rng.randint(0, delay // 3))
                    proposed_on = assessed_on + dt.timedelta(
                        days=rng.randint(0, max((signed_on - assessed_on).days - 1, 0))
                    )
                    contract_id = take(Contract)
                    proposal_id = take(Proposal)
                    solution_id, kind = rng.choice(solutions)
                    starts_on = signed_on + dt.timedelta(days=rng.randint(0, 14))
                    ends_on = starts_on + dt.timedelta(days=rng.randint(150, 300))
                    awaiting = (today - signed_on).days < 20 and rng.random() < 0.5
                    tutor_id = rng.choice(tutors)
                    if awaiting and org.bench_tutor in tutors and not bench_draft:
                        # The bench tutor gets a contract to sign: its draft PDF is measured.
                        tutor_id = org.bench_tutor
                        bench_draft = True
                    if tutor_id == org.bench_tutor:
                        bench_tutor_contracts += 1
                    ended_on = None
                    if awaiting:
                        status, activated_on = ContractStatus.AWAITING_SIGNATURES, None
                        steps += [Step.ASSESSMENT, Step.PROPOSAL, Step.CONTRACT]
                    else:
                        activated_on = signed_on
                        status = ContractStatus.ACTIVE
                        steps += [Step.ASSESSMENT, Step.PROPOSAL, Step.CONTRACT, Step.ACTIVE]
                        if rng.random() < 0.2:  # ended early
                            last = min(ends_on, today)
                            if last > starts_on + dt.timedelta(days=10):
                                ended_on = starts_on + dt.timedelta(
                                    days=rng.randint(10, (last - starts_on).days)
                                )
                                outcome = rng.choice(EARLY_OUTCOMES)
                        elif ends_on < today:
                            ended_on = ends_on
                            outcome = rng.choice(COMPLETED_OUTCOMES)
                        if ended_on is not None:
                            status = ContractStatus.ENDED
                            exited_on = ended_on
                            steps.append(Step.EXITED)
                        schedules.append(
                            (contract_id, tutor_id, activated_on, ended_on or today, status)
                        )
                    rows[Proposal].append(
                        (
                            proposal_id,
                            youth_id,
                            kind if kind in ProposalKind.values else ProposalKind.ESTABLISHMENT,
                            solution_id,
                            "",
                            proposed_on,
                            ProposalDecision.ACCEPTED,
                            signed_on,
                            "",
                            rng.choice(assessors),
                        )
                    )
                    rows[Contract].append(
                        (
                            contract_id,
                            youth_id,
                            proposal_id,
                            solution_id,
                            tutor_id,
                            starts_on,
                            ends_on,
                            "Reprendre une formation qualifiante et construire un projet "
                            "professionnel.",
                            4,  # review rhythm: set with the reviews below
                            status,
                            activated_on,
                            ended_on,
                            None,  # next review: set with the reviews below
                            self.now,
                        )
                    )
                    rows[ContractUserObjectPermission].extend(
                        (take(ContractUserObjectPermission), perm_id, tutor_id, contract_id)
                        for perm_id in contract_perm.values()
                    )
                    guardian_id = None
                    if minor:
                        guardian_id = take(Guardian)
                        rows[Guardian].append(
                            (
                                guardian_id,
                                youth_id,
                                rng.choice(self.last_names),
                                rng.choice(self.first_names),
                                rng.choice((GuardianLink.MOTHER, GuardianLink.FATHER)),
                                "06 00 00 00 00",
                            )
                        )
                    if activated_on is not None:
                        mode = rng.choice(SignatureMode.values)
                        parties = [(SignatoryRole.TUTOR, None), (SignatoryRole.YOUTH, None)]
                        if guardian_id:
                            parties.append((SignatoryRole.GUARDIAN, guardian_id))
                        rows[Signature].extend(
                            (take(Signature), contract_id, role, gid, activated_on, mode, tutor_id)
                            for role, gid in parties
                        )
                else:
                    stage = rng.random()
                    age = (today - contacted_on).days
                    if stage < 0.35 or age < 10:
                        pass
                    else:
                        assessed_on = contacted_on + dt.timedelta(days=rng.randint(0, min(age, 40)))
                        steps.append(Step.ASSESSMENT)
                        if stage > 0.6 and (today - assessed_on).days > 5:
                            proposed_on = assessed_on + dt.timedelta(
                                days=rng.randint(1, min((today - assessed_on).days, 30))
                            )
                            steps.append(Step.PROPOSAL)
                    if age > 60 and rng.random() < 0.3:
                        exited_on = contacted_on + dt.timedelta(days=rng.randint(30, age))
                        outcome = rng.choice(
                            (*EARLY_OUTCOMES, Outcome.JOB, Outcome.FURTHER_TRAINING)
                        )
                        steps.append(Step.EXITED)
                    if proposed_on is not None:
                        refused = exited_on is not None
                        solution_id, kind = rng.choice(solutions)
                        rows[Proposal].append(
                            (
                                take(Proposal),
                                youth_id,
                                kind if kind in ProposalKind.values else ProposalKind.PARTNER,
                                solution_id,
                                "",
                                proposed_on,
                                ProposalDecision.REFUSED if refused else ProposalDecision.PENDING,
                                exited_on if refused else None,
                                "Ne souhaite pas cette formation." if refused else "",
                                rng.choice(assessors),
                            )
                        )
                if assessed_on is not None:
                    rows[Assessment].append(
                        (
                            take(Assessment),
                            youth_id,
                            rng.choice(assessors),
                            assessed_on,
                            "Entretien de situation : souhaite reprendre une formation.",
                            rng.choice(Level.values),
                            self.now,
                        )
                    )
                previous = ""
                for step in steps:
                    rows[StepTransition].append(
                        (take(StepTransition), youth_id, previous, step, self.now)
                    )
                    previous = step
                last_establishment = rng.choice(establishments)
                rows[Youth].append(
                    (
                        youth_id,
                        network_id,
                        rng.choice(establishments),
                        rng.choice(self.last_names),
                        rng.choice(self.first_names),
                        birth,
                        rng.choice("FM"),
                        f"{youth_id:010d}{'ABCDEFGHJK'[youth_id % 10]}",
                        rng.choice(Origin.values),
                        last_establishment,
                        rng.choice(CLASSES),
                        contacted_on - dt.timedelta(days=rng.randint(30, 400)),
                        rng.choice(Level.values),
                        steps[-1],
                        contacted_on,
                        rng.choice(("phone", "meeting", "mail")),
                        exited_on,
                        outcome,
                        dt.datetime.combine(contacted_on, dt.time(9), tzinfo=dt.UTC),
                    )
                )

        planned = self._reviews(schedules, rows[SituationReview], take)
        self.out("Jeunes et parcours :")
        load.load(
            Youth,
            [
                "id",
                "network_id",
                "establishment_id",
                "last_name",
                "first_name",
                "birth_date",
                "sex",
                "ine",
                "origin",
                "last_establishment_id",
                "last_class",
                "left_on",
                "highest_level",
                "step",
                "contacted_on",
                "contact_channel",
                "exited_on",
                "outcome",
                "created_at",
            ],
            rows[Youth],
        )
        load.load(
            Guardian,
            ["id", "youth_id", "last_name", "first_name", "link", "phone"],
            rows[Guardian],
        )
        load.load(
            StepTransition, ["id", "youth_id", "from_step", "to_step", "at"], rows[StepTransition]
        )
        load.load(
            Assessment,
            ["id", "youth_id", "assessor_id", "held_on", "findings", "level", "created_at"],
            rows[Assessment],
        )
        load.load(
            Proposal,
            [
                "id",
                "youth_id",
                "kind",
                "solution_id",
                "target",
                "proposed_on",
                "decision",
                "decided_on",
                "refusal_reason",
                "proposed_by_id",
            ],
            rows[Proposal],
        )
        load.load(
            Contract,
            [
                "id",
                "youth_id",
                "proposal_id",
                "solution_id",
                "tutor_id",
                "starts_on",
                "ends_on",
                "meaning",
                "review_every_weeks",
                "status",
                "activated_on",
                "ended_on",
                "next_review_on",
                "created_at",
            ],
            (
                row[:8]
                + (planned.get(row[0], (row[8], None))[0],)
                + row[9:12]
                + (planned.get(row[0], (None, None))[1],)
                + row[13:]
                for row in rows[Contract]
            ),
        )
        load.load(
            Signature,
            ["id", "contract_id", "role", "guardian_id", "signed_on", "mode", "recorded_by_id"],
            rows[Signature],
        )
        load.load(
            SituationReview,
            ["id", "contract_id", "due_on", "held_on", "author_id", "progress"],
            rows[SituationReview],
        )
        load.load(
            ContractUserObjectPermission,
            ["id", "permission_id", "user_id", "content_object_id"],
            rows[ContractUserObjectPermission],
        )
        self.out(f"Le compte tuteur@{BENCH_DOMAIN} suit {bench_tutor_contracts} contrat(s).")

    def _reviews(self, schedules, out_rows: list, take) -> dict[int, tuple[int, dt.date | None]]:
        """Reviews at each contract's rhythm from its signature; some missed, some late.

        The rhythm is set so that the reviews come near the scale's volume (a few more
        slots than wanted, then about one in eight missed). Returns each signed contract's
        rhythm and, when active, its next review date: already past when reviews were missed.
        """
        rng, today = self.rng, self.today
        weeks = sum((last - activated).days / 7 for _, _, activated, last, _ in schedules)
        base = min(max(weeks / max(self.scale.reviews * 1.15, 1), 1.0), 6.0)
        rhythms = [min(max(round(base * rng.choice((0.75, 1, 1, 1.25))), 1), 26) for _ in schedules]
        slots = [
            max((last - activated).days // (7 * rhythm), 0)
            for (_, _, activated, last, _), rhythm in zip(schedules, rhythms, strict=True)
        ]
        keep = min(1.0, self.scale.reviews / max(sum(slots), 1))
        planned: dict[int, tuple[int, dt.date | None]] = {}
        for (contract_id, tutor_id, activated, _last, status), rhythm, count in zip(
            schedules, rhythms, slots, strict=True
        ):
            step = dt.timedelta(weeks=rhythm)
            last_held = activated
            # One active contract in eight has missed its latest reviews.
            stalled = status == ContractStatus.ACTIVE and rng.random() < 0.125
            for k in range(1, count + 1):
                due = activated + step * k
                # The latest slot is kept unless stalled, so lateness is the stalled eighth.
                if (k < count and rng.random() > keep) or (stalled and k > count - 2):
                    continue
                late_by = rng.randint(-5, 0) if rng.random() < 0.8 else rng.randint(1, 21)
                held = min(due + dt.timedelta(days=late_by), today)
                out_rows.append(
                    (take(SituationReview), contract_id, due, held, tutor_id, "Assiduité correcte.")
                )
                last_held = due
            next_review = last_held + step if status == ContractStatus.ACTIVE else None
            planned[contract_id] = (rhythm, next_review)
        return planned
