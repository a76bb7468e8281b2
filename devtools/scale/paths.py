"""Young people and their paths: assessments, proposals, contracts, signatures, reviews."""

import datetime as dt
from collections.abc import Iterable, Iterator

from contracts.enums import (
    ExitReason,
    Level,
    Origin,
    Outcome,
    ProposalDecision,
    ProposalKind,
    RefusalReason,
    Step,
)
from contracts.models import (
    Assessment,
    Contract,
    Guardian,
    Proposal,
    ReviewDue,
    Signature,
    SituationReview,
    StepTransition,
    Youth,
)
from foquale.inputs import name_key
from foquale.schoolyear import school_year_bounds, school_year_of

from .constants import BENCH_DOMAIN
from .contracts import EARLY_OUTCOMES, ContractPaths, Path
from .loader import Rows, spread
from .organisation import Org
from .reviews import Schedule, plan_reviews

# The coded reason of each early outcome (drawn without the generator: same seeds, same
# data as before the reasons were coded).
EARLY_EXIT_REASONS = {
    Outcome.MOVED: ExitReason.MOVED,
    Outcome.STOPPED: ExitReason.MOTIVATION,
    Outcome.OTHER: ExitReason.OTHER,
}

CLASSES = ("3e", "2nde GT", "2nde pro", "1re pro", "Terminale pro", "1re CAP", "2e CAP")
# Columns of each model's rows, in the order of loading (referenced rows first).
COLUMNS = {
    Youth: [
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
        "exit_reason_code",
        "created_at",
        "last_name_key",
        "first_name_key",
        "received_on",
    ],
    Guardian: ["id", "youth_id", "last_name", "first_name", "link", "phone"],
    StepTransition: ["id", "youth_id", "from_step", "to_step", "at"],
    Assessment: ["id", "youth_id", "assessor_id", "held_on", "findings", "level", "created_at"],
    Proposal: [
        "id",
        "youth_id",
        "kind",
        "solution_id",
        "target",
        "proposed_on",
        "decision",
        "decided_on",
        "refusal_code",
        "refusal_reason",
        "proposed_by_id",
    ],
    Contract: [
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
    Signature: ["id", "contract_id", "role", "guardian_id", "signed_on", "mode", "recorded_by_id"],
    SituationReview: ["id", "contract_id", "due_on", "held_on", "author_id", "progress"],
    ReviewDue: ["id", "contract_id", "due_on", "status", "review_id"],
}


class PathSeeding:
    """Mixed into `ScaleSeeder`: the second pass, over the organisation's networks."""

    def seed_paths(self, org: Org) -> None:
        builder = _PathRows(self, org)
        builder.build()
        planned = plan_reviews(
            builder.schedules,
            builder.rows,
            rng=self.rng,
            today=self.today,
            wanted=self.scale.reviews,
        )
        self.out("Jeunes et parcours :")
        for model, columns in COLUMNS.items():
            rows = builder.rows[model]
            if model is Contract:
                rows = _with_reviews(rows, planned)
            self.loader.load(model, columns, rows)
        self.out(
            f"Le compte tuteur@{BENCH_DOMAIN} suit {builder.bench_tutor_contracts} contrat(s)."
        )


def _with_reviews(
    contracts: Iterable[tuple], planned: dict[int, tuple[int, dt.date | None]]
) -> Iterator[tuple]:
    """The contract rows with their review rhythm and next review as planned."""
    for row in contracts:
        rhythm, next_review = planned.get(row[0], (row[8], None))
        yield row[:8] + (rhythm,) + row[9:12] + (next_review,) + row[13:]


class _PathRows(ContractPaths):
    """The paths' rows, built in memory network after network."""

    def __init__(self, seeder, org: Org):
        self.scale, self.rng, self.today, self.now = (
            seeder.scale,
            seeder.rng,
            seeder.today,
            seeder.now,
        )
        self.first_names, self.last_names = seeder.first_names, seeder.last_names
        self.org = org
        self.rows = Rows(seeder.loader, COLUMNS)
        self.schedules: list[Schedule] = []
        self.bench_tutor_contracts = 0
        self.bench_draft = False
        # Contacts over the two previous school years and the current one.
        self.first_day = school_year_bounds(school_year_of(self.today) - 2)[0]

    def build(self) -> None:
        networks = self.org.networks
        youths = spread(self.scale.youths, len(networks))
        contracts = spread(self.scale.contracts, len(networks))
        for (network_id, _academy_id), n_youths, n_contracts in zip(
            networks, youths, contracts, strict=True
        ):
            self._network(network_id, n_youths, n_contracts)

    def _network(self, network_id: int, n_youths: int, n_contracts: int) -> None:
        rng, today = self.rng, self.today
        span = (today - self.first_day).days
        contacts = sorted(
            self.first_day + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(n_youths)
        )
        # Contracts go to young people contacted at least a month ago.
        eligible = [i for i, day in enumerate(contacts) if (today - day).days > 30]
        with_contract = set(rng.sample(eligible, min(n_contracts, len(eligible))))
        for i, contacted_on in enumerate(contacts):
            self._youth(network_id, contacted_on, signed=i in with_contract)

    def _youth(self, network_id: int, contacted_on: dt.date, *, signed: bool) -> None:
        rng = self.rng
        youth_id = self.rows.take(Youth)
        birth = contacted_on - dt.timedelta(days=rng.randint(16 * 365, 20 * 365))
        minor = (contacted_on - birth).days < 18 * 365
        if signed:
            path = self._contracted_path(network_id, youth_id, contacted_on, minor)
        else:
            path = self._open_path(network_id, youth_id, contacted_on)
        if path.assessed_on is not None:
            self.rows.add(
                Assessment,
                youth_id,
                rng.choice(self.org.assessors[network_id]),
                path.assessed_on,
                "Entretien de situation : souhaite reprendre une formation.",
                rng.choice(Level.values),
                self.now,
            )
        previous = ""
        for step in path.steps:
            self.rows.add(StepTransition, youth_id, previous, step, self.now)
            previous = step
        self._youth_row(youth_id, network_id, birth, contacted_on, path)

    def _open_path(self, network_id: int, youth_id: int, contacted_on: dt.date) -> Path:
        """A path without a contract: waiting for an assessment or a proposal's answer,
        or exited."""
        rng, today = self.rng, self.today
        path = Path()
        proposed_on = None
        stage = rng.random()
        age = (today - contacted_on).days
        # About a third of contacts, and all under ten days old, are not assessed yet.
        if not (stage < 0.35 or age < 10):
            path.assessed_on = contacted_on + dt.timedelta(days=rng.randint(0, min(age, 40)))
            path.steps.append(Step.ASSESSMENT)
            if stage > 0.6 and (today - path.assessed_on).days > 5:
                proposed_on = path.assessed_on + dt.timedelta(
                    days=rng.randint(1, min((today - path.assessed_on).days, 30))
                )
                path.steps.append(Step.PROPOSAL)
        if age > 60 and rng.random() < 0.3:
            path.exited_on = contacted_on + dt.timedelta(days=rng.randint(30, age))
            path.outcome = rng.choice((*EARLY_OUTCOMES, Outcome.JOB, Outcome.FURTHER_TRAINING))
            path.steps.append(Step.EXITED)
        if proposed_on is not None:
            self._open_proposal(network_id, youth_id, proposed_on, refused_on=path.exited_on)
        return path

    def _open_proposal(
        self, network_id: int, youth_id: int, proposed_on: dt.date, refused_on: dt.date | None
    ) -> None:
        """A proposal waiting for an answer, or refused when the young person left."""
        rng = self.rng
        refused = refused_on is not None
        solution_id, kind = rng.choice(self.org.solutions[network_id])
        self.rows.add(
            Proposal,
            youth_id,
            kind if kind in ProposalKind.values else ProposalKind.PARTNER,
            solution_id,
            "",
            proposed_on,
            ProposalDecision.REFUSED if refused else ProposalDecision.PENDING,
            refused_on,
            RefusalReason.OTHER_PLAN if refused else "",
            "Ne souhaite pas cette formation." if refused else "",
            rng.choice(self.org.assessors[network_id]),
        )

    def _youth_row(
        self, youth_id: int, network_id: int, birth: dt.date, contacted_on: dt.date, path: Path
    ) -> None:
        rng = self.rng
        establishments = self.org.establishments[network_id]
        last_establishment = rng.choice(establishments)
        establishment = rng.choice(establishments)
        last_name, first_name = rng.choice(self.last_names), rng.choice(self.first_names)
        self.rows[Youth].append(
            (
                youth_id,
                network_id,
                establishment,
                last_name,
                first_name,
                birth,
                rng.choice("FM"),
                f"{youth_id:010d}{'ABCDEFGHJK'[youth_id % 10]}",
                rng.choice(Origin.values),
                last_establishment,
                rng.choice(CLASSES),
                contacted_on - dt.timedelta(days=rng.randint(30, 400)),
                rng.choice(Level.values),
                path.steps[-1],
                contacted_on,
                rng.choice(("phone", "meeting", "mail")),
                path.exited_on,
                path.outcome,
                EARLY_EXIT_REASONS.get(path.outcome, "") if path.exited_on else "",
                dt.datetime.combine(contacted_on, dt.time(9), tzinfo=dt.UTC),
                name_key(last_name),
                name_key(first_name),
                # Received a few days before the first contact (the 15-day rule's figures).
                contacted_on - dt.timedelta(days=rng.choice((0, 2, 5, 9, 14, 21))),
            )
        )
