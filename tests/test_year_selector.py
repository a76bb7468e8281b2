"""One year selector everywhere: the school years with data, and the current one."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from foquale.schoolyear import school_years_with_data, year_options
from foquale.sorting import Column, Sorting


@time_machine.travel(dt.datetime(2026, 12, 1, 10, 0), tick=False)
def test_years_run_from_the_first_data_to_the_current_year():
    assert school_years_with_data(None) == [2026]
    assert school_years_with_data(dt.date(2024, 10, 1)) == [2026, 2025, 2024]
    assert school_years_with_data(dt.date(2024, 8, 31)) == [2026, 2025, 2024, 2023]
    assert school_years_with_data(dt.date(2030, 1, 1)) == [2026]  # data ahead: current only
    assert year_options(dt.date(2025, 9, 1), last=2027) == [
        (2027, "2027-2028"),
        (2026, "2026-2027"),
        (2025, "2025-2026"),
    ]


@pytest.mark.django_db
def test_youth_list_offers_only_years_with_contacts(client, settings):
    from tests.contracts.factories import ReferentFactory, YouthFactory
    from tests.factories import EstablishmentFactory, NetworkFactory

    with time_machine.travel(dt.datetime(2026, 12, 1, 10, 0), tick=False):
        network = NetworkFactory()
        establishment = EstablishmentFactory(academy=network.academy)
        network.establishments.add(establishment)
        referent = ReferentFactory(establishment=establishment, network=network).user
        YouthFactory(network=network, establishment=establishment, contacted_on=dt.date(2025, 3, 1))
        client.force_login(referent)
        html = client.get(reverse("contracts:youth_list")).content.decode()
    assert '<option value="2026">2026-2027</option>' in html
    assert '<option value="2024">2024-2025</option>' in html
    assert 'value="2023"' not in html and 'value="2013"' not in html


def test_sorting_ignores_an_unknown_column_and_turns_the_order(rf):
    columns = [Column("nom", "Nom", ("name",)), Column("date", "Date", ("-day",)), Column("x", "X")]
    sorting = Sorting(rf.get("/", {"tri": "-date", "page": "3", "q": "a"}), columns, default="nom")
    assert sorting.value == "-date"
    assert [str(o) for o in sorting.order_by()][0].startswith("OrderBy(F(day), descending=False")
    headers = sorting.headers()
    assert headers[1]["aria_sort"] == "descending" and headers[0]["aria_sort"] is None
    assert headers[1]["url"] == "?tri=date&q=a"  # the page is dropped, the search kept
    assert headers[2]["sortable"] is False and "url" not in headers[2]
    assert Sorting(rf.get("/", {"tri": "x"}), columns, default="nom").key == "nom"
