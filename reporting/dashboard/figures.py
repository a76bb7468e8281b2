"""The figures of one network, platform or the total (`Figures`), the names of the
counts that add up from one level to the next (`COUNTS`), and one label per indicator
(`LABELS`); computed by `reporting.dashboard.indicators`."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from contracts.enums import COMPLETED_OUTCOMES

COMPLETED = frozenset(o.value for o in COMPLETED_OUTCOMES)
# An exit recorded without an outcome still counts, as an early end of unknown kind.
UNKNOWN_OUTCOME = ""
# A contract ended without the exit of its young person (another contract followed).
REORIENTED = "reoriented"
# First and last day of a school year.
YearRange = tuple[dt.date, dt.date]

# One label per indicator, on every page, table, chart and export (docs/indicators.md).
LABELS = {
    "contacted": "Jeunes contactés dans l’année",
    "cohort_assessed": "Bilan réalisé",
    "cohort_proposed": "Proposition de retour en formation reçue",
    "cohort_signed": "Contrat FOQUALE signé",
    "cohort_completed": "Parcours achevé",
    "assessed": "Jeunes ayant eu un bilan dans l’année",
    "proposed": "Jeunes ayant reçu une proposition dans l’année",
    "signed": "Jeunes ayant signé un contrat dans l’année",
    "in_path": "En parcours",
    "completed": "Parcours achevé",
    "ended_early": "Sortie anticipée",
    "contracts_ended": "Contrats terminés dans l’année",
    "exited_before_contract": "Sorties avant tout contrat",
    "median_days": "Délai médian du contact au contrat signé (jours)",
    "reviews_due": "Échéances de bilans de situation de l’année",
    "reviews_on_time": "Bilans tenus à la date prévue",
    "on_time_share": "Part des bilans de situation tenus à la date prévue",
    "reviews_overdue": "Échéances de bilans dépassées sans bilan",
    "received": "Jeunes reçus par les réseaux dans l’année",
    "first_median_days": "Délai médian avant premier entretien (jours)",
    "first_on_time_share": "Part des premiers entretiens dans les 15 jours",
}


@dataclass
class Figures:
    # The cohort: first contacted in the year, followed to where they are now.
    contacted: int = 0
    cohort_assessed: int = 0
    cohort_proposed: int = 0
    cohort_signed: int = 0
    cohort_completed: int = 0
    cohort_ended_early: int = 0
    cohort_exited_before_contract: int = 0
    # Events of the year, whenever first contacted.
    assessed: int = 0
    proposed: int = 0
    signed: int = 0
    # The stock on the reference day.
    in_path: int = 0
    # Contracts ended in the year by outcome code (REORIENTED: no exit); exits in the year
    # before any contract, by outcome code.
    contract_outcomes: Counter = field(default_factory=Counter)
    # Why the contracts ended early by an exit, by coded reason ("" when none was coded).
    early_reasons: Counter = field(default_factory=Counter)
    exits_before_contract: Counter = field(default_factory=Counter)
    reviews_due: int = 0
    reviews_on_time: int = 0
    reviews_held: int = 0
    median_days: float | None = None
    # The 15-day rule: young people received in the year; those judged (reached, or past
    # their deadline on the reference day); those reached within the deadline.
    received: int = 0
    first_due: int = 0
    first_on_time: int = 0
    first_median_days: float | None = None

    @property
    def first_on_time_share(self) -> float | None:
        return self.first_on_time / self.first_due if self.first_due else None

    @property
    def completed(self) -> int:
        """Contracts ended in the year on a completed path."""
        return sum(n for code, n in self.contract_outcomes.items() if code in COMPLETED)

    @property
    def ended_early(self) -> int:
        """Contracts ended in the year otherwise (early exit or réorientation)."""
        return sum(n for code, n in self.contract_outcomes.items() if code not in COMPLETED)

    @property
    def contracts_ended(self) -> int:
        return sum(self.contract_outcomes.values())

    @property
    def exited_before_contract(self) -> int:
        return sum(self.exits_before_contract.values())

    @property
    def reviews_overdue(self) -> int:
        """Due dates past the grace period without a review (`dues.overdue_dues`)."""
        return self.reviews_due - self.reviews_held

    @property
    def on_time_share(self) -> float | None:
        return self.reviews_on_time / self.reviews_due if self.reviews_due else None

    def add(self, other: "Figures") -> None:
        """Add another level's counts (not its median, which does not add up)."""
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.contract_outcomes.update(other.contract_outcomes)
        self.early_reasons.update(other.early_reasons)
        self.exits_before_contract.update(other.exits_before_contract)


COUNTS = (
    "contacted",
    "cohort_assessed",
    "cohort_proposed",
    "cohort_signed",
    "cohort_completed",
    "cohort_ended_early",
    "cohort_exited_before_contract",
    "assessed",
    "proposed",
    "signed",
    "in_path",
    "reviews_due",
    "reviews_on_time",
    "reviews_held",
    "received",
    "first_due",
    "first_on_time",
)
