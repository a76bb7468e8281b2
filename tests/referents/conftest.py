import datetime as dt

import pytest
import time_machine

# Frozen in the 2026-2027 school year.
TODAY = dt.date(2027, 1, 15)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2027, 1, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY
