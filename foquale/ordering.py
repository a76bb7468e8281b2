"""Natural French order of names with numbers: « Réseau n° 2 » before « Réseau n° 10 »,
accents and case ignored. One helper for every list and select of platforms, networks
and establishments (the database sorts names as plain text)."""

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from django.forms.models import ModelChoiceField, ModelChoiceIterator

T = TypeVar("T")
_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=65536)
def natural_key(name: str) -> tuple:
    """Sort key of a name with numbers, in French order: « n° 2 » before « n° 10 », accents
    and case ignored. Remembered per name (a few thousand names, sorted on every page that
    lists them)."""
    folded = unicodedata.normalize("NFKD", (name or "").casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in _DIGITS.split(folded)
        if part
    )


def natural_sorted(
    items: Iterable[T], name: Callable[[T], str | tuple[str, ...]] = lambda o: o.name
) -> list[T]:
    """The items in the natural order of their name, or of several names in turn (a
    network's platform, then its own), then of their id."""

    def key(item: T) -> tuple:
        names = name(item)
        names = (names,) if isinstance(names, str) else names
        return (*(natural_key(n) for n in names), getattr(item, "pk", 0))

    return sorted(items, key=key)


class NaturalChoiceIterator(ModelChoiceIterator):
    """The options of a select of objects in the natural order of their labels, read by
    one plain query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.queryset]
        yield from sorted(choices, key=lambda choice: natural_key(str(choice[1])))


def sort_naturally(field: ModelChoiceField) -> ModelChoiceField:
    """Draw the field's options in natural order (the queryset still checks a value)."""
    field.iterator = NaturalChoiceIterator
    return field
