"""The dashboard's exports: CSV and XLSX tables, their contents, and the access log."""

import csv
import io

import pytest
from openpyxl import load_workbook

from audit.enums import ReadKind, Role
from audit.models import ReadLog
from reporting.dashboard import TABLE_SLUGS

from .conftest import DASHBOARD, export_url

pytestmark = pytest.mark.django_db


def test_csv_export(client, steering_user, territory):
    client.force_login(steering_user)
    response = client.get(export_url("delais", "csv"), {"annee": 2025})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert (
        'filename="foquale-tableau-de-bord-delais-2025-2026-tous-les-reseaux.csv"'
        in response["Content-Disposition"]
    )
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    heading, *rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert heading[0].startswith("FOQUALE — tableau de bord, année scolaire 2025-2026")
    assert rows[0][0:3] == [
        "Réseau",
        "Plateforme",
        "Délai médian du contact au contrat signé (jours)",
    ]
    assert rows[0][5] == "Part des bilans de situation tenus à la date prévue (%)"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Réseau A"][1:7] == ["PSAD Nord", "31", "16", "3", "18,8", "13"]
    assert by_name["Ensemble"][1:7] == ["", "30", "28", "5", "17,9", "23"]
    assert rows[0][7:] == [
        "Jeunes reçus par les réseaux dans l’année",
        "Délai médian avant premier entretien (jours)",
        "Part des premiers entretiens dans les 15 jours (%)",
    ]


def test_csv_export_of_outcomes(client, steering_user):
    client.force_login(steering_user)
    content = client.get(export_url("issues", "csv")).content.decode("utf-8-sig")
    _heading, *rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[1] == ["Diplôme ou qualification obtenu", "Parcours achevé", "1", "100"]
    assert rows[-1] == ["Contrats terminés dans l’année", "", "1", "100"]


def test_xlsx_export(client, steering_user, territory):
    client.force_login(steering_user)
    response = client.get(export_url("reseaux", "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content))["reseaux"]
    heading, *rows = list(sheet.iter_rows(values_only=True))
    assert "année scolaire 2025-2026" in heading[0] and "filtres : aucun" in heading[0]
    assert rows[0][0] == "Le parcours des jeunes par réseau, année scolaire 2025-2026"
    assert rows[1][:3] == ("Réseau", "Plateforme", "Cohorte : jeunes contactés dans l’année")
    assert rows[2] == ("Réseau A", "PSAD Nord", 3, 2, 2, 2, 1, 3, 2)
    assert rows[5][:3] == ("Total", None, 8)


def test_xlsx_keeps_shares_as_numbers(client, steering_user):
    client.force_login(steering_user)
    sheet = load_workbook(io.BytesIO(client.get(export_url("delais", "xlsx")).content))["delais"]
    share = sheet["F4"]
    assert share.value == pytest.approx(3 / 16)
    assert share.number_format == "0.0%"


def test_whole_workbook(client, steering_user):
    client.force_login(steering_user)
    workbook = load_workbook(io.BytesIO(client.get(export_url("tout", "xlsx")).content))
    assert workbook.sheetnames == [*TABLE_SLUGS, "tendance"]
    assert TABLE_SLUGS == (
        "parcours",
        "evenements",
        "reseaux",
        "delais",
        "issues",
        "motifs",
        "sorties",
        "plateformes",
        "composition",
    )


FORMULA = '=HYPERLINK("http://pirate.example/","Cliquez ici")'


def test_a_formula_like_network_name_is_exported_as_text(client, steering_user, territory):
    network = territory["a"]
    network.name = FORMULA
    network.save()
    client.force_login(steering_user)

    content = client.get(export_url("reseaux", "csv")).content.decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(content), delimiter=";")]
    assert "'" + FORMULA in names
    assert FORMULA not in names

    workbook = load_workbook(io.BytesIO(client.get(export_url("tout", "xlsx")).content))
    cells = [row[0] for row in workbook["reseaux"].iter_rows() if row[0].value == FORMULA]
    assert cells, "the name is in the workbook, unchanged"
    # Read back as text, not as a formula (openpyxl reads a formula as data type "f").
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


@pytest.mark.parametrize("slug,fmt", [("inconnu", "csv"), ("tout", "csv")])
def test_unknown_exports_are_404(client, steering_user, slug, fmt):
    client.force_login(steering_user)
    assert client.get(export_url(slug, fmt)).status_code == 404


def test_every_export_is_in_the_access_log(client, steering_user, territory):
    client.force_login(steering_user)
    client.get(DASHBOARD)
    assert not ReadLog.objects.exists()  # figures on screen are not an export
    client.get(export_url("reseaux", "csv"))
    client.get(export_url("tout", "xlsx"), {"reseau": territory["a"].pk})
    academy_rows, network_row = ReadLog.objects.order_by("pk")
    assert (academy_rows.user, academy_rows.role, academy_rows.kind) == (
        steering_user,
        Role.STEERING,
        ReadKind.EXPORT,
    )
    assert (academy_rows.academy_id, academy_rows.network_id) == (territory["a"].academy_id, None)
    assert network_row.network_id == territory["a"].pk
    assert network_row.path == export_url("tout", "xlsx")
    client.force_login(territory["a"].lead)
    client.get(export_url("reseaux", "csv"))
    assert ReadLog.objects.order_by("pk").last().role == Role.LEAD
