"""A network with its operational actors, and a helper that walks a young person along the
path through the real services."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from contracts import services
from contracts.enums import (
    ContactChannel,
    GuardianLink,
    Origin,
    ProposalKind,
    SignatoryRole,
    SignatureMode,
)
from contracts.models import Contract, Proposal, Youth
from foquale.accounts.models import User
from networks.models import Establishment, Network, Solution
from referents.services import assessor_add
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory

from .esign_helpers import invite, links_in_outbox
from .factories import ReferentFactory, SolutionFactory, TeamMemberFactory, years_ago


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def establishment(network):
    establishment = EstablishmentFactory(academy=network.academy)
    network.establishments.add(establishment)
    return establishment


@pytest.fixture
def referent(establishment):
    return ReferentFactory(establishment=establishment).user


@pytest.fixture
def assessor(network):
    user = UserFactory()
    assessor_add(network=network, user=user, function="psyen", by=network.lead)
    return user


@pytest.fixture
def tutor(establishment):
    return TeamMemberFactory(establishment=establishment).user


@pytest.fixture
def solution(network, establishment):
    return SolutionFactory(network=network, host=establishment, places=2)


@dataclass
class PathBuilder:
    network: Network
    establishment: Establishment
    referent: User
    assessor: User
    tutor: User
    solution: Solution

    def youth(self, *, minor: bool = False, guardians: int | None = None, **fields) -> Youth:
        values = {
            "network": self.network,
            "establishment": self.establishment,
            "last_name": "Martin",
            "first_name": "Léa",
            "birth_date": years_ago(17 if minor else 19),
            "origin": Origin.SIEI,
            "contacted_on": days_ago(90),
            "contact_channel": ContactChannel.PHONE,
            "email": "lea.martin@example.org",
            "created_by": self.referent,
            # Several files of the same name in one test are different young people.
            "confirm_duplicate": True,
            **fields,
        }
        youth = services.youth_create(**values)
        for index in range(1 if minor and guardians is None else guardians or 0):
            services.guardian_add(
                youth=youth,
                last_name="Martin",
                first_name=["Sophie", "Karim", "Anne"][index],
                link=[GuardianLink.MOTHER, GuardianLink.FATHER, GuardianLink.TUTOR][index],
                email=f"parent{index}.{youth.pk}@example.org",
                by=self.referent,
            )
        return youth

    def assessed(self, youth: Youth | None = None, **fields) -> Youth:
        youth = youth or self.youth(**fields)
        services.assessment_record(
            youth=youth,
            assessor=self.assessor,
            held_on=days_ago(80),
            findings="Motivée pour reprendre une formation en alternance.",
            wishes="CAP commerce",
            by=self.assessor,
        )
        return youth

    def proposed(self, youth: Youth | None = None, *, solution=True, **fields) -> Proposal:
        youth = youth or self.assessed(**fields)
        return services.proposal_make(
            youth=youth,
            kind=ProposalKind.MICRO_LYCEE,
            solution=self.solution if solution is True else solution,
            target="" if solution else "Formation partenaire",
            proposed_on=days_ago(70),
            by=self.referent,
        )

    def accepted(self, proposal: Proposal | None = None, **fields) -> Proposal:
        proposal = proposal or self.proposed(**fields)
        return services.proposal_decide(
            proposal=proposal, accepted=True, decided_on=days_ago(60), by=self.referent
        )

    def contract(self, proposal: Proposal | None = None, **fields) -> Contract:
        terms = {
            "tutor": self.tutor,
            "starts_on": days_ago(30),
            "ends_on": days_ago(30) + dt.timedelta(weeks=26),
            "meaning": "Reprendre une scolarité au micro-lycée et préparer un CAP.",
            "youth_commitments": "Être assidue et venir aux bilans.",
            "review_every_weeks": 4,
        }
        youth_fields = {k: v for k, v in fields.items() if k not in terms}
        terms.update({k: v for k, v in fields.items() if k in terms})
        proposal = proposal or self.accepted(**youth_fields)
        return services.contract_create(proposal=proposal, created_by=self.referent, **terms)

    def sign(self, contract: Contract, role: str, guardian=None, amendment=None, on=None):
        return services.signature_record(
            contract=contract,
            role=role,
            guardian=guardian,
            amendment=amendment,
            signed_on=on or days_ago(20),
            mode=SignatureMode.PAPER,
            recorded_by=self.referent,
        )

    def active(self, contract: Contract | None = None, **fields) -> Contract:
        contract = contract or self.contract(**fields)
        self.sign(contract, SignatoryRole.TUTOR)
        self.sign(contract, SignatoryRole.YOUTH)
        if contract.youth.is_minor_on(days_ago(20)):
            for guardian in contract.youth.guardians.all():
                self.sign(contract, SignatoryRole.GUARDIAN, guardian=guardian)
        contract.refresh_from_db()
        return contract


@pytest.fixture
def path(network, establishment, referent, assessor, tutor, solution):
    return PathBuilder(network, establishment, referent, assessor, tutor, solution)


# Online signature (test_esign.py, test_esign_invitations.py).


@pytest.fixture
def minor_contract(path, django_capture_on_commit_callbacks):
    contract = path.contract(minor=True, guardians=2)
    return contract


@pytest.fixture
def links(minor_contract, path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(minor_contract, path.referent)
    return links_in_outbox()


# Transfers between networks (test_transfers.py, test_transfer_answers.py).


@pytest.fixture
def receiving(network):
    """Another network of the académie (on another platform), with a lead and a member
    establishment."""
    other = NetworkFactory(academy=network.academy, lead=UserFactory())
    other.establishments.add(EstablishmentFactory(academy=network.academy))
    return other


@pytest.fixture
def receiving_lead(receiving):
    return receiving.lead


@pytest.fixture
def youth(path):
    return path.assessed(last_name="Voyageur")
