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


def test_the_guardian_edit_and_the_corrections_hold_on_extreme_values(client, path):
    from contracts import services
    from contracts.enums import ExitReason, Outcome

    from .conftest import days_ago

    youth = path.assessed(path.youth(minor=True))
    guardian = youth.guardians.get()
    assessment = youth.assessments.get()
    exited = path.active(last_name="Blanc").youth
    services.youth_exit(
        youth=exited,
        outcome=Outcome.STOPPED,
        reason_code=ExitReason.LOST_CONTACT,
        exited_on=days_ago(2),
        by=path.referent,
    )
    urls = [
        reverse("contracts:guardian_update", args=[youth.pk, guardian.pk]),
        reverse("contracts:assessment_correct", args=[youth.pk, assessment.pk]),
        reverse("contracts:assessment_cancel", args=[youth.pk, assessment.pk]),
        reverse("contracts:exit_correct", args=[exited.pk]),
        reverse("contracts:exit_cancel", args=[exited.pk]),
    ]
    client.force_login(path.network.lead)
    assert [problem for url in urls for problem in post_extremes(client, url)] == []
