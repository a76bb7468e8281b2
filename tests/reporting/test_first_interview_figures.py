"""« Délai médian avant premier entretien » and « part des premiers entretiens dans les 15
jours », by network, platform and in total; recounted in plain SQL (sql_figures.py)."""

import datetime as dt

import pytest

from reporting.dashboard import build_dashboard
from reporting.dashboard.indicators import compute_indicators
from tests.contracts.factories import YouthFactory
from tests.factories import NetworkFactory

from .sql_figures import compare

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)


def day(month: int, d: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, d)


@pytest.fixture
def received(network):
    other = NetworkFactory(academy=network.academy, platform=network.platform)
    far = NetworkFactory(academy=network.academy)  # another platform
    # Network: reached in 3, 15 (on time) and 20 days (late); one not reached, past its
    # deadline; one not reached, still in time (not judged); one received last year.
    for received_on, contacted_on in (
        (day(1, 5), day(1, 8)),
        (day(1, 5), day(1, 20)),
        (day(2, 1), day(2, 21)),
    ):
        YouthFactory(network=network, received_on=received_on, contacted_on=contacted_on)
    YouthFactory(network=network, to_contact=True, received_on=day(2, 10))
    YouthFactory(network=network, to_contact=True, received_on=day(3, 10))
    YouthFactory(network=network, received_on=day(6, 1, 2025), contacted_on=day(6, 2, 2025))
    # Other network, same platform: a file opened by hand (received on its contact day).
    YouthFactory(network=other, received_on=day(2, 2), contacted_on=day(2, 2))
    YouthFactory(network=far, received_on=day(1, 2), contacted_on=day(1, 30))
    return network, other, far


def test_first_interview_figures(received):
    network, other, far = received
    platform_of = {n.pk: n.platform_id for n in (network, other, far)}
    result = compute_indicators(platform_of=platform_of, year=2025, today=TODAY)
    mine = result.by_network[network.pk]
    assert (mine.received, mine.first_due, mine.first_on_time) == (5, 4, 2)
    assert mine.first_on_time_share == 0.5
    assert mine.first_median_days == 15  # 3, 15, 20
    platform = result.by_platform[network.platform_id]
    assert (platform.first_due, platform.first_on_time) == (5, 3)
    assert platform.first_median_days == 9  # 0, 3, 15, 20
    assert result.by_platform[far.platform_id].first_median_days == 28
    assert result.total.first_median_days == 15  # 0, 3, 15, 20, 28
    compare(result.by_network, 2025, TODAY)


def test_the_dashboard_tables_show_them(received):
    network, other, far = received
    board = build_dashboard(networks=[network, other, far], year=2025, today=TODAY)
    delays = board.tables["delais"]
    assert [c.label for c in delays.columns[-3:]] == [
        "Jeunes reçus par les réseaux dans l’année",
        "Délai médian avant premier entretien (jours)",
        "Part des premiers entretiens dans les 15 jours",
    ]
    assert delays.total[-3:] == [7, 15, pytest.approx(3 / 6)]
    platforms = board.tables["plateformes"]
    assert platforms.columns[-1].label == "Part des premiers entretiens dans les 15 jours"
