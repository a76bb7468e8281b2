import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contracts.enums import ContractStatus, ExitReason, Outcome
from networks.enums import SolutionStatus
from networks.models import SolutionEvaluation
from solutions.services import solution_evaluation_record
from solutions.views.evaluations import add_months, solution_figures

from .conftest import EDITORS, NOT_READERS, READERS
from .factories import SolutionEvaluationFactory, SolutionFactory, YouthFactory, make_contract

pytestmark = pytest.mark.django_db

D = dt.date


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)
    assert add_months(D(2025, 10, 15), 3) == D(2026, 1, 15)


@pytest.fixture
def evaluated(network):
    """Contracts on one solution around school year 2025-2026, with hand-computed figures
    (the clock stands on 15/01/2027)."""
    solution = SolutionFactory(network=network)
    other = SolutionFactory(network=network)
    # Still active: in training at 3 and 6 months.
    make_contract(solution, starts_on=D(2025, 9, 15))
    # Stopped after 7 weeks: neither at 3 nor 6 months; early end "abandon".
    make_contract(
        solution,
        starts_on=D(2025, 10, 1),
        status=ContractStatus.ENDED,
        ended_on=D(2025, 11, 20),
        outcome=Outcome.STOPPED,
        reason_code=ExitReason.MOTIVATION,
    )
    # Moved after 4 months: at 3 months only; early end "déménagement".
    make_contract(
        solution,
        starts_on=D(2025, 11, 1),
        status=ContractStatus.ENDED,
        ended_on=D(2026, 3, 1),
        outcome=Outcome.MOVED,
        reason_code=ExitReason.MOVED,
    )
    # Qualified on 05/07, 5 days before 6 months: completed and qualified, at 3 months only.
    make_contract(
        solution,
        starts_on=D(2026, 1, 10),
        status=ContractStatus.ENDED,
        ended_on=D(2026, 7, 5),
        outcome=Outcome.QUALIFICATION,
    )
    # Found a job after 7 months: completed, not a qualification; at 3 and 6 months.
    make_contract(
        solution,
        starts_on=D(2026, 2, 1),
        status=ContractStatus.ENDED,
        ended_on=D(2026, 8, 30),
        outcome=Outcome.JOB,
    )
    # Started 20/08/2026: at 3 months (20/11/2026); 6 months not reached on 15/01/2027.
    make_contract(solution, starts_on=D(2026, 8, 20))
    # Ended after 2 months and followed by a contract on another solution: réorientation.
    youth = YouthFactory(network=network)
    make_contract(
        solution,
        starts_on=D(2025, 12, 1),
        status=ContractStatus.ENDED,
        ended_on=D(2026, 2, 1),
        youth=youth,
    )
    make_contract(other, starts_on=D(2026, 2, 15), youth=youth)
    # Ended, last contract of the youth, outcome not recorded.
    make_contract(
        solution, starts_on=D(2025, 9, 20), status=ContractStatus.ENDED, ended_on=D(2026, 5, 1)
    )
    # Outside the year or never signed: not counted.
    make_contract(solution, starts_on=D(2024, 10, 1))
    make_contract(solution, starts_on=D(2026, 9, 5))
    make_contract(solution, starts_on=D(2026, 3, 1), status=ContractStatus.AWAITING_SIGNATURES)
    return solution, other


def test_each_figure_matches_the_hand_computed_value(evaluated, django_assert_num_queries):
    solution, other = evaluated
    with django_assert_num_queries(1):
        figures = solution_figures([solution.pk, other.pk], 2025)
    fig = figures[solution.pk]
    assert fig.welcomed == 8
    assert (fig.in_training_3m, fig.not_yet_3m, fig.measurable_3m) == (6, 0, 8)
    assert (fig.in_training_6m, fig.not_yet_6m, fig.measurable_6m) == (3, 1, 7)
    assert fig.completed == 2
    assert fig.qualified == 1
    assert fig.ended_early == 4
    # Why, as coded reasons (the free text stays in the file).
    assert fig.reasons == [
        ("Démotivation, abandon du projet", 1),
        ("Déménagement", 1),
        ("Issue non renseignée", 1),
        ("Réorientation vers une autre solution", 1),
    ]
    assert figures[other.pk].welcomed == 1
    assert figures[other.pk].ended_early == 0


def test_figures_of_another_year(evaluated):
    solution, _ = evaluated
    assert solution_figures([solution.pk], 2024)[solution.pk].welcomed == 1
    current = solution_figures([solution.pk], 2026)[solution.pk]
    # Started 05/09/2026: 3 months reached on 05/12/2026, 6 months still to come.
    assert (current.welcomed, current.in_training_3m, current.not_yet_6m) == (1, 1, 1)


def test_detail_page_shows_the_figures(client, evaluated, lead):
    solution, _ = evaluated
    client.force_login(lead)
    page = client.get(
        reverse("solutions:evaluation_detail", args=[solution.network_id, 2025, solution.pk])
    ).content.decode()
    assert '<td id="fig-welcomed">8</td>' in page
    assert '<td id="fig-3m">6 sur 8</td>' in page
    assert '<td id="fig-6m">3 sur 7 (1 pas encore à 6 mois)</td>' in page
    assert '<td id="fig-qualified">1</td>' in page
    assert '<td id="fig-early">4</td>' in page
    assert "Réorientation vers une autre solution" in page


# Recording -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITORS)
def test_editor_records_then_corrects_the_evaluation(client, network, role, request):
    user = request.getfixturevalue(role)
    solution = SolutionFactory(network=network)
    client.force_login(user)
    url = reverse("solutions:evaluation_detail", args=[network.pk, 2025, solution.pk])
    response = client.post(url, {"decision": "adapt", "comment": "Trop peu de places."})
    assert response.status_code == 302
    response = client.post(url, {"decision": "keep", "comment": "Finalement, on garde."})
    evaluation = SolutionEvaluation.objects.get()
    assert (evaluation.school_year, evaluation.decision) == (2025, "keep")
    assert evaluation.comment == "Finalement, on garde."
    assert evaluation.recorded_by == user


def test_year_not_ended_is_refused_in_french(client, network, lead):
    solution = SolutionFactory(network=network)
    client.force_login(lead)
    response = client.post(
        reverse("solutions:evaluation_detail", args=[network.pk, 2026, solution.pk]),
        {"decision": "keep", "comment": "Trop tôt."},
    )
    assert response.status_code == 200
    assert (
        "L’année scolaire 2026-2027 n’est pas terminée : l’évaluation pourra être "
        "enregistrée à partir du 01/09/2027." in response.content.decode()
    )
    assert not SolutionEvaluation.objects.exists()


def test_service_refuses_a_year_not_ended(network, lead):
    solution = SolutionFactory(network=network)
    with pytest.raises(ValidationError):
        solution_evaluation_record(
            solution=solution, school_year=2026, comment="x", decision="keep", by=lead
        )
    assert not SolutionEvaluation.objects.exists()


def test_missing_decision_is_refused_in_french(client, network, lead):
    solution = SolutionFactory(network=network)
    client.force_login(lead)
    response = client.post(
        reverse("solutions:evaluation_detail", args=[network.pk, 2025, solution.pk]),
        {"comment": "Sans décision"},
    )
    assert "Choisissez la décision du comité." in response.content.decode()
    assert not SolutionEvaluation.objects.exists()


# Access --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, network):
    solution = SolutionFactory(network=network)
    for url in [
        reverse("solutions:evaluations", args=[network.pk]),
        reverse("solutions:evaluations_year", args=[network.pk, 2025]),
        reverse("solutions:evaluation_detail", args=[network.pk, 2025, solution.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


@pytest.mark.parametrize("role", READERS)
def test_readers_see_evaluations(client, network, role, request):
    solution = SolutionFactory(network=network)
    client.force_login(request.getfixturevalue(role))
    default = client.get(reverse("solutions:evaluations", args=[network.pk]))
    assert default.url == reverse("solutions:evaluations_year", args=[network.pk, 2025])
    assert client.get(default.url).status_code == 200
    detail = client.get(
        reverse("solutions:evaluation_detail", args=[network.pk, 2025, solution.pk])
    )
    assert detail.status_code == 200
    assert ("Enregistrer l’évaluation" in detail.content.decode()) is (role in EDITORS)


@pytest.mark.parametrize("role", ["ien_io", "steering"])
def test_readers_cannot_record(client, network, role, request):
    solution = SolutionFactory(network=network)
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("solutions:evaluation_detail", args=[network.pk, 2025, solution.pk]),
        {"decision": "keep", "comment": "Non"},
    )
    assert response.status_code == 404
    assert not SolutionEvaluation.objects.exists()


@pytest.mark.parametrize("role", NOT_READERS)
def test_others_get_404(client, network, role, request):
    solution = SolutionFactory(network=network)
    client.force_login(request.getfixturevalue(role))
    assert (
        client.get(reverse("solutions:evaluations_year", args=[network.pk, 2025])).status_code
        == 404
    )
    url = reverse("solutions:evaluation_detail", args=[network.pk, 2025, solution.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "keep", "comment": "Non"}).status_code == 404


def test_draft_solutions_are_not_evaluated(client, network, lead):
    draft = SolutionFactory(network=network, status=SolutionStatus.DRAFT)
    client.force_login(lead)
    url = reverse("solutions:evaluation_detail", args=[network.pk, 2025, draft.pk])
    assert client.get(url).status_code == 404


def test_list_query_count_does_not_grow(client, network, lead, django_assert_max_num_queries):
    client.force_login(lead)
    url = reverse("solutions:evaluations_year", args=[network.pk, 2025])

    def add(count):
        for _ in range(count):
            solution = SolutionFactory(network=network)
            make_contract(solution, starts_on=D(2025, 10, 1))
            SolutionEvaluationFactory(solution=solution, school_year=2025)

    add(1)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    add(6)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count("Maintenir la solution") == 7
