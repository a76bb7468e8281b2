import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from contracts.enums import ContractStatus, Step
from networks.grants import refresh_network_grants
from tests.factories import (
    NetworkFactory,
    PlatformFactory,
    SteeringMemberFactory,
    UserFactory,
)

from .factories import (
    AssessmentFactory,
    ContractFactory,
    ProposalFactory,
    SituationReviewFactory,
    YouthFactory,
)

# Every test of the dashboard runs on 15 March 2026: school year 2025-2026.
TODAY = dt.datetime(2026, 3, 15, 10, 0)
D = dt.date

# The dashboard page and its exports, shared by test_dashboard_views and test_dashboard_exports.
DASHBOARD = reverse("reporting:dashboard")


def export_url(slug: str, fmt: str) -> str:
    return reverse("reporting:dashboard_export", kwargs={"slug": slug, "fmt": fmt})


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def path(
    network,
    *,
    contacted_on,
    assessed_on=None,
    proposed_on=None,
    activated_on=None,
    status=ContractStatus.ACTIVE,
    ended_on=None,
    next_review_on=None,
    exited_on=None,
    outcome="",
    reviews=(),
    last_name=None,
):
    """One young person's path, every date given: the figures below are counted by hand."""
    step = Step.CONTACT
    if activated_on or status == ContractStatus.AWAITING_SIGNATURES:
        step = Step.ACTIVE if status == ContractStatus.ACTIVE else Step.CONTRACT
    if exited_on:
        step = Step.EXITED
    extra = {"last_name": last_name} if last_name else {}
    youth = YouthFactory(
        network=network,
        contacted_on=contacted_on,
        step=step,
        exited_on=exited_on,
        outcome=outcome,
        **extra,
    )
    if assessed_on:
        AssessmentFactory(youth=youth, held_on=assessed_on)
    if proposed_on:
        proposal = ProposalFactory(youth=youth, proposed_on=proposed_on)
        if activated_on or status == ContractStatus.AWAITING_SIGNATURES:
            contract = ContractFactory(
                youth=youth,
                proposal=proposal,
                status=status,
                activated_on=activated_on,
                starts_on=activated_on or proposed_on,
                ends_on=D(2026, 8, 31),
                ended_on=ended_on,
                next_review_on=next_review_on,
            )
            for due_on, held_on in reviews:
                SituationReviewFactory(contract=contract, due_on=due_on, held_on=held_on)
    return youth


@pytest.fixture
def territory(db):
    """Platform P1 with networks A and B, platform P2 with network C, one academy.

    Figures for 2025-2026 (today 15/03/2026), counted by hand:

    | | A | B | C | P1 | total |
    | contacted | 3 | 3 | 2 | 6 | 8 |
    | assessed | 2 | 0 | 0 | 2 | 2 |
    | proposal | 3 | 1 | 2 | 4 | 6 |
    | signed | 3 | 1 | 1 | 4 | 5 |
    | in path today | 2 | 1 | 1 | 3 | 4 |
    | completed | 1 | 1 | 0 | 2 | 2 |
    | ended early | 1 | 1 | 0 | 2 | 2 |
    | median days to contract | 31 | 10 | 20 | 30.5 | 30 |
    | due rows judged / held on time | 16/3 | 7/1 | 5/1 | 23/4 | 28/5 |
    | due rows without review (en retard) | 13 | 6 | 4 | 19 | 23 |
    """
    p1 = PlatformFactory(name="PSAD Nord")
    p2 = PlatformFactory(name="PSAD Sud", academy=p1.academy)
    a = NetworkFactory(name="Réseau A", academy=p1.academy, platform=p1, lead=UserFactory())
    b = NetworkFactory(name="Réseau B", academy=p1.academy, platform=p1, lead=UserFactory())
    c = NetworkFactory(name="Réseau C", academy=p1.academy, platform=p2)
    for network in (a, b, c):
        refresh_network_grants(network)

    # Network A.
    path(
        a,
        contacted_on=D(2025, 10, 1),
        assessed_on=D(2025, 10, 10),
        proposed_on=D(2025, 10, 20),
        activated_on=D(2025, 11, 1),  # 31 days
        next_review_on=D(2026, 3, 1),  # late
        reviews=[(D(2025, 12, 1), D(2025, 11, 30)), (D(2026, 1, 1), D(2026, 1, 5))],
        last_name="Zorglubienne",
    )
    path(
        a,
        contacted_on=D(2025, 9, 15),
        assessed_on=D(2025, 9, 20),
        proposed_on=D(2025, 10, 1),
        activated_on=D(2025, 10, 15),  # 30 days
        status=ContractStatus.ENDED,
        ended_on=D(2026, 2, 1),
        exited_on=D(2026, 2, 1),
        outcome="qualification",
        reviews=[(D(2025, 11, 15), D(2025, 11, 15))],
    )
    path(a, contacted_on=D(2025, 11, 1), exited_on=D(2025, 12, 1), outcome="moved")
    path(
        a,
        contacted_on=D(2024, 10, 1),  # last year
        assessed_on=D(2024, 10, 5),  # last year
        proposed_on=D(2025, 9, 10),
        activated_on=D(2025, 9, 20),  # 354 days
        next_review_on=D(2026, 4, 1),
        reviews=[(D(2025, 8, 20), D(2025, 8, 20))],  # due last year
    )
    path(
        a,
        contacted_on=D(2023, 9, 10),
        proposed_on=D(2023, 9, 20),
        activated_on=D(2023, 10, 1),
        status=ContractStatus.ENDED,
        ended_on=D(2024, 6, 30),
        exited_on=D(2024, 6, 30),
        outcome="job",
    )
    # Network B.
    path(
        b,
        contacted_on=D(2025, 9, 1),
        proposed_on=D(2025, 9, 5),
        activated_on=D(2025, 9, 11),  # 10 days
        next_review_on=D(2026, 3, 14),  # late
        reviews=[(D(2025, 10, 1), D(2025, 10, 2))],
    )
    path(b, contacted_on=D(2026, 1, 10), exited_on=D(2026, 2, 10), outcome="stopped")
    path(b, contacted_on=D(2025, 12, 1), exited_on=D(2026, 3, 1), outcome="job")
    # Network C.
    path(
        c,
        contacted_on=D(2025, 10, 1),
        proposed_on=D(2025, 10, 10),
        status=ContractStatus.AWAITING_SIGNATURES,
    )
    path(
        c,
        contacted_on=D(2025, 9, 5),
        proposed_on=D(2025, 9, 15),
        activated_on=D(2025, 9, 25),  # 20 days
        next_review_on=None,
        reviews=[(D(2025, 10, 23), D(2025, 10, 20))],
    )
    return {"p1": p1, "p2": p2, "a": a, "b": b, "c": c}


@pytest.fixture
def steering_user(territory):
    return SteeringMemberFactory(committee__academy=territory["a"].academy).user
