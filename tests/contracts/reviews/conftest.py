import datetime as dt
import zoneinfo

import pytest
import time_machine

from .factories import ContractFactory, ReferentFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(day: dt.date, hour: int = 9):
    """Freeze the clock on a day, Paris time."""
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS), tick=False
    )


@pytest.fixture
def frozen():
    """Thursday 5 November 2026, 9:00 in Paris: a week after the first due date (29/10)."""
    with at(dt.date(2026, 11, 5)):
        yield dt.date(2026, 11, 5)


@pytest.fixture
def contract(network):
    """Active since 1 October 2026, a review every 4 weeks: first due on 29 October."""
    return ContractFactory(youth__network=network)


@pytest.fixture
def tutor(contract):
    return contract.tutor


@pytest.fixture
def referent(contract, frozen):
    return ReferentFactory(establishment=contract.youth.establishment).user
