"""The « À faire » page: what waits, in the cases a référent, an assessor or a network
lead follows. Reads only, all through the user's `CaseScope`.

The page is built from `SECTIONS`, a list of `SectionSpec`: each names its title and two
functions, `items` (the section's objects in the user's sight, most urgent first: one
query) and `lines` (the rows drawn from those objects, no query). The header's count is
one query over every section's `items` (`todo_count`), and the page reads each section
once: the cost does not grow with the rows. Adding a section is one line in `SECTIONS`.
"""

import datetime as dt

from django.db.models import Value
from django.utils import timezone

from foquale.accounts.models import User

from ..perms import case_scope
from . import sections as s
from .base import Line, Section, SectionSpec, TodoContext
from .to_contact import to_contact_items, to_contact_lines

# Rows shown per section; the section says when there are more (the case list has them).
SECTION_LIMIT = 50


SECTIONS: list[SectionSpec] = [
    SectionSpec(
        "to_contact",
        "Jeunes à contacter",
        "Aucun jeune reçu n’attend son premier entretien.",
        to_contact_items,
        to_contact_lines,
    ),
    SectionSpec(
        "transfers",
        "Transferts à accepter ou refuser",
        "Aucune demande de transfert vers vos réseaux.",
        s.transfers_items,
        s.transfers_lines,
    ),
    SectionSpec(
        "bilans",
        "Bilans à conduire",
        "Aucun jeune n’attend son bilan.",
        s.bilans_items,
        s.bilans_lines,
    ),
    SectionSpec(
        "proposals",
        "Propositions en attente de réponse",
        "Aucune proposition n’attend la réponse d’un jeune.",
        s.proposals_items,
        s.proposals_lines,
    ),
    SectionSpec(
        "signatures",
        "Contrats en attente de signatures",
        "Aucun contrat n’attend de signature.",
        s.signatures_items,
        s.signatures_lines,
        s.SIGNATURES_PREFETCH,
    ),
    SectionSpec(
        "late_reviews",
        "Bilans de situation en retard",
        "Aucun bilan de situation en retard.",
        s.late_items,
        s.late_lines,
    ),
    SectionSpec(
        "expired",
        "Contrats échus à clôturer",
        "Aucun contrat échu à clôturer.",
        s.expired_items,
        s.expired_lines,
    ),
]


def has_todo(user: User) -> bool:
    """The page is for who follows cases (référent, assessor, lead); a tutor has their
    home. No query once the scope is read."""
    return case_scope(user).has_case_space


def _context(user: User, today: dt.date | None) -> TodoContext:
    return TodoContext(scope=case_scope(user), today=today or timezone.localdate())


def todo_sections(user: User, *, today: dt.date | None = None) -> list[Section]:
    """The page: one query per section (two more for the signatures' guardians and
    signatures), whatever the number of rows."""
    ctx = _context(user, today)
    sections = []
    for spec in SECTIONS:
        items = list(spec.items(ctx).prefetch_related(*spec.prefetch)[: SECTION_LIMIT + 1])
        sections.append(
            Section(
                key=spec.key,
                title=spec.title,
                empty=spec.empty,
                lines=spec.lines(ctx, items[:SECTION_LIMIT]),
                more=len(items) > SECTION_LIMIT,
            )
        )
    return sections


def todo_count(user: User, *, today: dt.date | None = None) -> int:
    """How many lines the page has (uncapped): one query, a UNION ALL of the sections."""
    ctx = _context(user, today)
    parts = [
        spec.items(ctx).order_by().annotate(todo=Value(1)).values_list("todo") for spec in SECTIONS
    ]
    return parts[0].union(*parts[1:], all=True).count()


__all__ = [
    "SECTIONS",
    "Line",
    "Section",
    "SectionSpec",
    "TodoContext",
    "has_todo",
    "todo_count",
    "todo_sections",
]
