import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.enums import Outcome, ProposalDecision, Step
from networks.models import Action, NeedsAnalysis, Objective, Solution
from solutions.views.needs import RefusalGroup, network_needs
from tests.factories import NetworkFactory

from .conftest import EDITORS, NOT_READERS, READERS
from .factories import (
    AssessmentFactory,
    ProposalFactory,
    SolutionFactory,
    YouthFactory,
    make_contract,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def needs_data(network):
    micro = SolutionFactory(network=network, title="Micro-lycée", places=1)
    make_contract(micro, starts_on=D(2026, 9, 10))
    stale = SolutionFactory(network=network, title="Fiche ancienne")
    Solution.objects.filter(pk=stale.pk).update(reviewed_at=timezone.now() - dt.timedelta(days=400))
    # Waiting: assessed, no accepted proposal, still followed.
    y1 = YouthFactory(network=network)
    AssessmentFactory(youth=y1, wished_kind="cfa", level="cap_level")
    y2 = YouthFactory(network=network)
    AssessmentFactory(youth=y2, wished_kind="ufa", level="cap", held_on=D(2025, 9, 1))
    AssessmentFactory(youth=y2, wished_kind="cfa", level="none", held_on=D(2026, 9, 1))
    # A cancelled bilan counts no more, even as the last one.
    AssessmentFactory(
        youth=y2, wished_kind="ufa", held_on=D(2026, 9, 2), cancelled_at=timezone.now()
    )
    y3 = YouthFactory(network=network, highest_level="dnb")
    AssessmentFactory(youth=y3, wishes="", wished_kind="", level="")
    ProposalFactory(
        youth=y3,
        solution=micro,
        decision=ProposalDecision.REFUSED,
        decided_on=D(2026, 10, 1),
        refusal_code="distance",
        refusal_reason="Trop loin du domicile",
    )
    # Not waiting: accepted proposal, exited, not assessed, another network.
    y4 = YouthFactory(network=network)
    AssessmentFactory(youth=y4)
    ProposalFactory(youth=y4, decision=ProposalDecision.ACCEPTED, decided_on=D(2026, 10, 1))
    y5 = YouthFactory(
        network=network, step=Step.EXITED, exited_on=D(2026, 6, 1), outcome=Outcome.JOB
    )
    AssessmentFactory(youth=y5)
    YouthFactory(network=network)
    AssessmentFactory(youth=YouthFactory(network=NetworkFactory(academy=network.academy)))
    # Refusals of 2026-2027 (and one of the year before, left out).
    ProposalFactory(
        youth=YouthFactory(network=network),
        solution=micro,
        decision=ProposalDecision.REFUSED,
        decided_on=D(2026, 11, 1),
        refusal_code="distance",
        refusal_reason="trop loin du  domicile.",
    )
    ProposalFactory(
        youth=YouthFactory(network=network),
        solution=micro,
        decision=ProposalDecision.REFUSED,
        decided_on=D(2026, 10, 10),
        refusal_code="schedule",
        refusal_reason="Horaires",
    )
    ProposalFactory(
        youth=YouthFactory(network=network),
        kind="cfa",
        target="CAP boulangerie",
        decision=ProposalDecision.REFUSED,
        decided_on=D(2026, 12, 1),
        refusal_code="other_plan",
        refusal_reason="Pas de place en entreprise",
    )
    ProposalFactory(
        youth=YouthFactory(network=network),
        solution=micro,
        decision=ProposalDecision.REFUSED,
        decided_on=D(2025, 12, 1),
        refusal_reason="Ancien refus",
    )
    return micro, stale


def test_needs_aggregates_match_the_hand_computed_values(
    network, needs_data, django_assert_num_queries
):
    micro, stale = needs_data
    with django_assert_num_queries(3):
        needs = network_needs(network, 2026)
    assert needs.waiting_total == 3
    assert needs.by_wish == [("CFA public", 2), ("Type de solution non précisé", 1)]
    assert needs.by_level == [
        ("Aucun diplôme", 1),
        ("Diplôme national du brevet", 1),
        ("Niveau CAP (sans diplôme)", 1),
    ]
    assert needs.by_wish_and_level == [
        ("CFA public", "Aucun diplôme", 1),
        ("CFA public", "Niveau CAP (sans diplôme)", 1),
        ("Type de solution non précisé", "Diplôme national du brevet", 1),
    ]
    assert needs.refusals_total == 4
    assert needs.refusals == [
        RefusalGroup(
            "Micro-lycée",
            3,
            [("Trop éloignée ou difficile d’accès", 2), ("Rythme ou organisation inadaptés", 1)],
        ),
        RefusalGroup(
            "Hors catalogue : CFA public", 1, [("Autre projet (emploi, autre formation)", 1)]
        ),
    ]
    assert needs.full_solutions == [micro]
    assert needs.stale_solutions == [stale]


def test_needs_page_never_names_a_youth(client, network, needs_data, lead):
    # Distinctive names: a Faker surname may also be a common French word on the page.
    for index, youth in enumerate(network.youths.all()):
        youth.last_name = f"Nomjeune{index}x"
        youth.first_name = f"Prenomjeune{index}x"
        youth.save(update_fields=["last_name", "first_name"])
    client.force_login(lead)
    page = client.get(reverse("solutions:needs_year", args=[network.pk, 2026])).content.decode()
    assert '<strong id="waiting-total">3</strong>' in page
    assert '<strong id="refusals-total">4</strong>' in page
    for youth in network.youths.all():
        assert youth.last_name not in page
        assert youth.first_name not in page


def _objective(network, title="Réduire les délais"):
    return Objective.objects.create(network=network, school_year=2026, title=title)


@pytest.mark.parametrize("role", EDITORS)
def test_editor_records_the_analysis_with_actions(client, network, role, request):
    user = request.getfixturevalue(role)
    objective = _objective(network)
    existing = Action.objects.create(objective=objective, title="Ouvrir un second groupe")
    client.force_login(user)
    url = reverse("solutions:needs_year", args=[network.pk, 2026])
    response = client.post(
        url,
        {
            "findings": "Demande forte en restauration.",
            "actions": [existing.pk],
            "new_action_title": "Chercher un second employeur",
            "new_action_objective": objective.pk,
            "new_action_due_on": "2027-03-01",
        },
    )
    assert response.status_code == 302
    analysis = NeedsAnalysis.objects.get()
    assert (analysis.network, analysis.school_year, analysis.recorded_by) == (network, 2026, user)
    assert sorted(a.title for a in analysis.actions.all()) == [
        "Chercher un second employeur",
        "Ouvrir un second groupe",
    ]
    new = Action.objects.get(title="Chercher un second employeur")
    assert (new.objective, new.due_on, new.owner) == (objective, D(2027, 3, 1), user)
    page = client.get(url).content.decode()
    assert "Demande forte en restauration." in page


def test_new_action_without_objective_is_refused(client, network, lead):
    _objective(network)
    client.force_login(lead)
    response = client.post(
        reverse("solutions:needs_year", args=[network.pk, 2026]),
        {"findings": "Constat", "new_action_title": "Action orpheline"},
    )
    assert response.status_code == 200
    assert "Choisissez l’objectif prioritaire auquel rattacher la nouvelle action." in (
        response.content.decode()
    )
    assert not NeedsAnalysis.objects.exists()
    assert not Action.objects.exists()


def test_action_of_another_network_is_refused(client, network, other_network, lead):
    foreign = Action.objects.create(objective=_objective(other_network), title="Pas à nous")
    client.force_login(lead)
    response = client.post(
        reverse("solutions:needs_year", args=[network.pk, 2026]),
        {"findings": "Constat", "actions": [foreign.pk]},
    )
    assert response.status_code == 200
    assert not NeedsAnalysis.objects.exists()


def test_anonymous_is_sent_to_login(client, network):
    response = client.get(reverse("solutions:needs", args=[network.pk]))
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_needs(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    default = client.get(reverse("solutions:needs", args=[network.pk]))
    assert default.url == reverse("solutions:needs_year", args=[network.pk, 2026])
    page = client.get(default.url)
    assert page.status_code == 200
    assert ("Enregistrer l’analyse des besoins" in page.content.decode()) is (role in EDITORS)


@pytest.mark.parametrize("role", ["ien_io", "steering"])
def test_readers_cannot_record(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("solutions:needs_year", args=[network.pk, 2026]), {"findings": "Non"}
    )
    assert response.status_code == 404
    assert not NeedsAnalysis.objects.exists()


@pytest.mark.parametrize("role", NOT_READERS)
def test_others_get_404(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    url = reverse("solutions:needs_year", args=[network.pk, 2026])
    assert client.get(url).status_code == 404
    assert client.post(url, {"findings": "Non"}).status_code == 404


def test_page_query_count_does_not_grow(client, network, lead, django_assert_max_num_queries):
    client.force_login(lead)
    url = reverse("solutions:needs_year", args=[network.pk, 2026])
    objective = _objective(network)

    def add(count):
        for index in range(count):
            solution = SolutionFactory(network=network, places=1)
            make_contract(solution, starts_on=D(2026, 9, 10))
            youth = YouthFactory(network=network)
            AssessmentFactory(youth=youth, wishes=f"Souhait {index}")
            ProposalFactory(
                youth=youth,
                solution=solution,
                decision=ProposalDecision.REFUSED,
                decided_on=D(2026, 10, 1),
                refusal_reason=f"Motif {index}",
            )
            Action.objects.create(objective=objective, title=f"Action {index}")

    add(1)
    with django_assert_max_num_queries(13):  # +1: the header's « À faire » count
        assert client.get(url).status_code == 200
    client.post(
        url, {"findings": "Constat", "actions": list(Action.objects.values_list("pk", flat=True))}
    )
    add(6)
    with django_assert_max_num_queries(13):  # +1: the header's « À faire » count
        response = client.get(url)
    assert '<strong id="waiting-total">7</strong>' in response.content.decode()
