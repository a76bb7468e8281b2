"""The dashboard's trend (month by month, against the year before), its chart and table,
and the exports' first line and file names saying the year and the filters."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.dashboard.trends import school_months, trend_table
from reporting.trend_chart import trend_chart
from tests.factories import SteeringMemberFactory

from .conftest import D, path

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("reporting:dashboard")


def export_url(slug: str, fmt: str) -> str:
    return reverse("reporting:dashboard_export", kwargs={"slug": slug, "fmt": fmt})


@pytest.fixture
def steering_user(territory):
    return SteeringMemberFactory(committee__academy=territory["a"].academy).user


def test_school_months_run_from_september_to_august():
    months = school_months(2025)
    assert months[0] == D(2025, 9, 1) and months[3] == D(2025, 12, 1)
    assert months[4] == D(2026, 1, 1) and months[-1] == D(2026, 8, 1)


def test_trend_counts_each_month_of_both_years_and_leaves_the_future_empty(territory):
    a = territory["a"]

    def by_month():
        table = trend_table(network_ids=[a.pk], year=2025, today=D(2026, 3, 15))
        return table, {row[0]: row[1:] for row in table.rows}

    table, before = by_month()
    # This year's contacts of network A, as the dashboard counts them (docs/indicators.md).
    assert table.total[1] == 3
    path(  # the year before
        a, contacted_on=D(2024, 10, 3), proposed_on=D(2024, 11, 1), activated_on=D(2024, 11, 20)
    )
    path(a, contacted_on=D(2025, 8, 30))  # 2024-2025 still: August
    path(a, contacted_on=D(2026, 2, 2))  # this year, February
    table, after = by_month()
    assert after["octobre"][1] == before["octobre"][1] + 1  # contacted in October 2024
    assert after["novembre"][3] == before["novembre"][3] + 1  # signed in November 2024
    assert after["août"][1] == before["août"][1] + 1
    assert after["février"][0] == before["février"][0] + 1
    assert after["avril"][0] is None and after["avril"][2] is None  # to come
    assert table.total[1] == 4 and table.total[2] == sum(row[2] for row in table.rows)
    assert [c.label for c in table.columns][1:3] == [
        "Jeunes contactés 2025-2026",
        "Jeunes contactés 2024-2025",
    ]


def test_trend_of_networks_out_of_view_is_empty(territory):
    table = trend_table(network_ids=[territory["c"].pk], year=2025, today=D(2026, 3, 15))
    other = trend_table(network_ids=[territory["a"].pk], year=2025, today=D(2026, 3, 15))
    assert table.total[1] == 2 and other.total[1] == 3


def test_chart_has_its_table_as_alternative_and_differs_by_shape(territory):
    table = trend_table(network_ids=[territory["a"].pk], year=2025, today=D(2026, 3, 15))
    chart = trend_chart(table, current_column=1, previous_column=2, title="Contacts par mois")
    svg = str(chart.svg)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert table.caption in svg
    assert 'stroke-dasharray="6 4"' in svg  # the year before: dashed
    assert "<circle" in svg and "<rect" in svg  # round marks and square marks
    assert svg.count("<circle") == 7 + 1  # September to March, and the legend


def test_dashboard_shows_the_trend_with_its_table(client, steering_user):
    client.force_login(steering_user)
    html = client.get(DASHBOARD).content.decode()
    assert "Évolution mois par mois, comparée à l’année précédente" in html
    assert 'id="tableau-tendance"' in html and 'href="#tableau-tendance"' in html
    assert export_url("tendance", "csv") in html


def test_csv_export_says_year_and_filters_first(client, steering_user, territory):
    client.force_login(steering_user)
    response = client.get(export_url("tendance", "csv"), {"reseau": territory["a"].pk})
    disposition = response["Content-Disposition"]
    assert f"foquale-tableau-de-bord-tendance-2025-2026-reseau-{territory['a'].pk}.csv" in (
        disposition
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0].startswith("FOQUALE — tableau de bord, année scolaire 2025-2026")
    assert "Réseau A (plateforme PSAD Nord)" in rows[0][0]
    assert "Réseau Réseau" not in rows[0][0] and "réseau Réseau" not in rows[0][0]
    assert rows[1][0] == "Mois" and rows[2][0] == "septembre"


def test_unfiltered_exports_say_so(client, steering_user):
    client.force_login(steering_user)
    response = client.get(export_url("reseaux", "csv"))
    assert "-tous-les-reseaux.csv" in response["Content-Disposition"]
    first = response.content.decode("utf-8-sig").splitlines()[0]
    assert "filtres : aucun (tous les réseaux de votre périmètre)" in first


def test_xlsx_workbook_holds_the_trend_and_says_the_filters(client, steering_user, territory):
    client.force_login(steering_user)
    response = client.get(export_url("tout", "xlsx"), {"plateforme": territory["p1"].pk})
    assert f"-plateforme-{territory['p1'].pk}.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert "tendance" in workbook.sheetnames
    sheet = workbook["tendance"]
    assert "filtres : plateforme PSAD Nord" in sheet["A1"].value
    assert sheet["A2"].value.startswith("Jeunes contactés et contrats signés par mois")
    assert sheet["A3"].value == "Mois"
