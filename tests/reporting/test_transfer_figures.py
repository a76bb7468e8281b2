"""After a transfer, the figures keep the past (docs/indicators.md, « Transferts entre
réseaux »): what happened before the transfer counts for the network the young person was
in, what happened after for the receiving one; a young person counts once in the totals."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from contracts.enums import TransferReason
from contracts.services.transfers import transfer_accept, transfer_request
from reporting.dashboard.indicators import compute_indicators
from tests.factories import EstablishmentFactory, NetworkFactory, PlatformFactory, UserFactory

from .factories import AssessmentFactory, ProposalFactory, YouthFactory
from .sql_figures import compare

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)
D = dt.date
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(params=["same platform", "two platforms"])
def moved(request):
    """A young person contacted and assessed in network A, transferred to B (decided at
    00:30 in Paris on 16 November, still the 15th in UTC), assessed again and offered a
    proposal in B; one young person who stayed in each network."""
    p1 = PlatformFactory(name="PSAD Nord")
    p2 = p1 if request.param == "same platform" else PlatformFactory(academy=p1.academy)
    a = NetworkFactory(name="Réseau A", academy=p1.academy, platform=p1, lead=UserFactory())
    b = NetworkFactory(name="Réseau B", academy=p1.academy, platform=p2, lead=UserFactory())
    arrival = EstablishmentFactory(academy=p1.academy)
    b.establishments.add(arrival)
    youth = YouthFactory(network=a, contacted_on=D(2025, 10, 1), received_on=D(2025, 9, 25))
    AssessmentFactory(youth=youth, held_on=D(2025, 11, 15))
    YouthFactory(network=a, contacted_on=D(2025, 12, 1), received_on=D(2025, 12, 1))
    YouthFactory(network=b, contacted_on=D(2026, 1, 5), received_on=D(2026, 1, 5))
    with time_machine.travel(dt.datetime(2025, 11, 15, 12, 0, tzinfo=PARIS), tick=False):
        transfer = transfer_request(
            youth=youth,
            to_network=b,
            reason_code=TransferReason.MOVED,
            reason_details="",
            by=a.lead,
        )
    with time_machine.travel(dt.datetime(2025, 11, 16, 0, 30, tzinfo=PARIS), tick=False):
        transfer_accept(transfer=transfer, establishment=arrival, by=b.lead)
    youth.refresh_from_db()
    assert youth.network == b
    AssessmentFactory(youth=youth, held_on=D(2025, 11, 20))
    ProposalFactory(youth=youth, proposed_on=D(2025, 12, 1))
    return {"a": a, "b": b, "youth": youth}


def _figures(*networks):
    return compute_indicators(
        platform_of={n.pk: n.platform_id for n in networks}, year=2025, today=TODAY
    )


def test_the_old_network_keeps_what_happened_before_the_transfer(moved):
    a, b = moved["a"], moved["b"]
    result = _figures(a, b)
    fa, fb = result.by_network[a.pk], result.by_network[b.pk]
    # A contacted them: its cohort keeps them, followed to where they are now.
    assert (fa.contacted, fa.cohort_assessed, fa.cohort_proposed) == (2, 1, 1)
    assert (fa.assessed, fa.proposed) == (1, 0)
    assert (fa.received, fa.first_due, fa.first_on_time) == (2, 2, 2)
    # B assessed them again and made the proposal; its cohort is its own contact only.
    assert (fb.contacted, fb.cohort_assessed, fb.cohort_proposed) == (1, 0, 0)
    assert (fb.assessed, fb.proposed) == (1, 1)
    assert fb.received == 1
    # The académie counts the young person once, in the cohort and in each event.
    total = result.total
    assert (total.contacted, total.assessed, total.proposed, total.received) == (3, 1, 1, 3)
    platforms = result.by_platform
    if a.platform_id == b.platform_id:
        assert platforms[a.platform_id].assessed == 1
        assert platforms[a.platform_id].contacted == 3
    else:
        assert (platforms[a.platform_id].assessed, platforms[b.platform_id].assessed) == (1, 1)
        assert platforms[a.platform_id].contacted == 2


def test_each_network_alone_shows_the_same_figures(moved):
    a, b = moved["a"], moved["b"]
    both = _figures(a, b).by_network
    for network in (a, b):
        alone = _figures(network).by_network[network.pk]
        assert alone == both[network.pk]


def test_the_figures_match_their_plain_sql_definitions(moved):
    result = _figures(moved["a"], moved["b"])
    compare(result.by_network, 2025, TODAY)
