"""Who sees what: every page as anonymous, outsider and each role."""

import pytest
from django.urls import reverse

from foquale.schoolyear import current_school_year

from .factories import ReferentFactory, TeamMemberFactory
from .utils import drain

pytestmark = pytest.mark.django_db

ROLES = [
    "outsider",
    "committee_member",
    "steering",
    "ien_io",
    "lead",
    "referent",
    "assessor",
    "tutor",
    "other_tutor",
    "former_referent",
    "other_referent",
]
CASE_READERS = {"lead", "referent", "assessor", "tutor"}
RUNNERS = {"lead", "referent"}
ASSESSORS = RUNNERS | {"assessor"}


@pytest.fixture
def case(path):
    """An active contract (tutor: `tutor`) and a youth waiting for an answer."""
    contract = path.active()
    proposal = path.proposed(first_name="Noé")
    return {"contract": contract, "youth": contract.youth, "proposal": proposal}


@pytest.fixture
def other_tutor(path, establishment):
    """Tutors another young person of the same establishment."""
    user = TeamMemberFactory(establishment=establishment).user
    path.active(first_name="Inès", tutor=user)
    return user


@pytest.fixture
def former_referent(establishment):
    return ReferentFactory(establishment=establishment, school_year=current_school_year() - 1).user


@pytest.fixture
def other_referent(network):
    from tests.factories import EstablishmentFactory

    other = EstablishmentFactory(academy=network.academy)
    network.establishments.add(other)
    return ReferentFactory(establishment=other).user


def expected_for(role: str, allowed: set[str], visible: set[str] = CASE_READERS) -> int:
    if role in allowed:
        return 200
    return 403 if role in visible else 404


PAGES = {
    "youth_detail": (
        lambda c: reverse("contracts:youth_detail", args=[c["youth"].pk]),
        CASE_READERS,
    ),
    "contract_detail": (
        lambda c: reverse("contracts:contract_detail", args=[c["contract"].pk]),
        CASE_READERS,
    ),
    "document_pdf": (
        lambda c: reverse("contracts:document_pdf", args=[c["contract"].pk, 1]),
        CASE_READERS,
    ),
    "youth_update": (lambda c: reverse("contracts:youth_update", args=[c["youth"].pk]), RUNNERS),
    "guardian_add": (lambda c: reverse("contracts:guardian_add", args=[c["youth"].pk]), RUNNERS),
    "youth_exit": (lambda c: reverse("contracts:youth_exit", args=[c["youth"].pk]), RUNNERS),
    "assessment_create": (
        lambda c: reverse("contracts:assessment_create", args=[c["proposal"].youth.pk]),
        ASSESSORS,
    ),
    "proposal_create": (
        lambda c: reverse("contracts:proposal_create", args=[c["proposal"].youth.pk]),
        ASSESSORS,
    ),
    "proposal_decide": (
        lambda c: reverse(
            "contracts:proposal_decide", args=[c["proposal"].youth.pk, c["proposal"].pk]
        ),
        RUNNERS,
    ),
    "contract_update": (
        lambda c: reverse("contracts:contract_update", args=[c["contract"].pk]),
        RUNNERS,
    ),
    "signature_create": (
        lambda c: reverse("contracts:signature_create", args=[c["contract"].pk]),
        RUNNERS,
    ),
    "amendment_create": (
        lambda c: reverse("contracts:amendment_create", args=[c["contract"].pk]),
        RUNNERS,
    ),
}


def test_anonymous_is_sent_to_login(client, case):
    for url, _ in PAGES.values():
        response = client.get(url(case))
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


@pytest.mark.parametrize("page", PAGES)
def test_each_role_on_each_case_page(client, case, page, request):
    """Out of sight: 404, never a 403 that tells the case exists; seen but not one's to
    run: 403. One test per page, every role in it, to build the case once."""
    url, allowed = PAGES[page]
    visible = CASE_READERS
    if page in ("assessment_create", "proposal_create", "proposal_decide"):
        visible = CASE_READERS - {"tutor"}  # the youth waiting for an answer has no tutor
    answers, expected = {}, {}
    for role in ROLES:
        client.force_login(request.getfixturevalue(role))
        response = client.get(url(case))
        drain(response)
        answers[role] = response.status_code
        expected[role] = expected_for(role, allowed, visible)
    assert answers == expected


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        (
            "contracts:youth_list",
            {"lead", "referent", "assessor", "tutor", "other_tutor", "other_referent"},
        ),
        ("contracts:youth_create", {"lead", "referent", "other_referent"}),
        ("contracts:tutor_home", {"tutor", "other_tutor"}),
    ],
)
def test_spaces_are_for_their_roles(client, case, request, name, allowed):
    answers = {}
    for role in ROLES:
        client.force_login(request.getfixturevalue(role))
        answers[role] = client.get(reverse(name)).status_code
    assert answers == {role: 200 if role in allowed else 404 for role in ROLES}


def test_tutor_sees_only_their_own_tutees(client, case, other_tutor):
    client.force_login(other_tutor)
    page = client.get(reverse("contracts:youth_list")).content.decode()
    assert "Inès" in page
    assert case["youth"].first_name not in page
    assert "Noé" not in page


def test_anonymous_on_lists(client):
    for name in ("contracts:youth_list", "contracts:youth_create", "contracts:tutor_home"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")
