"""Who must sign a contract or an amendment, and whether they all have (reads only)."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from .enums import SignatoryRole
from .models import Amendment, Contract, Guardian, Signature


@dataclass(frozen=True)
class Party:
    role: str
    name: str
    guardian: Guardian | None = None

    @property
    def key(self) -> str:
        return f"guardian-{self.guardian.pk}" if self.guardian else self.role

    @property
    def label(self) -> str:
        if self.guardian:
            return f"{self.guardian.get_link_display()} (représentant légal)"
        return SignatoryRole(self.role).label


@dataclass
class SignatureState:
    """The parties required on `on` and what each has signed."""

    on: dt.date
    parties: list[tuple[Party, Signature | None]]
    complete: bool
    minor: bool
    missing_guardian: bool
    signing_date: dt.date | None = None
    signatures: list[Signature] = field(default_factory=list)
    # The online invitation of each party, by party key, when the page shows them.
    invitations: dict = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[Party, Signature | None, object]]:
        return [
            (party, signature, self.invitations.get(party.key)) for party, signature in self.parties
        ]

    @property
    def first_missing(self) -> str | None:
        """The key of the first party still to sign: where a signature form starts."""
        return next((party.key for party, signature in self.parties if not signature), None)


def parties_on(contract: Contract, guardians: list[Guardian], day: dt.date) -> list[Party]:
    """The parties of a contract signed on `day`."""
    return _parties(contract, guardians, with_guardians=contract.youth.is_minor_on(day))


def all_parties(contract: Contract, guardians: list[Guardian]) -> list[Party]:
    """Everyone who may be asked to sign: the guardians only sign for a minor, which the
    signing service checks against the date."""
    return _parties(contract, guardians, with_guardians=True)


def _parties(contract: Contract, guardians: list[Guardian], *, with_guardians: bool) -> list[Party]:
    youth = contract.youth
    parties = [
        Party(SignatoryRole.TUTOR, contract.tutor.get_full_name()),
        Party(SignatoryRole.YOUTH, str(youth)),
    ]
    if with_guardians:
        parties += [
            Party(SignatoryRole.GUARDIAN, f"{g.first_name} {g.last_name.upper()}", g)
            for g in guardians
        ]
    return parties


def _signature_key(signature: Signature) -> str:
    return f"guardian-{signature.guardian_id}" if signature.guardian_id else signature.role


def signature_state(
    contract: Contract,
    amendment: Amendment | None = None,
    *,
    guardians: list[Guardian] | None = None,
    signatures: list[Signature] | None = None,
) -> SignatureState:
    """Complete when the tutor, the young person and, if the young person is a minor on the
    date of the last signature, every legal guardian have signed."""
    if guardians is None:
        guardians = list(contract.youth.guardians.all())
    if signatures is None:
        signatures = list(
            Signature.objects.filter(contract=contract, amendment=amendment).select_related(
                "guardian", "recorded_by"
            )
        )
    youth = contract.youth
    by_key = {_signature_key(s): s for s in signatures}
    signing_date = max((s.signed_on for s in signatures), default=None)
    complete = False
    if signing_date is not None:
        minor_then = youth.is_minor_on(signing_date)
        required = _parties(contract, guardians, with_guardians=minor_then)
        complete = (not minor_then or bool(guardians)) and all(
            party.key in by_key for party in required
        )
    if complete:
        on, minor = signing_date, youth.is_minor_on(signing_date)
    else:
        # The next signature is likely given today, but one dated back to when the young
        # person was a minor still calls for the guardians.
        on = timezone.localdate()
        minor = youth.is_minor_on(on) or (
            signing_date is not None and youth.is_minor_on(signing_date)
        )
    parties = _parties(contract, guardians, with_guardians=minor)
    return SignatureState(
        on=on,
        parties=[(party, by_key.get(party.key)) for party in parties],
        complete=complete,
        minor=minor,
        missing_guardian=minor and not guardians,
        signing_date=signing_date if complete else None,
        signatures=signatures,
    )
