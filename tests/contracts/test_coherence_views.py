"""Records people can trust, through the pages of the path: each refusal is a French
sentence on its field and nothing is saved (issue 10, items 1 and 2)."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse

from contracts.enums import SignatoryRole, Step
from contracts.models import Amendment, Contract, Guardian, Youth
from contracts.pdf import MAX_CALENDAR_DATES, contract_pdf_context, review_calendar

from .conftest import days_ago
from .factories import years_ago
from .test_views_flow import youth_form

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return unescape(response.content.decode())


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        # « Âge improbable : -1 ans »: a birth after the contact says so plainly.
        (
            {"birth_date": days_ago(5).isoformat()},
            "La date de naissance doit précéder la date du contact.",
        ),
        ({"birth_date": years_ago(12).isoformat()}, "Âge improbable : 11 ans"),
        ({"birth_date": years_ago(30).isoformat()}, "Âge improbable : 29 ans"),
        # Leaving school after the first contact.
        (
            {"left_on": days_ago(2).isoformat()},
            "La sortie du système scolaire doit précéder le contact",
        ),
        ({"ine": "ABCDEFGHIJK"}, "Cet INE ne correspond à aucune forme connue"),
        ({"ine": "1234567890123"}, "L’INE doit compter 11 caractères"),
        ({"phone": "abc"}, "Ce numéro de téléphone n’est pas un numéro français valide"),
        ({"phone": "1" * 24}, "Ce numéro de téléphone n’est pas un numéro français valide"),
        ({"last_name": "Lam\nbert"}, "Ce champ tient sur une ligne"),
        ({"first_name": "Chlo\x07é"}, "caractères invisibles"),
        ({"address": "x" * 20_000}, "au plus 4000 caractères"),
        ({"contacted_on": "9999-12-31"}, "Cette date n’est pas plausible"),
        ({"birth_date": "0001-01-01"}, "Cette date n’est pas plausible"),
    ],
)
def test_an_incoherent_youth_is_refused_on_its_field(client, path, overrides, field_message):
    client.force_login(path.referent)
    response = client.post(reverse("contracts:youth_create"), youth_form(path, **overrides))
    assert response.status_code == 200
    assert field_message in page(response)
    assert not Youth.objects.exists()


def test_a_french_phone_is_kept_in_its_french_form(client, path):
    client.force_login(path.referent)
    client.post(reverse("contracts:youth_create"), youth_form(path, phone="+33612345678"))
    assert Youth.objects.get().phone == "06 12 34 56 78"


def test_a_contract_outside_the_path_is_refused(client, path):
    proposal = path.accepted()
    client.force_login(path.referent)
    url = reverse("contracts:contract_create", args=[proposal.youth_id, proposal.pk])
    data = {
        "tutor": path.tutor.pk,
        "review_every_weeks": 4,
        "meaning": "Reprendre une formation.",
    }
    # Found: a contract from 10/01/2019 to 15/12/2035 for a youth contacted in 2026.
    response = client.post(url, {**data, "starts_on": "2019-01-10", "ends_on": "2035-12-15"})
    assert "Le début du parcours ne peut précéder le premier contact" in page(response)
    response = client.post(
        url, {**data, "starts_on": days_ago(10).isoformat(), "ends_on": "2035-12-15"}
    )
    assert "La fin du parcours ne peut dépasser 3 ans après son début" in page(response)
    far = (dt.date.today() + dt.timedelta(days=500)).isoformat()
    response = client.post(url, {**data, "starts_on": far, "ends_on": "2035-12-15"})
    assert "une année scolaire à compter d’aujourd’hui" in page(response)
    assert not Contract.objects.exists()


def test_an_amendment_ending_in_9999_is_refused_and_the_calendar_is_bounded(client, path):
    contract = path.active()
    client.force_login(path.referent)
    url = reverse("contracts:amendment_create", args=[contract.pk])
    response = client.post(url, {"changes": "Prolongation.", "new_ends_on": "9999-12-31"})
    assert response.status_code == 200
    assert "Cette date n’est pas plausible" in page(response)
    response = client.post(url, {"changes": "Prolongation.", "new_ends_on": "2099-06-30"})
    assert "ne peut dépasser 3 ans après le début du parcours" in page(response)
    assert not Amendment.objects.exists()
    # Whatever is stored, the calendar of a PDF stays short and never overflows.
    dates = review_calendar(dt.date(2026, 1, 5), 1, dt.date(9999, 12, 31))
    assert len(dates) == MAX_CALENDAR_DATES
    assert review_calendar(dt.date(9999, 12, 28), 1, dt.date(9999, 12, 31)) == [
        dt.date(9999, 12, 28)
    ]


def test_an_untouched_exit_form_closes_nothing(client, path):
    youth = path.youth()
    client.force_login(path.referent)
    url = reverse("contracts:youth_exit", args=[youth.pk])
    form = page(client.get(url))
    # No outcome chosen in advance, and no « Optionnel » on the reason the path requires.
    assert 'value="" selected' in form
    assert "Motif (Optionnel)" not in form.replace("\xa0", " ")
    response = client.post(url, {"exited_on": days_ago(1).isoformat(), "outcome": ""})
    assert "Choisissez l’issue du parcours." in page(response)
    youth.refresh_from_db()
    assert youth.step == Step.CONTACT


def test_an_answer_is_never_chosen_for_the_youth(client, path):
    proposal = path.proposed()
    client.force_login(path.referent)
    url = reverse("contracts:proposal_decide", args=[proposal.youth_id, proposal.pk])
    form = page(client.get(url))
    assert "checked" not in form
    assert "Motif du refus (Optionnel)" not in form.replace("\xa0", " ")
    response = client.post(url, {"decided_on": days_ago(1).isoformat()})
    assert "Indiquez la réponse du jeune" in page(response)
    response = client.post(url, {"decided_on": days_ago(1).isoformat(), "decision": "refused"})
    assert "Choisissez le motif du refus." in page(response)
    proposal.refresh_from_db()
    assert proposal.decided_on is None


def test_a_bilan_without_findings_and_an_oversized_one_are_refused(client, path):
    youth = path.youth()
    client.force_login(path.assessor)
    url = reverse("contracts:assessment_create", args=[youth.pk])
    data = {"assessor": path.assessor.pk, "held_on": days_ago(1).isoformat()}
    response = client.post(url, {**data, "findings": "   "})
    assert response.status_code == 200
    response = client.post(url, {**data, "findings": "x" * 20_000})
    assert "au plus 4000 caractères" in page(response)
    assert not youth.assessments.exists()


def test_a_guardian_with_a_bad_phone_is_refused(client, path):
    youth = path.youth(minor=True, guardians=0)
    client.force_login(path.referent)
    response = client.post(
        reverse("contracts:guardian_add", args=[youth.pk]),
        {"last_name": "Lambert", "first_name": "Marc", "link": "father", "phone": "abc"},
    )
    assert "n’est pas un numéro français valide" in page(response)
    assert not Guardian.objects.exists()


def test_signing_needs_the_tutor_and_the_youth(path):
    # The active() helper signs through the services: the signatures keep the digest.
    contract = path.active()
    digests = set(contract.signatures.values_list("terms_sha256", flat=True))
    assert len(digests) == 1 and len(digests.pop()) == 64
    assert contract.signatures.filter(role=SignatoryRole.TUTOR).exists()


def test_a_proposal_needs_a_solution_or_a_target_and_says_so(client, path):
    youth = path.assessed()
    client.force_login(path.referent)
    url = reverse("contracts:proposal_create", args=[youth.pk])
    form = page(client.get(url)).replace("\xa0", " ")
    assert "Formation ou structure visée (Optionnel)" not in form
    response = client.post(url, {"kind": "micro_lycee", "proposed_on": days_ago(1).isoformat()})
    assert "Choisissez une solution du catalogue ou décrivez la formation" in page(response)
    assert not youth.proposals.exists()


def test_the_draft_pdf_of_a_contract_ending_at_the_last_bound_stays_short(client, path):
    contract = path.contract()
    # Stored before the rules (the migration brings 9999 to 31/12/2100): weekly reviews.
    Contract.objects.filter(pk=contract.pk).update(
        ends_on=dt.date(2100, 12, 31), review_every_weeks=1
    )
    client.force_login(path.referent)
    response = client.get(reverse("contracts:draft_pdf", args=[contract.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    calendar = contract_pdf_context(contract, draft=True)["calendar"]
    assert len(calendar) == MAX_CALENDAR_DATES
