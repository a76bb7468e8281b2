"""Every form of the path, as the role that uses it, with extreme values (dates in years 1
and 9999, 10^12, 20,000 characters, control characters): no 500, nothing saved."""

import pytest
from django.urls import reverse

from tests.extreme import post_extremes

pytestmark = pytest.mark.django_db


def test_no_form_of_the_path_breaks_or_saves_on_extreme_values(client, path):
    youth = path.youth(minor=True)
    proposed = path.proposed(last_name="Durand", ine="")
    accepted = path.accepted(last_name="Petit")
    awaiting = path.contract(last_name="Roux")
    active = path.active(last_name="Blanc")
    referent_urls = [
        reverse("contracts:youth_create"),
        reverse("contracts:youth_update", args=[youth.pk]),
        reverse("contracts:guardian_add", args=[youth.pk]),
        reverse("contracts:proposal_create", args=[path.assessed(youth).pk]),
        reverse("contracts:proposal_decide", args=[proposed.youth_id, proposed.pk]),
        reverse("contracts:contract_create", args=[accepted.youth_id, accepted.pk]),
        reverse("contracts:contract_update", args=[awaiting.pk]),
        reverse("contracts:signature_create", args=[awaiting.pk]),
        reverse("contracts:amendment_create", args=[active.pk]),
        reverse("contracts:youth_exit", args=[active.youth_id]),
    ]
    client.force_login(path.referent)
    problems = [problem for url in referent_urls for problem in post_extremes(client, url)]
    client.force_login(path.assessor)
    other = path.youth(last_name="Moreau")
    problems += post_extremes(client, reverse("contracts:assessment_create", args=[other.pk]))
    client.force_login(path.tutor)
    problems += post_extremes(client, reverse("reviews:create", args=[active.pk]))
    assert problems == []
