"""One row of a list, checked and cleaned: the values a file needs, the reasons to refuse
it (in French), and the values dropped (a phone number nobody can dial)."""

import datetime as dt
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from contracts.enums import Sex
from contracts.models.youth import MAX_AGE_AT_CONTACT, MIN_AGE_AT_CONTACT, MIN_AGE_LEAVING_SCHOOL
from foquale.inputs import clean_text, name_key, normalize_french_phone
from foquale.validators import normalize_ine, normalize_uai, validate_ine, validate_uai

from .enums import Target

_DATE_SHAPES = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ].*)?$"),
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{2})$"),
)
EXCEL_EPOCH = dt.date(1899, 12, 30)
SEXES = {
    "f": Sex.FEMALE,
    "feminin": Sex.FEMALE,
    "fille": Sex.FEMALE,
    "femme": Sex.FEMALE,
    "2": Sex.FEMALE,
    "m": Sex.MALE,
    "masculin": Sex.MALE,
    "garcon": Sex.MALE,
    "homme": Sex.MALE,
    "h": Sex.MALE,
    "1": Sex.MALE,
}
# A cell a spreadsheet would run: refused, never stored. (A phone number's « + » is not.)
_FORMULA = re.compile(r"^\s*[=@]|^\s*[+\-]\s*[A-Za-z(]")


_FR = phonenumbers.PhoneMetadata.metadata_for_region("FR")
# Metropolitan mobile and fixed numbers, by libphonenumber's own patterns for France.
_FR_COMMON = re.compile(
    f"0(?:{_FR.mobile.national_number_pattern}|{_FR.fixed_line.national_number_pattern})"
)
_PHONE_SEPARATORS = re.compile(r"[\s.\-]")


def french_phone(value: str) -> str:
    """`foquale.inputs.normalize_french_phone`, with a fast path for the numbers most
    lists hold (a metropolitan mobile or fixed number in 10 digits): the full parse costs
    a millisecond, 50 seconds for a list of 50,000. Same result, same rule (the library's
    patterns); anything else goes through the full parse."""
    digits = _PHONE_SEPARATORS.sub("", value)
    if len(digits) == 10 and _FR_COMMON.fullmatch(digits):
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return normalize_french_phone(value)


def parse_date(value: str, today: dt.date) -> dt.date | None:
    """A date as lists write it (31/12/2008, 2008-12-31, 31.12.08, an Excel serial);
    None when it is not one. Two-digit years are read in the last hundred years."""
    value = value.strip()
    if value.isdigit() and 5 <= len(value) <= 6:
        try:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        except OverflowError:
            return None
    for shape in _DATE_SHAPES:
        match = shape.match(value)
        if match:
            year = int(match["y"])
            if year < 100:
                year += 2000 if 2000 + year <= today.year else 1900
            try:
                return dt.date(year, int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def clean_row(cells: dict[str, str], today: dt.date) -> tuple[dict, list[str], list[str]]:
    """(values, reasons to refuse, notes on dropped values) for one row's mapped cells."""
    reasons: list[str] = []
    notes: list[str] = []
    values: dict = {}
    for target, cell in cells.items():
        if cell and _FORMULA.match(cell):
            reasons.append(f"{Target(target).label} : formule de tableur refusée")
    if reasons:
        return values, reasons, notes

    for target, field, limit in (
        (Target.LAST_NAME, "last_name", 150),
        (Target.FIRST_NAME, "first_name", 150),
    ):
        try:
            text = clean_text(cells.get(target, ""), field=field, max_length=limit).strip()
        except ValidationError as error:
            reasons.append(f"{Target(target).label} : {error.messages[0]}")
            continue
        if not name_key(text):
            reasons.append(f"{Target(target).label} manquant")
        values[field] = text

    birth_text = cells.get(Target.BIRTH_DATE, "")
    birth = parse_date(birth_text, today) if birth_text else None
    if not birth_text:
        reasons.append("Date de naissance manquante")
    elif birth is None:
        reasons.append(f"Date de naissance illisible (« {birth_text[:20]} »)")
    elif not MIN_AGE_AT_CONTACT <= _age(birth, today) <= MAX_AGE_AT_CONTACT:
        reasons.append(
            f"Date de naissance improbable : {_age(birth, today)} ans (les réseaux accueillent "
            f"les jeunes de {MIN_AGE_AT_CONTACT} à {MAX_AGE_AT_CONTACT} ans)"
        )
    values["birth_date"] = birth

    ine = normalize_ine(cells.get(Target.INE, ""))
    if ine:
        try:
            validate_ine(ine)
        except ValidationError as error:
            reasons.append(f"INE incorrect : {error.messages[0]}")
    values["ine"] = ine

    uai = normalize_uai(cells.get(Target.UAI, ""))
    if uai:
        try:
            validate_uai(uai)
        except ValidationError as error:
            reasons.append(f"UAI incorrect : {error.messages[0]}")
    values["uai"] = uai

    left_text = cells.get(Target.LEFT_ON, "")
    left_on = parse_date(left_text, today) if left_text else None
    if left_text and left_on is None:
        reasons.append(f"Date de sortie illisible (« {left_text[:20]} »)")
    elif left_on and left_on > today:
        reasons.append("Date de sortie dans le futur")
    elif left_on and birth and _age(birth, left_on) < MIN_AGE_LEAVING_SCHOOL:
        reasons.append("Date de sortie improbable (avant 10 ans)")
    values["left_on"] = left_on

    values["sex"] = SEXES.get(name_key(cells.get(Target.SEX, "")).replace(" ", ""), "")
    _contact(cells, values, notes)
    return values, reasons, notes


def _contact(cells: dict[str, str], values: dict, notes: list[str]) -> None:
    """Phone, e-mail, address, class: a bad value is left out (noted), the row is kept."""
    phone = cells.get(Target.PHONE, "")
    if phone.isdigit() and len(phone) == 9:  # a spreadsheet ate the leading zero
        phone = "0" + phone
    try:
        values["phone"] = french_phone(phone)
    except ValidationError:
        values["phone"] = ""
        notes.append("Téléphone illisible : non repris")
    email = cells.get(Target.EMAIL, "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            email = ""
            notes.append("Courriel incorrect : non repris")
    values["email"] = email[:254]
    town = " ".join(
        part for part in (cells.get(Target.POSTCODE, ""), cells.get(Target.TOWN, "")) if part
    )
    address = "\n".join(part for part in (cells.get(Target.ADDRESS, ""), town) if part)
    try:
        values["address"] = clean_text(address, field="address", max_length=500, multiline=True)
    except ValidationError:
        values["address"] = ""
        notes.append("Adresse illisible : non reprise")
    try:
        values["last_class"] = clean_text(
            cells.get(Target.LAST_CLASS, ""), field="last_class", max_length=80
        )
    except ValidationError:
        values["last_class"] = ""
        notes.append("Formation suivie illisible : non reprise")
