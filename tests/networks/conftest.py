import datetime as dt

import pytest
import time_machine

from networks import perms

# Fixtures from tests/conftest.py appoint the lead on 15/09/2026 and seat the member on
# 01/10/2026; the network pages refuse dates after "today", so the clock is fixed after them.
TODAY = dt.date(2027, 1, 15)


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2027, 1, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


# The date the service tests appoint, seat, replace and meet on (before TODAY).
DAY = dt.date(2027, 1, 10)


def _visible(user, network) -> bool:
    return perms.networks_for_user(user).filter(pk=network.pk).exists()
