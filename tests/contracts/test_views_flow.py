"""The path through the pages: each step's form, and each refusal shown in French with
nothing saved."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contracts.enums import ContractStatus, SignatoryRole, Step
from contracts.models import Contract, FamilyLink, Signature, Youth

from .conftest import days_ago
from .factories import years_ago
from .utils import drain

pytestmark = pytest.mark.django_db


def youth_form(path, **overrides):
    data = {
        "placement": f"{path.establishment.pk}-{path.network.pk}",
        "last_name": "Lambert",
        "first_name": "Chloé",
        "birth_date": years_ago(17).isoformat(),
        "ine": "",
        "origin": "psad",
        "contacted_on": days_ago(10).isoformat(),
        "contact_channel": "meeting",
        "email": "chloe@example.org",
    }
    data.update(overrides)
    return data


def test_referent_runs_the_path_through_the_pages(client, path, django_capture_on_commit_callbacks):
    client.force_login(path.referent)
    response = client.post(reverse("contracts:youth_create"), youth_form(path))
    youth = Youth.objects.get()
    assert response.url == youth.get_absolute_url()
    today = timezone.localdate().isoformat()
    steps = [
        (
            "guardian_add",
            [youth.pk],
            {
                "last_name": "Lambert",
                "first_name": "Marc",
                "link": "father",
                "email": "marc@example.org",
            },
        ),
        (
            "assessment_create",
            [youth.pk],
            {"assessor": path.assessor.pk, "held_on": today, "findings": "Veut un CAP."},
        ),
        (
            "proposal_create",
            [youth.pk],
            {"kind": "micro_lycee", "solution": path.solution.pk, "proposed_on": today},
        ),
    ]
    for name, args, data in steps:
        response = client.post(reverse(f"contracts:{name}", args=args), data)
        assert response.status_code == 302, response.content.decode()
    proposal = youth.proposals.get()
    client.post(
        reverse("contracts:proposal_decide", args=[youth.pk, proposal.pk]),
        {"decision": "accepted", "decided_on": today},
    )
    page = client.get(youth.get_absolute_url()).content.decode()
    assert "Établir le contrat" in page
    form_page = client.get(reverse("contracts:contract_create", args=[youth.pk, proposal.pk]))
    assert "override_capacity" not in form_page.content.decode()
    response = client.post(
        reverse("contracts:contract_create", args=[youth.pk, proposal.pk]),
        {
            "tutor": path.tutor.pk,
            "starts_on": today,
            "ends_on": days_ago(-180).isoformat(),
            "review_every_weeks": 3,
            "meaning": "Retour au micro-lycée.",
        },
    )
    contract = Contract.objects.get()
    assert response.url == contract.get_absolute_url()
    guardian = youth.guardians.get()
    with django_capture_on_commit_callbacks(execute=True):
        for party in ("tutor", "youth", f"guardian-{guardian.pk}"):
            response = client.post(
                reverse("contracts:signature_create", args=[contract.pk]),
                {"party": party, "signed_on": today, "mode": "in_person"},
                follow=True,
            )
    assert "le contrat est actif" in response.content.decode()
    contract.refresh_from_db()
    youth.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE
    assert youth.step == Step.ACTIVE
    assert [t.to_step for t in youth.transitions.all()] == [
        Step.CONTACT,
        Step.ASSESSMENT,
        Step.PROPOSAL,
        Step.CONTRACT,
        Step.ACTIVE,
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["chloe@example.org", "marc@example.org"]
    pdf = client.get(reverse("contracts:document_pdf", args=[contract.pk, 1]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "private, no-store"
    assert drain(pdf).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ine": "12AB"}, "L’INE doit compter 11 caractères ; vous en avez saisi 4."),
        (
            {"birth_date": days_ago(-30).isoformat()},
            "La date de naissance ne peut pas être dans le futur.",
        ),
        (
            {"birth_date": years_ago(40).isoformat()},
            "Âge improbable : 39 ans à la date du contact.",
        ),
        ({"last_uai": "0691234A"}, "La lettre de contrôle du code UAI est incorrecte"),
    ],
)
def test_youth_form_refusals_are_explained(client, path, overrides, message):
    client.force_login(path.referent)
    response = client.post(reverse("contracts:youth_create"), youth_form(path, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Youth.objects.exists()


def test_signed_contract_page_refuses_edits(client, path):
    contract = path.active()
    client.force_login(path.referent)
    url = reverse("contracts:contract_update", args=[contract.pk])
    assert "Ce contrat est signé" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "tutor": path.tutor.pk,
            "starts_on": contract.starts_on.isoformat(),
            "ends_on": contract.ends_on.isoformat(),
            "review_every_weeks": 8,
            "meaning": "Autre texte",
        },
    )
    assert response.status_code == 200
    assert "Toute modification passe par un avenant" in response.content.decode()
    contract.refresh_from_db()
    assert contract.review_every_weeks == 4


def test_signature_page_refuses_a_non_party(client, path):
    contract = path.contract(guardians=1)  # an adult: the guardian is no party
    guardian = contract.youth.guardians.get()
    client.force_login(path.referent)
    response = client.post(
        reverse("contracts:signature_create", args=[contract.pk]),
        {"party": f"guardian-{guardian.pk}", "signed_on": days_ago(1).isoformat(), "mode": "paper"},
    )
    assert response.status_code == 200
    assert "n’est pas partie au contrat" in response.content.decode()
    assert not Signature.objects.exists()
    response = client.post(
        reverse("contracts:signature_create", args=[contract.pk]),
        {"party": "guardian-999999", "signed_on": days_ago(1).isoformat(), "mode": "paper"},
    )
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_contract_page_refuses_a_refused_proposal(client, path):
    proposal = path.proposed()
    client.force_login(path.referent)
    client.post(
        reverse("contracts:proposal_decide", args=[proposal.youth.pk, proposal.pk]),
        {"decision": "refused", "decided_on": days_ago(1).isoformat(), "refusal_reason": ""},
    )
    proposal.refresh_from_db()
    assert proposal.decision == "pending"  # a refusal needs its reason
    client.post(
        reverse("contracts:proposal_decide", args=[proposal.youth.pk, proposal.pk]),
        {
            "decision": "refused",
            "decided_on": days_ago(1).isoformat(),
            "refusal_code": "distance",
            "refusal_reason": "Non",
        },
    )
    response = client.post(
        reverse("contracts:contract_create", args=[proposal.youth.pk, proposal.pk]),
        {
            "tutor": path.tutor.pk,
            "starts_on": days_ago(1).isoformat(),
            "ends_on": days_ago(-100).isoformat(),
            "review_every_weeks": 4,
            "meaning": "x",
        },
    )
    assert "Cette proposition a été refusée" in response.content.decode()
    assert not Contract.objects.exists()


def test_end_before_start_is_shown_on_the_contract_form(client, path):
    proposal = path.accepted()
    client.force_login(path.referent)
    response = client.post(
        reverse("contracts:contract_create", args=[proposal.youth.pk, proposal.pk]),
        {
            "tutor": path.tutor.pk,
            "starts_on": days_ago(1).isoformat(),
            "ends_on": days_ago(5).isoformat(),
            "review_every_weeks": 4,
            "meaning": "x",
        },
    )
    assert "La fin du parcours doit suivre son début." in response.content.decode()
    assert not Contract.objects.exists()


def test_only_the_lead_sees_the_capacity_override(client, path, lead):
    path.solution.places = 1
    path.solution.save()
    path.active(ine="1234567890A")
    proposal = path.accepted(ine="1234567890B")
    url = reverse("contracts:contract_create", args=[proposal.youth.pk, proposal.pk])
    data = {
        "tutor": path.tutor.pk,
        "starts_on": days_ago(1).isoformat(),
        "ends_on": days_ago(-100).isoformat(),
        "review_every_weeks": 4,
        "meaning": "x",
        "override_capacity": "on",
    }
    client.force_login(path.referent)
    page = client.get(url).content.decode()
    assert "Cette solution est complète" in page and "override_capacity" not in page
    response = client.post(url, data)
    assert "est complète" in response.content.decode()
    assert Contract.objects.count() == 1
    client.force_login(lead)
    assert "override_capacity" in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302
    assert Contract.objects.get(proposal=proposal).capacity_overridden_by == lead


def test_the_last_signature_on_a_full_solution_needs_the_lead(client, path, lead):
    path.solution.places = 1
    path.solution.save()
    first = path.contract(ine="1234567890A")
    second = path.contract(ine="1234567890B")
    path.active(first)
    path.sign(second, SignatoryRole.TUTOR)
    url = reverse("contracts:signature_create", args=[second.pk])
    data = {
        "party": "youth",
        "signed_on": days_ago(1).isoformat(),
        "mode": "paper",
        "override_capacity": "on",
    }
    client.force_login(path.referent)
    page = client.get(url).content.decode()
    assert "est complète" in page and "override_capacity" not in page
    response = client.post(url, data)
    assert "ce contrat ne peut pas entrer en vigueur" in response.content.decode()
    assert second.signatures.count() == 1
    client.force_login(lead)
    assert "override_capacity" in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302
    second.refresh_from_db()
    assert (second.status, second.capacity_overridden_by) == (ContractStatus.ACTIVE, lead)


def test_assessor_records_their_own_bilan_only(client, path):
    from referents.services import assessor_add
    from tests.factories import UserFactory

    colleague = UserFactory()
    assessor_add(network=path.network, user=colleague, function="mlds", by=path.network.lead)
    youth = path.youth()
    client.force_login(path.assessor)
    url = reverse("contracts:assessment_create", args=[youth.pk])
    page = client.get(url).content.decode()
    assert colleague.get_full_name() not in page
    response = client.post(
        url, {"assessor": colleague.pk, "held_on": days_ago(1).isoformat(), "findings": "x"}
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    client.post(
        url, {"assessor": path.assessor.pk, "held_on": days_ago(1).isoformat(), "findings": "x"}
    )
    youth.refresh_from_db()
    assert youth.step == Step.ASSESSMENT


def test_amendment_through_the_pages(client, path, django_capture_on_commit_callbacks):
    contract = path.active()
    client.force_login(path.referent)
    client.post(
        reverse("contracts:amendment_create", args=[contract.pk]),
        {"changes": "Prolongation", "new_ends_on": days_ago(-400).isoformat()},
    )
    amendment = contract.amendments.get()
    with django_capture_on_commit_callbacks(execute=True):
        for party in (SignatoryRole.TUTOR, SignatoryRole.YOUTH):
            client.post(
                reverse("contracts:amendment_sign", args=[contract.pk, amendment.number]),
                {"party": party, "signed_on": days_ago(0).isoformat(), "mode": "paper"},
            )
    contract.refresh_from_db()
    assert contract.ends_on == days_ago(-400)
    # The young person (an adult: the only recipient) is spoken to as « vous ».
    assert mail.outbox[-1].subject == "Avenant n° 1 à votre contrat FOQUALE"


def test_exit_page_ends_the_path(client, path):
    contract = path.active()
    client.force_login(path.referent)
    response = client.post(
        reverse("contracts:youth_exit", args=[contract.youth.pk]),
        {"outcome": "stopped", "exited_on": days_ago(0).isoformat(), "exit_reason": ""},
    )
    assert "Un parcours interrompu doit être motivé" in response.content.decode()
    client.post(
        reverse("contracts:youth_exit", args=[contract.youth.pk]),
        {"outcome": "job", "exited_on": days_ago(0).isoformat()},
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ENDED


def test_draft_pdf_for_a_contract_awaiting_signatures(client, path):
    contract = path.contract()
    client.force_login(path.tutor)
    response = client.get(reverse("contracts:draft_pdf", args=[contract.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert drain(response).startswith(b"%PDF")


def test_resend_to_the_family(client, path, tutor, outsider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contract = path.active()
    url = reverse("contracts:document_send", args=[contract.pk, 1])
    assert client.post(url).url.startswith("/connexion/")
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    client.force_login(tutor)
    assert client.post(url).status_code == 403
    client.force_login(path.referent)
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Version 1 envoyée : 1 courriel(s)" in response.content.decode()
    assert len(mail.outbox) == 2
    assert FamilyLink.objects.count() == 2


def test_guardian_and_identity_edits_through_the_pages(client, path):
    youth = path.youth(minor=True)
    guardian = youth.guardians.get()
    client.force_login(path.referent)
    response = client.post(
        reverse("contracts:youth_update", args=[youth.pk]),
        {
            "last_name": "Martin",
            "first_name": "Léa",
            "birth_date": youth.birth_date.isoformat(),
            "ine": "1234567890x",
            "origin": youth.origin,
            "contacted_on": youth.contacted_on.isoformat(),
            "contact_channel": youth.contact_channel,
            "last_uai": path.establishment.uai,
        },
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.ine == "1234567890X"
    assert youth.last_establishment == path.establishment
    assert (
        client.get(reverse("contracts:guardian_remove", args=[youth.pk, guardian.pk])).status_code
        == 405
    )
    client.post(reverse("contracts:guardian_remove", args=[youth.pk, guardian.pk]))
    assert not youth.guardians.exists()
