import datetime as dt

import pytest
from django.urls import reverse

from networks.enums import SolutionKind, SolutionStatus
from networks.models import Solution, SolutionEntryDate
from tests.factories import AcademyFactory, EstablishmentFactory

from .conftest import EDITORS, NOT_EDITORS, NOT_READERS, READERS
from .factories import SolutionFactory, make_contract

pytestmark = pytest.mark.django_db


def _valid_data(network, **overrides):
    host = EstablishmentFactory(academy=network.academy)
    data = {
        "title": "Micro-lycée du centre",
        "kind": SolutionKind.MICRO_LYCEE,
        "host": host.pk,
        "partner": "",
        "audience": "16-25 ans",
        "places": "6",
        "starts_on": "2027-02-01",
        "ends_on": "2027-06-30",
        "entry_dates": "01/02/2027\n01/03/2027",
        "contact": "04 00 00 00 00",
        "description": "",
        "status": SolutionStatus.PUBLISHED,
    }
    data.update(overrides)
    return data


# Access --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, network):
    solution = SolutionFactory(network=network)
    for url in [
        reverse("solutions:solution_list", args=[network.pk]),
        reverse("solutions:solution_stale_list", args=[network.pk]),
        reverse("solutions:solution_create", args=[network.pk]),
        reverse("solutions:solution_detail", args=[solution.pk]),
        reverse("solutions:solution_edit", args=[solution.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/connexion/")


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_catalogue(client, network, role, request):
    solution = SolutionFactory(network=network, status=SolutionStatus.DRAFT)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("solutions:solution_list", args=[network.pk])).status_code == 200
    assert (
        client.get(reverse("solutions:solution_stale_list", args=[network.pk])).status_code == 200
    )
    detail = client.get(reverse("solutions:solution_detail", args=[solution.pk]))
    assert detail.status_code == 200
    can_edit = role in EDITORS
    assert (
        reverse("solutions:solution_edit", args=[solution.pk]) in detail.content.decode()
    ) is can_edit


@pytest.mark.parametrize("role", NOT_READERS)
def test_others_get_404_on_the_network_catalogue(client, network, role, request):
    draft = SolutionFactory(network=network, status=SolutionStatus.DRAFT)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("solutions:solution_list", args=[network.pk])).status_code == 404
    assert client.get(reverse("solutions:solution_detail", args=[draft.pk])).status_code == 404


def test_neighbouring_lead_reads_a_published_solution_without_edit_link(
    client, network, other_lead
):
    solution = SolutionFactory(network=network)
    client.force_login(other_lead)
    response = client.get(reverse("solutions:solution_detail", args=[solution.pk]))
    assert response.status_code == 200
    assert "Lecture seule" in response.content.decode()
    assert client.get(reverse("solutions:solution_edit", args=[solution.pk])).status_code == 404


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_non_editors_get_404_on_every_write(client, network, role, request):
    solution = SolutionFactory(network=network, places=3)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("solutions:solution_create", args=[network.pk])).status_code == 404
    assert (
        client.post(
            reverse("solutions:solution_create", args=[network.pk]), _valid_data(network)
        ).status_code
        == 404
    )
    assert client.get(reverse("solutions:solution_edit", args=[solution.pk])).status_code == 404
    assert (
        client.post(
            reverse("solutions:solution_edit", args=[solution.pk]), _valid_data(network, places="9")
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("solutions:solution_mark_reviewed", args=[solution.pk])).status_code
        == 404
    )
    solution.refresh_from_db()
    assert solution.places == 3
    assert Solution.objects.count() == 1


# Writes --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITORS)
def test_editor_adds_a_solution_with_entry_dates(client, network, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.post(
        reverse("solutions:solution_create", args=[network.pk]), _valid_data(network)
    )
    solution = Solution.objects.get()
    assert response.status_code == 302
    assert response.url == solution.get_absolute_url()
    assert solution.network == network
    assert solution.reviewed_by == user
    assert [e.day for e in solution.entry_dates.all()] == [dt.date(2027, 2, 1), dt.date(2027, 3, 1)]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"places": "0"}, "Le nombre de places doit être d’au moins 1."),
        ({"places": "-3"}, "Le nombre de places doit être d’au moins 1."),
        (
            {"entry_dates": "15/07/2027"},
            "La date d’entrée du 15/07/2027 est en dehors de la période de la solution",
        ),
        ({"entry_dates": "31/02/2027"}, "« 31/02/2027 » n’est pas une date valide"),
        ({"ends_on": "2027-01-01"}, "La fin de la période doit suivre son début."),
        (
            {"kind": SolutionKind.PARTNER, "host": "", "partner": ""},
            "Indiquez le partenaire qui porte cette solution hors Éducation nationale.",
        ),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_saved(
    client, network, lead, overrides, message
):
    client.force_login(lead)
    response = client.post(
        reverse("solutions:solution_create", args=[network.pk]), _valid_data(network, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Solution.objects.exists()
    assert not SolutionEntryDate.objects.exists()


def test_host_of_another_academy_is_refused(client, network, lead):
    foreign = EstablishmentFactory(academy=AcademyFactory())
    client.force_login(lead)
    response = client.post(
        reverse("solutions:solution_create", args=[network.pk]),
        _valid_data(network, host=foreign.pk),
    )
    assert response.status_code == 200
    assert "Cet établissement n’appartient pas à l’académie du réseau" in response.content.decode()
    assert not Solution.objects.exists()


def test_editing_replaces_entry_dates_and_counts_as_a_review(
    client, network, committee_member, time_machine
):
    time_machine.move_to(dt.datetime(2025, 6, 1, tzinfo=dt.UTC), tick=False)
    solution = SolutionFactory(
        network=network, starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 6, 30)
    )
    SolutionEntryDate.objects.create(solution=solution, day=dt.date(2027, 2, 1))
    time_machine.move_to(dt.datetime(2027, 1, 15, 9, tzinfo=dt.UTC), tick=False)
    assert Solution.objects.get(pk=solution.pk).is_stale
    client.force_login(committee_member)
    form = client.get(reverse("solutions:solution_edit", args=[solution.pk]))
    assert "01/02/2027" in form.content.decode()
    response = client.post(
        reverse("solutions:solution_edit", args=[solution.pk]),
        _valid_data(network, entry_dates="02/05/2027", places="8"),
    )
    assert response.status_code == 302
    solution.refresh_from_db()
    assert solution.places == 8
    assert not solution.is_stale
    assert [e.day for e in solution.entry_dates.all()] == [dt.date(2027, 5, 2)]


def test_mark_reviewed_clears_the_stale_flag(client, network, lead, time_machine):
    time_machine.move_to(dt.datetime(2025, 6, 1, tzinfo=dt.UTC), tick=False)
    solution = SolutionFactory(network=network, title="Vieille fiche")
    time_machine.move_to(dt.datetime(2027, 1, 15, 9, tzinfo=dt.UTC), tick=False)
    client.force_login(lead)
    stale_page = client.get(reverse("solutions:solution_stale_list", args=[network.pk]))
    assert "Vieille fiche" in stale_page.content.decode()
    listing = client.get(reverse("solutions:solution_list", args=[network.pk])).content.decode()
    assert "À mettre à jour" in listing
    response = client.post(
        reverse("solutions:solution_mark_reviewed", args=[solution.pk]), {"next": "stale"}
    )
    assert response.url == reverse("solutions:solution_stale_list", args=[network.pk])
    solution.refresh_from_db()
    assert not solution.is_stale
    assert solution.reviewed_by == lead
    after = client.get(response.url).content.decode()
    assert "« Vieille fiche » est marquée comme à jour." in after
    assert "Toutes les solutions ont été revues depuis moins d’un an." in after


def test_mark_reviewed_needs_post(client, network, lead):
    solution = SolutionFactory(network=network)
    client.force_login(lead)
    assert (
        client.get(reverse("solutions:solution_mark_reviewed", args=[solution.pk])).status_code
        == 405
    )


def test_list_shows_places_taken_and_free(client, network, lead):
    solution = SolutionFactory(network=network, places=2, title="CAP cuisine")
    make_contract(solution, starts_on=dt.date(2026, 9, 10))
    client.force_login(lead)
    page = client.get(reverse("solutions:solution_detail", args=[solution.pk])).content.decode()
    assert '<p class="foquale-figure" id="places-taken">1 sur 2</p>' in page
    assert '<p class="foquale-figure" id="places-free">1</p>' in page
    make_contract(solution, starts_on=dt.date(2026, 9, 11))
    listing = client.get(reverse("solutions:solution_list", args=[network.pk])).content.decode()
    assert "2 sur 2" in listing
    assert "Complet" in listing


# Query counts --------------------------------------------------------------------------


def _fill(network, other_network, count):
    for index in range(count):
        solution = SolutionFactory(
            network=network, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30)
        )
        SolutionEntryDate.objects.create(solution=solution, day=dt.date(2026, 9, 1 + index))
        make_contract(solution, starts_on=dt.date(2026, 9, 10))
        SolutionFactory(network=other_network)


@pytest.mark.parametrize("role", ["lead", "committee_member", "steering", "ien_io"])
def test_list_query_count_does_not_grow(
    client, network, other_network, role, request, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(role))
    url = reverse("solutions:solution_list", args=[network.pk])
    _fill(network, other_network, 1)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    _fill(network, other_network, 6)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.content.decode().count("1 sur 5") == 7


def test_stale_list_and_detail_query_counts(
    client, network, other_network, lead, time_machine, django_assert_max_num_queries
):
    time_machine.move_to(dt.datetime(2025, 6, 1, tzinfo=dt.UTC), tick=False)
    _fill(network, other_network, 1)
    time_machine.move_to(dt.datetime(2027, 1, 15, 9, tzinfo=dt.UTC), tick=False)
    client.force_login(lead)
    url = reverse("solutions:solution_stale_list", args=[network.pk])
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    time_machine.move_to(dt.datetime(2025, 6, 1, tzinfo=dt.UTC), tick=False)
    _fill(network, other_network, 6)
    time_machine.move_to(dt.datetime(2027, 1, 15, 9, tzinfo=dt.UTC), tick=False)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count("Marquer comme à jour") == 7
    solution = network.solutions.first()
    with django_assert_max_num_queries(8):
        assert (
            client.get(reverse("solutions:solution_detail", args=[solution.pk])).status_code == 200
        )


def test_status_filter_keeps_the_stale_banner(client, network, lead):
    SolutionFactory(network=network, title="Brouillon", status=SolutionStatus.DRAFT)
    old = SolutionFactory(network=network, title="Ancienne")
    Solution.objects.filter(pk=old.pk).update(reviewed_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    client.force_login(lead)
    page = client.get(
        reverse("solutions:solution_list", args=[network.pk]), {"statut": "draft"}
    ).content.decode()
    assert "Brouillon</a>" in page
    assert "Ancienne</a>" not in page
    assert "Une solution n’a pas été revue depuis plus d’un an." in page
