"""Young people and their paths: assessments, proposals, contracts, signatures, reviews."""

import datetime as dt

from django.db import models

from contracts.enums import (
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
from contracts.models import (
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
from foquale.schoolyear import school_year_bounds, school_year_of

from .constants import BENCH_DOMAIN, TUTOR_CONTRACT_PERMS
from .loader import spread
from .organisation import Org

EARLY_OUTCOMES = (Outcome.MOVED, Outcome.STOPPED, Outcome.OTHER)
CLASSES = ("3e", "2nde GT", "2nde pro", "1re pro", "Terminale pro", "1re CAP", "2e CAP")


class PathSeeding:
    """Mixed into `ScaleSeeder`: the second pass, over the organisation's networks."""

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
                    # About a third of contacts, and all under ten days old, are not assessed yet.
                    if not (stage < 0.35 or age < 10):
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
