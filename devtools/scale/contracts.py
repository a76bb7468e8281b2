"""The young people who signed a contract: proposal, contract, guardian and signatures."""

import datetime as dt
from dataclasses import dataclass, field

from contracts.enums import (
    COMPLETED_OUTCOMES,
    ContractStatus,
    GuardianLink,
    Outcome,
    ProposalDecision,
    ProposalKind,
    SignatoryRole,
    SignatureMode,
    Step,
)
from contracts.models import Contract, Guardian, Proposal, Signature

from .reviews import Schedule

EARLY_OUTCOMES = (Outcome.MOVED, Outcome.STOPPED, Outcome.OTHER)
MEANING = "Reprendre une formation qualifiante et construire un projet professionnel."


@dataclass
class Path:
    """Where a young person's path has come to."""

    steps: list[str] = field(default_factory=lambda: [Step.CONTACT])
    assessed_on: dt.date | None = None
    exited_on: dt.date | None = None
    outcome: str = ""


class ContractPaths:
    """Mixed into the path builder, whose state it shares (rows, rng, org, schedules)."""

    def _contracted_path(
        self, network_id: int, youth_id: int, contacted_on: dt.date, minor: bool
    ) -> Path:
        rng, today = self.rng, self.today
        signed_on, assessed_on, proposed_on = self._contract_dates(contacted_on)
        solution_id, kind = rng.choice(self.org.solutions[network_id])
        starts_on = signed_on + dt.timedelta(days=rng.randint(0, 14))
        ends_on = starts_on + dt.timedelta(days=rng.randint(150, 300))
        awaiting = (today - signed_on).days < 20 and rng.random() < 0.5
        tutor_id = self._tutor(network_id, awaiting)
        path = Path(assessed_on=assessed_on)
        path.steps += [Step.ASSESSMENT, Step.PROPOSAL, Step.CONTRACT]
        status, activated_on, ended_on = ContractStatus.AWAITING_SIGNATURES, None, None
        if not awaiting:
            activated_on, status = signed_on, ContractStatus.ACTIVE
            path.steps.append(Step.ACTIVE)
            ended_on, path.outcome = self._contract_end(starts_on, ends_on)
            if ended_on is not None:
                status, path.exited_on = ContractStatus.ENDED, ended_on
                path.steps.append(Step.EXITED)
        proposal_id = self.rows.add(
            Proposal,
            youth_id,
            kind if kind in ProposalKind.values else ProposalKind.ESTABLISHMENT,
            solution_id,
            "",
            proposed_on,
            ProposalDecision.ACCEPTED,
            signed_on,
            "",  # refusal_code
            "",  # refusal_reason
            rng.choice(self.org.assessors[network_id]),
        )
        contract_id = self.rows.add(
            Contract,
            youth_id,
            proposal_id,
            solution_id,
            tutor_id,
            starts_on,
            ends_on,
            MEANING,
            4,  # review rhythm: set with the reviews
            status,
            activated_on,
            ended_on,
            None,  # next review: set with the reviews
            self.now,
        )
        if activated_on is not None:
            self.schedules.append(
                Schedule(contract_id, tutor_id, activated_on, ended_on or today, status)
            )
        guardian_id = self._guardian(youth_id) if minor else None
        if activated_on is not None:
            self._signatures(contract_id, tutor_id, activated_on, guardian_id)
        return path

    def _contract_dates(self, contacted_on: dt.date) -> tuple[dt.date, dt.date, dt.date]:
        """(signed, assessed, proposed): a few weeks from contact to signature."""
        rng = self.rng
        delay = min(int(rng.gammavariate(3.0, 15.0)) + 10, (self.today - contacted_on).days)
        signed_on = contacted_on + dt.timedelta(days=delay)
        assessed_on = contacted_on + dt.timedelta(days=rng.randint(0, delay // 3))
        proposed_on = assessed_on + dt.timedelta(
            days=rng.randint(0, max((signed_on - assessed_on).days - 1, 0))
        )
        return signed_on, assessed_on, proposed_on

    def _tutor(self, network_id: int, awaiting: bool) -> int:
        tutors = self.org.tutors[network_id]
        tutor_id = self.rng.choice(tutors)
        if awaiting and self.org.bench_tutor in tutors and not self.bench_draft:
            # The bench tutor gets a contract to sign: its draft PDF is measured.
            tutor_id = self.org.bench_tutor
            self.bench_draft = True
        if tutor_id == self.org.bench_tutor:
            self.bench_tutor_contracts += 1
        return tutor_id

    def _contract_end(self, starts_on: dt.date, ends_on: dt.date) -> tuple[dt.date | None, str]:
        """(ended on, outcome) of a signed contract: one in five ends early, the others at
        their end date if it is past; (None, "") while it runs."""
        rng, today = self.rng, self.today
        if rng.random() < 0.2:  # ended early
            last = min(ends_on, today)
            if last > starts_on + dt.timedelta(days=10):
                ended_on = starts_on + dt.timedelta(days=rng.randint(10, (last - starts_on).days))
                return ended_on, rng.choice(EARLY_OUTCOMES)
            return None, ""
        if ends_on < today:
            return ends_on, rng.choice(COMPLETED_OUTCOMES)
        return None, ""

    def _guardian(self, youth_id: int) -> int:
        rng = self.rng
        return self.rows.add(
            Guardian,
            youth_id,
            rng.choice(self.last_names),
            rng.choice(self.first_names),
            rng.choice((GuardianLink.MOTHER, GuardianLink.FATHER)),
            "06 00 00 00 00",
        )

    def _signatures(
        self, contract_id: int, tutor_id: int, signed_on: dt.date, guardian_id: int | None
    ) -> None:
        mode = self.rng.choice(SignatureMode.values)
        parties = [(SignatoryRole.TUTOR, None), (SignatoryRole.YOUTH, None)]
        if guardian_id:
            parties.append((SignatoryRole.GUARDIAN, guardian_id))
        for role, party_guardian in parties:
            self.rows.add(Signature, contract_id, role, party_guardian, signed_on, mode, tutor_id)
