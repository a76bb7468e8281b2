import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [("referent", "/jeunes/"), ("assessor", "/jeunes/"), ("tutor", "/tuteur/")],
)
def test_each_path_role_lands_in_its_space(client, path, role, lands_on, request):
    path.contract()  # gives the tutor a tutee
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == lands_on


def test_lead_still_lands_on_the_network(client, path, lead):
    client.force_login(lead)
    assert client.get(reverse("home")).url == lead.led_networks.get().get_absolute_url()


@pytest.mark.parametrize("role", ["committee_member", "ien_io", "steering"])
def test_no_case_space_for_roles_without_case_files(client, path, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("home"), follow=True)
    assert "Jeunes suivis" not in response.content.decode()
