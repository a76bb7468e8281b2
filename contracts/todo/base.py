"""The pieces of the « À faire » page: a section's description, its lines."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from ..perms import CaseScope


@dataclass(frozen=True)
class TodoContext:
    scope: CaseScope
    today: dt.date


@dataclass(frozen=True)
class Line:
    """One thing to do: who, what, since when, and the link to do it."""

    name: str
    details: str
    url: str
    action: str
    on: dt.date | None = None
    urgent: bool = False


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    empty: str
    items: Callable[[TodoContext], QuerySet]
    lines: Callable[[TodoContext, list], list[Line]]
    prefetch: tuple = ()  # read for the page only, not for the count


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    empty: str
    lines: list[Line]
    more: bool
