import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from contracts import services
from contracts.enums import ContractStatus, ExitReason, Outcome, Step
from contracts.models import StepTransition, Youth

from .conftest import days_ago
from .factories import years_ago

pytestmark = pytest.mark.django_db


def test_youth_create_logs_the_contact_step(path):
    youth = path.youth(ine="1234567890a")
    assert youth.step == Step.CONTACT
    assert youth.ine == "1234567890A"
    transition = StepTransition.objects.get(youth=youth)
    assert (transition.from_step, transition.to_step, transition.by) == (
        "",
        Step.CONTACT,
        path.referent,
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"ine": "12345"}, "ine", "L’INE doit compter 11 caractères ; vous en avez saisi 5."),
        ({"ine": "12345678901"}, "ine", "L’INE doit se terminer par une lettre"),
        ({"ine": "1234567890É"}, "ine", "chiffres et des lettres non accentuées"),
        (
            {"birth_date": dt.date.today() + dt.timedelta(days=3)},
            "birth_date",
            "La date de naissance ne peut pas être dans le futur.",
        ),
        ({"birth_date": years_ago(12)}, "birth_date", "Âge improbable : 11 ans"),
        ({"birth_date": years_ago(31)}, "birth_date", "Âge improbable : 30 ans"),
        (
            {"contacted_on": dt.date.today() + dt.timedelta(days=1)},
            "contacted_on",
            "La date du contact ne peut pas être dans le futur.",
        ),
    ],
)
def test_youth_create_refuses_bad_input(path, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        path.youth(**fields)
    assert any(message in text for text in exc.value.message_dict[field])
    assert not Youth.objects.exists()
    assert not StepTransition.objects.exists()


def test_youth_create_refuses_a_known_ine(path):
    path.youth(ine="1234567890A")
    with pytest.raises(ValidationError) as exc:
        path.youth(ine="1234567890a", first_name="Autre")
    assert exc.value.message_dict["ine"] == ["Un jeune avec cet INE est déjà suivi."]
    assert Youth.objects.count() == 1


def test_youth_create_refuses_an_establishment_outside_the_network(path):
    from tests.factories import EstablishmentFactory

    with pytest.raises(ValidationError) as exc:
        path.youth(establishment=EstablishmentFactory(academy=path.network.academy))
    assert "ne fait pas partie du réseau" in exc.value.message_dict["establishment"][0]


def test_youth_update_validates_like_creation(path):
    youth = path.youth()
    with pytest.raises(ValidationError):
        services.youth_update(youth=youth, by=path.referent, ine="ABC")
    youth.refresh_from_db()
    assert youth.ine == ""
    services.youth_update(youth=youth, by=path.referent, phone="06 12 34 56 78")
    youth.refresh_from_db()
    assert youth.phone == "06 12 34 56 78"


def test_guardian_who_signed_cannot_be_removed(path):
    contract = path.active(minor=True)
    guardian = contract.youth.guardians.get()
    with pytest.raises(ValidationError, match="a signé"):
        services.guardian_remove(guardian=guardian, by=path.referent)
    assert contract.youth.guardians.exists()


def test_exit_ends_the_open_contract_and_logs_the_step(path):
    contract = path.active()
    youth = contract.youth
    services.youth_exit(
        youth=youth, outcome=Outcome.QUALIFICATION, exited_on=days_ago(1), by=path.referent
    )
    youth.refresh_from_db()
    contract.refresh_from_db()
    assert youth.step == Step.EXITED
    assert youth.exited_on == days_ago(1)
    assert contract.status == ContractStatus.ENDED
    assert contract.ended_on == days_ago(1)
    assert contract.next_review_on is None
    last = youth.transitions.last()
    assert (last.from_step, last.to_step) == (Step.ACTIVE, Step.EXITED)


def test_early_exit_needs_a_reason_and_a_plausible_date(path):
    youth = path.youth()
    with pytest.raises(ValidationError) as exc:
        services.youth_exit(
            youth=youth, outcome=Outcome.STOPPED, exited_on=days_ago(1), by=path.referent
        )
    assert "motivé" in exc.value.message_dict["exit_reason_code"][0]
    with pytest.raises(ValidationError) as exc:
        services.youth_exit(
            youth=youth,
            outcome=Outcome.MOVED,
            exited_on=days_ago(200),
            reason_code=ExitReason.MOVED,
            reason="Déménagement",
            by=path.referent,
        )
    assert "ne peut précéder le premier contact" in exc.value.message_dict["exited_on"][0]
    youth.refresh_from_db()
    assert youth.step == Step.CONTACT
    services.youth_exit(
        youth=youth,
        outcome=Outcome.MOVED,
        exited_on=days_ago(1),
        reason_code=ExitReason.MOVED,
        reason="Déménagement",
        by=path.referent,
    )
    youth.refresh_from_db()
    assert (youth.exit_reason_code, youth.exit_reason) == (ExitReason.MOVED, "Déménagement")
    with pytest.raises(ValidationError, match="déjà sorti"):
        services.youth_exit(
            youth=youth, outcome=Outcome.JOB, exited_on=days_ago(1), by=path.referent
        )
