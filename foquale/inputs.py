"""Bounds every typed value respects: texts, dates, numbers and French phone numbers.

The services call the checks (`clean_text`, `check_date_window`, `validate_french_phone`)
so that a rule holds whatever the caller; `BoundedInputMixin` gives every form the same
generic bounds, so that an absurd value (a date in year 9999, 10^12 places, 20,000
characters, a control character) is refused on its field instead of reaching a service,
a PDF or the database.
"""

import datetime as dt
import re
import unicodedata

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator

# No date typed into FOQUALE lies outside these years; each object narrows them further.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
# The réseaux FOQUALE were created by the circulaire n° 2013-035 of 29 March 2013: no date of
# their governance (a lead, a seat, a meeting, an action, a solution) can precede it.
FOQUALE_START = dt.date(2013, 3, 29)
FOQUALE_START_LABEL = "la création des réseaux FOQUALE"
BOUNDS_LABEL = (
    f"entre le {FOQUALE_START:%d/%m/%Y} (création des réseaux FOQUALE) et le {DATE_MAX:%d/%m/%Y}"
)
LINE_MAX = 200  # a one-line text (a name, a title)
TEXT_MAX = 4000  # a multi-line text (findings, commitments, agenda)
LONG_TEXT_MAX = 10000  # minutes of a meeting
NUMBER_MAX = 10000  # any count typed in a form, unless the field says less

# C0 and C1 control characters; a multi-line text keeps its line breaks and tabs.
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_MESSAGE = (
    "Ce texte contient des caractères invisibles (caractères de contrôle) : "
    "retapez-le sans copier-coller depuis un autre logiciel."
)
LINE_BREAK_MESSAGE = "Ce champ tient sur une ligne : retirez les retours à la ligne."


def text_error(value: str, *, max_length: int, multiline: bool) -> str | None:
    """The French refusal for a text, or None when it is acceptable."""
    if not multiline and ("\n" in value or "\r" in value):
        return LINE_BREAK_MESSAGE
    if (_CONTROL_TEXT if multiline else _CONTROL_LINE).search(value):
        return CONTROL_MESSAGE
    if len(value) > max_length:
        return f"Ce texte compte {len(value)} caractères : il doit en compter {max_length} au plus."
    return None


def clean_text(value: str | None, *, field: str, max_length: int, multiline: bool = False) -> str:
    """The text trimmed (line breaks normalised), or a ValidationError on `field`."""
    text = (value or "").replace("\r\n", "\n").strip()
    message = text_error(text, max_length=max_length, multiline=multiline)
    if message:
        raise ValidationError({field: message})
    return text


def clean_texts(
    fields: dict[str, str], *, multiline: frozenset[str] | set[str] = frozenset(), **limits
) -> dict[str, str]:
    """`clean_text` for several fields: one-line ones bounded by LINE_MAX, multi-line ones
    by TEXT_MAX, unless `limits` gives a field its own maximum."""
    cleaned = {}
    for name, value in fields.items():
        default = TEXT_MAX if name in multiline else LINE_MAX
        cleaned[name] = clean_text(
            value, field=name, max_length=limits.get(name, default), multiline=name in multiline
        )
    return cleaned


def clean_instance_texts(instance, *, lines: tuple = (), texts: tuple = (), **limits) -> None:
    """`clean_texts` on a model instance's attributes, in place."""
    values = {name: getattr(instance, name) for name in (*lines, *texts)}
    for name, value in clean_texts(values, multiline=set(texts), **limits).items():
        setattr(instance, name, value)


def check_date_window(
    day: dt.date | None,
    *,
    field: str,
    label: str,
    after: dt.date | None = None,
    after_label: str = "",
    before: dt.date | None = None,
    before_label: str = "",
) -> None:
    """Refuse a date earlier than `after` or later than `before` (both included), with
    one French sentence on `field` that says the bound."""
    if day is None:
        return
    if after is not None and day < after:
        raise ValidationError(
            {field: f"{label} ne peut précéder {after_label} ({after:%d/%m/%Y})."}
        )
    if before is not None and day > before:
        raise ValidationError(
            {field: f"{label} ne peut dépasser {before_label} ({before:%d/%m/%Y})."}
        )


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- phone numbers: metropolitan France and the overseas departments and collectivities ---

PHONE_REGIONS = ("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF")
PHONE_MESSAGE = (
    "Ce numéro de téléphone n’est pas un numéro français valide : saisissez 10 chiffres "
    "(par exemple 06 12 34 56 78) ou le format international (+33 6 12 34 56 78)."
)


def normalize_french_phone(value: str) -> str:
    """The number written the French way (« 06 12 34 56 78 »), '' when empty; raises a
    ValidationError when it is not a French number."""
    raw = (value or "").strip()
    if not raw:
        return ""
    if len(raw) > 30 or _CONTROL_LINE.search(raw):
        raise ValidationError(PHONE_MESSAGE, code="phone")
    for region in PHONE_REGIONS:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            raise ValidationError(PHONE_MESSAGE, code="phone") from None
        if phonenumbers.is_valid_number(number) and (
            phonenumbers.region_code_for_number(number) in PHONE_REGIONS
        ):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    raise ValidationError(PHONE_MESSAGE, code="phone")


def validate_french_phone(value: str) -> None:
    normalize_french_phone(value)


# --- the forms' generic bounds ---


class _NoControlCharacters:
    def __init__(self, multiline: bool):
        self.multiline = multiline

    def __call__(self, value: str) -> None:
        if not isinstance(value, str):
            return
        if not self.multiline and ("\n" in value or "\r" in value):
            raise ValidationError(LINE_BREAK_MESSAGE, code="line_break")
        if (_CONTROL_TEXT if self.multiline else _CONTROL_LINE).search(value):
            raise ValidationError(CONTROL_MESSAGE, code="control")


def _date_in_bounds(value: dt.date) -> None:
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            f"Cette date n’est pas plausible : saisissez une date entre le "
            f"{DATE_MIN:%d/%m/%Y} et le {DATE_MAX:%d/%m/%Y}.",
            code="date_bounds",
        )


def bound_field(field: forms.Field) -> None:
    """Give a form field the generic bounds it lacks."""
    if isinstance(field, forms.CharField) and not isinstance(field, forms.EmailField):
        multiline = isinstance(field.widget, forms.Textarea)
        field.validators.append(_NoControlCharacters(multiline))
        if field.max_length is None:
            field.max_length = TEXT_MAX if multiline else LINE_MAX
            field.validators.append(MaxLengthValidator(field.max_length))
            field.widget.attrs.setdefault("maxlength", str(field.max_length))
    elif isinstance(field, forms.DateField):
        field.validators.append(_date_in_bounds)
    elif isinstance(field, forms.IntegerField):
        if field.max_value is None or field.max_value > NUMBER_MAX:
            field.max_value = NUMBER_MAX
            field.validators.append(MaxValueValidator(NUMBER_MAX))
            field.widget.attrs["max"] = str(NUMBER_MAX)


class BoundedInputMixin:
    """Put first in a form's bases: each field gets the generic bounds (no control
    characters, bounded lengths, dates between 1900 and 2100, counts up to NUMBER_MAX)."""

    # Per-field maxima that differ from the defaults, e.g. {"minutes": LONG_TEXT_MAX}.
    text_limits: dict[str, int] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.text_limits and isinstance(field, forms.CharField):
                field.max_length = self.text_limits[name]
                field.validators.append(MaxLengthValidator(field.max_length))
                field.widget.attrs["maxlength"] = str(field.max_length)
            bound_field(field)


def mark_conditional(field: forms.Field) -> None:
    """A field the service requires on some paths only (like `ConditionalTextField`, for
    any field): no « Optionnel » on its label, no `required` in the browser, emptiness
    left to the service."""
    field.required = True
    field.validate = lambda value: None
    field.widget.use_required_attribute = lambda initial: False


class _NotRequiredInBrowser(forms.Textarea):
    def use_required_attribute(self, initial) -> bool:
        return False


class _LineNotRequiredInBrowser(forms.TextInput):
    def use_required_attribute(self, initial) -> bool:
        return False


class ConditionalTextField(forms.CharField):
    """A text the service requires on some paths only (a refusal's reason, an early exit's
    reason): the label carries no « Optionnel », the browser does not require it, and the
    service says when it is missing."""

    def __init__(self, *, label: str, rows: int = 3, one_line: bool = False, **kwargs):
        widget = _LineNotRequiredInBrowser() if one_line else _NotRequiredInBrowser({"rows": rows})
        kwargs.setdefault("widget", widget)
        super().__init__(label=label, required=True, **kwargs)

    def validate(self, value) -> None:
        # Emptiness is the service's call; the other checks (length, characters) still run.
        pass


# --- names compared and sorted the French way ---

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def name_key(value: str | None) -> str:
    """A name as French readers compare and sort it: accents, case, hyphens and
    apostrophes ignored (« Bègue » → « begue », « D’Ornano-Lévy » → « d ornano levy »)."""
    text = unicodedata.normalize("NFKD", (value or "").casefold().translate(_LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _NOT_ALNUM.sub(" ", text).strip()
