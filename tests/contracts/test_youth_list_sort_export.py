"""The case list's sortable columns, its « bilans en retard » filter and the lead's export
(same rows, order and columns as the page, through the same scope)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from audit.enums import ReadKind
from audit.models import ReadLog
from contracts.models import Contract
from tests.factories import NetworkFactory, UserFactory

from .conftest import days_ago
from .factories import YouthFactory
from .test_lists import LIST_QUERIES, add_cases

pytestmark = pytest.mark.django_db
URL = "/jeunes/"


def names_in_order(html: str, names: list[str]) -> list[str]:
    return sorted((n for n in names if f">{n} " in html), key=lambda n: html.index(f">{n} "))


@pytest.fixture
def three(path):
    """Three cases: two under an active contract (one review late), one just contacted."""
    late = add_cases(path, 1, last_name="Bernard", contacted_on=days_ago(10))[0]
    Contract.objects.filter(youth=late).update(next_review_on=days_ago(30))
    add_cases(path, 1, last_name="Aubert", contacted_on=days_ago(20))
    YouthFactory(
        network=path.network,
        establishment=path.establishment,
        last_name="Carpentier",
        contacted_on=days_ago(5),
    )
    return ["AUBERT", "BERNARD", "CARPENTIER"]


def test_columns_sort_both_ways_with_aria_sort(client, path, three):
    client.force_login(path.referent)
    html = client.get(URL).content.decode()
    assert names_in_order(html, three) == ["AUBERT", "BERNARD", "CARPENTIER"]
    assert 'aria-sort="ascending"' in html and html.count("aria-sort=") == 1
    html = client.get(URL, {"tri": "-nom"}).content.decode()
    assert names_in_order(html, three) == ["CARPENTIER", "BERNARD", "AUBERT"]
    assert 'aria-sort="descending"' in html
    # Contact le: the latest first; the header then offers the other way.
    html = client.get(URL, {"tri": "contact"}).content.decode()
    assert names_in_order(html, three) == ["CARPENTIER", "BERNARD", "AUBERT"]
    assert "?tri=-contact" in html
    html = client.get(URL, {"tri": "bilan"}).content.decode()
    assert names_in_order(html, three)[:2] == ["BERNARD", "AUBERT"]
    # An unknown column falls back to the name.
    html = client.get(URL, {"tri": "ine"}).content.decode()
    assert names_in_order(html, three) == ["AUBERT", "BERNARD", "CARPENTIER"]


def test_sort_is_kept_by_filters_and_pages(client, path):
    for _ in range(30):
        YouthFactory(network=path.network, establishment=path.establishment)
    client.force_login(path.referent)
    html = client.get(URL, {"tri": "-contact", "step": "contact"}).content.decode()
    assert '<input type="hidden" name="tri" value="-contact">' in html
    assert "?tri=-contact&amp;step=contact&amp;page=2" in html


def test_late_reviews_filter_uses_the_grace_rule(client, path, three, settings):
    settings.REVIEW_GRACE_DAYS = 7
    client.force_login(path.referent)
    html = client.get(URL, {"reviews": "retard"}).content.decode()
    assert names_in_order(html, three) == ["BERNARD"]
    # Due 3 days ago: still within the grace period, not late.
    Contract.objects.filter(youth__last_name="Bernard").update(next_review_on=days_ago(3))
    html = client.get(URL, {"reviews": "retard"}).content.decode()
    assert names_in_order(html, three) == []


@pytest.mark.parametrize("tri", ["nom", "-bilan", "etablissement"])
def test_sorted_and_filtered_list_keeps_its_query_budget(
    client, path, tri, django_assert_max_num_queries
):
    add_cases(path, 3)
    client.force_login(path.network.lead)
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get(URL, {"tri": tri, "reviews": "retard"})
    add_cases(path, 30)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(URL, {"tri": tri, "reviews": "retard"})
    assert response.status_code == 200


def test_lead_exports_the_list_as_shown_in_csv(client, path, three):
    lead = path.network.lead
    client.force_login(lead)
    page = client.get(URL, {"tri": "-nom"}).content.decode()
    assert "Exporter la liste (CSV)" in page and "/jeunes/export.csv?tri=-nom" in page
    response = client.get("/jeunes/export.csv", {"tri": "-nom"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="jeunes-suivis-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Jeune",
        "Étape",
        "Établissement du référent",
        "Tuteur",
        "Prochain bilan",
        "Contact le",
    ]
    assert [row[0].split()[0] for row in rows[1:]] == ["CARPENTIER", "BERNARD", "AUBERT"]
    bernard = rows[2]
    assert bernard[3] == path.tutor.get_full_name()
    assert bernard[4] == f"{days_ago(30):%d/%m/%Y} (en retard)"
    assert bernard[5] == f"{days_ago(10):%d/%m/%Y}"
    log = ReadLog.objects.get(kind=ReadKind.YOUTH_LIST_EXPORT)
    assert log.user == lead and log.network_id == path.network.pk


def test_lead_exports_the_filtered_list_in_xlsx(client, path, three):
    client.force_login(path.network.lead)
    response = client.get("/jeunes/export.xlsx", {"reviews": "retard"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Jeune" and len(values) == 2
    assert values[1][0].startswith("BERNARD")


def test_export_formula_like_names_stay_text(client, path):
    YouthFactory(network=path.network, establishment=path.establishment, first_name="=1+1")
    client.force_login(path.network.lead)
    rows = client.get("/jeunes/export.csv").content.decode("utf-8-sig").splitlines()
    assert "'" in rows[1].split(";")[0] or not rows[1].split(";")[0].startswith("=")


def test_export_is_the_lead_s_only(client, path, three, assessor):
    assert client.get("/jeunes/export.csv").status_code == 302  # anonymous: log in
    for user in (path.referent, assessor, path.tutor, UserFactory()):
        client.force_login(user)
        assert client.get("/jeunes/export.csv").status_code == 404
        assert "Exporter la liste" not in client.get(URL).content.decode()
    client.force_login(path.network.lead)
    assert client.get("/jeunes/export.pdf").status_code == 404
    assert not ReadLog.objects.filter(kind=ReadKind.YOUTH_LIST_EXPORT).exists()


def test_export_only_holds_cases_in_the_lead_s_scope(client, path, three):
    other = NetworkFactory()
    YouthFactory(network=other, last_name="Ailleurs")
    client.force_login(path.network.lead)
    body = client.get("/jeunes/export.csv").content.decode("utf-8-sig")
    assert "AILLEURS" not in body and "AUBERT" in body


def test_pagination_is_elided_and_its_dead_links_disabled(client, path):
    for _ in range(25 * 7):
        YouthFactory(network=path.network, establishment=path.establishment)
    client.force_login(path.referent)
    html = client.get(URL).content.decode()
    assert 'aria-disabled="true" role="link">Page précédente' in html
    assert "…" in html and "page=7" in html and "page=5" not in html
    html = client.get(URL, {"page": 4}).content.decode()
    assert 'aria-current="page" title="Page 4"' in html
    assert "page=3" in html and "page=5" in html
