"""The shared bounds of typed values: INE shapes, French phones, name keys."""

import pytest
from django.core.exceptions import ValidationError

from foquale.inputs import clean_text, name_key, normalize_french_phone
from foquale.validators import validate_ine


@pytest.mark.parametrize("ine", ["1234567890A", "123456789AB", "2019AB1234C"])
def test_the_known_ine_shapes_are_accepted(ine):
    validate_ine(ine)


@pytest.mark.parametrize("ine", ["ABCDEFGHIJK", "12345678901", "AB12345678C", "1234A678901"])
def test_letters_only_or_misplaced_letters_are_refused(ine):
    with pytest.raises(ValidationError):
        validate_ine(ine)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0612345678", "06 12 34 56 78"),
        ("+33 1 23 45 67 89", "01 23 45 67 89"),
        ("0262 12 34 56", "0262 12 34 56"),  # La Réunion, as its numbering plan writes it
        ("", ""),
    ],
)
def test_french_phones_are_stored_the_french_way(raw, stored):
    assert normalize_french_phone(raw) == stored


@pytest.mark.parametrize("raw", ["abc", "1" * 24, "+44 20 7946 0958", "06 12"])
def test_other_phones_are_refused(raw):
    with pytest.raises(ValidationError, match="numéro français valide"):
        normalize_french_phone(raw)


def test_names_compare_without_accents_case_or_punctuation():
    assert name_key("  BÈGUE ") == "begue" == name_key("begue")
    assert name_key("D’Ornano-Lévy") == "d ornano levy"
    assert name_key("Œuvray") == "oeuvray"
    assert sorted(["BUISSON", "BÈGUE"], key=name_key) == ["BÈGUE", "BUISSON"]


def test_texts_are_trimmed_and_bounded():
    assert clean_text("  Léa  ", field="x", max_length=10) == "Léa"
    assert clean_text("a\r\nb", field="x", max_length=10, multiline=True) == "a\nb"
    with pytest.raises(ValidationError, match="au plus"):
        clean_text("x" * 11, field="x", max_length=10)
    with pytest.raises(ValidationError, match="une ligne"):
        clean_text("a\nb", field="x", max_length=10)
    with pytest.raises(ValidationError, match="contrôle"):
        clean_text("a\x1bb", field="x", max_length=10, multiline=True)
