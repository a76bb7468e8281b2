import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from networks.enums import SolutionKind, SolutionStatus
from networks.models import Solution
from tests.factories import AcademyFactory, EstablishmentFactory

from .factories import SolutionFactory

pytestmark = pytest.mark.django_db


def test_stale_after_the_configured_number_of_days(network, time_machine, settings):
    settings.SOLUTION_STALE_DAYS = 365
    time_machine.move_to(dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC), tick=False)
    solution = SolutionFactory(network=network)
    archived = SolutionFactory(network=network, status=SolutionStatus.ARCHIVED)
    time_machine.move_to(dt.datetime(2026, 1, 10, 11, tzinfo=dt.UTC), tick=False)
    assert not Solution.objects.get(pk=solution.pk).is_stale
    assert not Solution.objects.stale().exists()
    time_machine.move_to(dt.datetime(2026, 1, 10, 13, tzinfo=dt.UTC), tick=False)
    assert Solution.objects.get(pk=solution.pk).is_stale
    assert list(Solution.objects.stale()) == [solution]
    assert not Solution.objects.get(pk=archived.pk).is_stale
    settings.SOLUTION_STALE_DAYS = 400
    assert not Solution.objects.get(pk=solution.pk).is_stale


def test_host_of_another_academy_is_refused_in_french(network):
    solution = SolutionFactory.build(
        network=network, host=EstablishmentFactory(academy=AcademyFactory())
    )
    with pytest.raises(ValidationError) as error:
        solution.full_clean()
    assert "n’appartient pas à l’académie du réseau" in str(error.value.message_dict["host"])


def test_partner_solution_needs_a_partner(network):
    solution = SolutionFactory.build(network=network, kind=SolutionKind.PARTNER, host=None)
    with pytest.raises(ValidationError) as error:
        solution.full_clean()
    assert "partenaire" in str(error.value.message_dict["partner"])


def test_entry_dates_outside_the_period(network):
    solution = SolutionFactory.build(
        network=network, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30)
    )
    errors = solution.entry_date_errors([dt.date(2026, 9, 1), dt.date(2027, 7, 1)])
    assert errors == [
        "La date d’entrée du 01/07/2027 est en dehors de la période de la solution "
        "(du 01/09/2026 au 30/06/2027)."
    ]
