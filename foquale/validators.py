"""Identifiers users know: UAI (establishments) and INE (students)."""

import re

from django.core.exceptions import ValidationError

# The UAI check letter is the remainder of the 7 digits divided by 23, read in this
# alphabet (I, O and Q are left out to avoid confusion with 1 and 0).
UAI_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uai_check_letter(digits: str) -> str:
    return UAI_ALPHABET[int(digits) % 23]


def normalize_uai(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_uai(value: str) -> None:
    uai = normalize_uai(value)
    if len(uai) != 8:
        raise ValidationError(
            "Le code UAI doit compter 8 caractères : 7 chiffres suivis d’une lettre "
            "(par exemple 0751234J) ; vous en avez saisi %(count)s.",
            code="uai_length",
            params={"count": len(uai)},
        )
    digits, letter = uai[:7], uai[7]
    if not digits.isdigit():
        raise ValidationError(
            "Les 7 premiers caractères du code UAI doivent être des chiffres.",
            code="uai_digits",
        )
    if not letter.isalpha():
        raise ValidationError(
            "Le code UAI doit se terminer par une lettre de contrôle.", code="uai_letter"
        )
    expected = uai_check_letter(digits)
    if letter != expected:
        raise ValidationError(
            "La lettre de contrôle du code UAI est incorrecte : pour %(digits)s, "
            "elle devrait être « %(expected)s ». Vérifiez le code.",
            code="uai_check",
            params={"digits": digits, "expected": expected},
        )


# The INE's known shapes: the BEA number given in school (10 digits and a key letter until
# 2018, 9 digits and 2 letters since) and the national register's (RNIE: the 4-digit year
# of registration, a 6-character sequence number, a key letter).
INE_PATTERNS = (
    re.compile(r"^[0-9]{10}[A-Z]$"),
    re.compile(r"^[0-9]{9}[A-Z]{2}$"),
    re.compile(r"^[0-9]{4}[0-9A-Z]{6}[A-Z]$"),
)
INE_SHAPES = (
    "10 chiffres et une lettre (1234567890A), 9 chiffres et 2 lettres (123456789AB), "
    "ou l’année d’immatriculation sur 4 chiffres, 6 chiffres ou lettres et une lettre "
    "(2019AB1234C)"
)


def normalize_ine(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_ine(value: str) -> None:
    """Check the INE's form: 11 characters, letters and digits, ending with a letter.

    The check-key algorithms of the INE families (RNIE, BEA, BASE 100…) are not all public;
    the form check catches typing errors without refusing a real identifier.
    """
    ine = normalize_ine(value)
    if len(ine) != 11:
        raise ValidationError(
            "L’INE doit compter 11 caractères ; vous en avez saisi %(count)s.",
            code="ine_length",
            params={"count": len(ine)},
        )
    if not ine.isalnum() or not ine.isascii():
        raise ValidationError(
            "L’INE ne contient que des chiffres et des lettres non accentuées.",
            code="ine_chars",
        )
    if not ine[-1].isalpha():
        raise ValidationError(
            "L’INE doit se terminer par une lettre (clé de contrôle).", code="ine_key"
        )
    if not any(pattern.match(ine) for pattern in INE_PATTERNS):
        raise ValidationError(
            f"Cet INE ne correspond à aucune forme connue : il compte {INE_SHAPES}.",
            code="ine_shape",
        )
