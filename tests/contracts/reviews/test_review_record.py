import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contracts.models.reviews import SituationReview
from contracts.reviews.services import review_record

from .conftest import at
from .factories import ContractFactory, SituationReviewFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "attendance": "Présent tous les jours.",
    "progress": "Bonne intégration dans le groupe.",
    "difficulties": "",
    "decisions": "Stage en entreprise en décembre.",
}


def record(contract, held_on, due_on=None, author=None):
    return review_record(
        contract=contract,
        author=author or contract.tutor,
        held_on=held_on,
        due_on=due_on,
        youth_present=True,
        **TEXTS,
    )


def test_recording_the_due_review_moves_to_the_next_due_date(contract, frozen):
    review = record(contract, dt.date(2026, 10, 29))

    assert review.due_on == dt.date(2026, 10, 29)
    assert review.on_time
    contract.refresh_from_db()
    assert contract.next_review_on == dt.date(2026, 11, 26)


def test_a_late_review_skips_no_date(contract):
    with at(dt.date(2026, 12, 3)):
        review = record(contract, dt.date(2026, 12, 2), due_on=dt.date(2026, 10, 29))
    assert review.due_on == dt.date(2026, 10, 29)
    assert not review.on_time
    contract.refresh_from_db()
    # The rhythm's grid is kept: 29/10, 26/11, 24/12…; 26/11, already past, is still due
    # (a row of its own: missed if nothing is recorded for it before 24/12).
    assert contract.next_review_on == dt.date(2026, 11, 26)


def test_an_early_review_answers_the_due_date_it_was_held_for(contract):
    with at(dt.date(2026, 10, 27)):
        record(contract, dt.date(2026, 10, 27))
    contract.refresh_from_db()
    assert contract.next_review_on == dt.date(2026, 11, 26)


def test_catching_up_an_old_due_date_never_moves_the_schedule_back(contract, frozen):
    contract.next_review_on = dt.date(2026, 11, 26)
    contract.save()
    record(contract, dt.date(2026, 11, 4), due_on=dt.date(2026, 10, 29))
    contract.refresh_from_db()
    assert contract.next_review_on == dt.date(2026, 11, 26)


def test_the_last_review_leaves_no_next_date():
    contract = ContractFactory(next_review_on=dt.date(2027, 6, 17))
    with at(dt.date(2027, 6, 18)):
        record(contract, dt.date(2027, 6, 17))
    contract.refresh_from_db()
    assert contract.next_review_on is None


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (
            dt.date(2026, 9, 30),
            "Le bilan ne peut pas précéder le début du parcours, le 01/10/2026.",
        ),
        (dt.date(2026, 11, 6), "Un bilan de situation ne peut pas être daté dans le futur."),
    ],
)
def test_bad_dates_are_refused_and_nothing_is_saved(contract, frozen, held_on, message):
    with pytest.raises(ValidationError) as error:
        record(contract, held_on)
    assert error.value.message_dict == {"held_on": [message]}
    assert not SituationReview.objects.exists()
    contract.refresh_from_db()
    assert contract.next_review_on == dt.date(2026, 10, 29)


def test_due_date_outside_the_contract_is_refused(contract, frozen):
    with pytest.raises(ValidationError) as error:
        record(contract, dt.date(2026, 11, 2), due_on=dt.date(2027, 7, 1))
    assert "L’échéance doit se situer pendant le parcours" in error.value.message_dict["due_on"][0]
    assert not SituationReview.objects.exists()


def test_second_review_for_the_same_due_date_is_refused(contract, frozen):
    SituationReviewFactory(contract=contract, due_on=dt.date(2026, 10, 29))
    with pytest.raises(ValidationError) as error:
        record(contract, dt.date(2026, 11, 2), due_on=dt.date(2026, 10, 29))
    assert error.value.message_dict == {
        "due_on": ["Un bilan de situation est déjà enregistré pour l’échéance du 29/10/2026."]
    }
    assert SituationReview.objects.count() == 1


@pytest.mark.parametrize("trait", ["ended", "awaiting"])
def test_no_review_on_a_contract_that_does_not_run(frozen, trait):
    contract = ContractFactory(**{trait: True})
    with pytest.raises(ValidationError) as error:
        record(contract, dt.date(2026, 11, 2), due_on=dt.date(2026, 10, 29))
    assert "Ce contrat n’est pas en cours" in error.value.messages[0]
    assert not SituationReview.objects.exists()


def test_only_the_tutor_records(contract, frozen, outsider):
    with pytest.raises(PermissionDenied):
        record(contract, dt.date(2026, 11, 2), author=outsider)
    assert not SituationReview.objects.exists()
