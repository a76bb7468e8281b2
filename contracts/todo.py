"""The « À faire » page: what waits, in the cases a référent, an assessor or a network
lead follows. Reads only, all through the user's `CaseScope`.

The page is built from `SECTIONS`, a list of `SectionSpec`: each names its title and two
functions, `items` (the section's objects in the user's sight, most urgent first: one
query) and `lines` (the rows drawn from those objects, no query). The header's count is
one query over every section's `items` (`todo_count`), and the page reads each section
once: the cost does not grow with the rows. Adding a section is one line in `SECTIONS`.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, Value
from django.urls import reverse
from django.utils import timezone

from foquale.accounts.models import User

from .enums import ContractStatus, ProposalDecision, Step, TransferStatus
from .models import Contract, Guardian, Proposal, Signature, Transfer, Youth
from .perms import CaseScope, case_scope
from .reviews.schedule import late_contracts, late_on
from .reviews.services.expired import past_end_contracts
from .selectors import first_interview_deadline
from .signing import signature_state
from .views.common import url_maker

# Rows shown per section; the section says when there are more (the case list has them).
SECTION_LIMIT = 50


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


def _name(youth: Youth) -> str:
    return f"{youth.last_name.upper()} {youth.first_name}"


def _days(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    return "aujourd’hui" if days <= 0 else f"depuis {days} jour{'s' if days > 1 else ''}"


# Young people received (from a platform's list, or opened by hand) and not reached yet:
# the first interview is due within FIRST_INTERVIEW_DAYS of their reception (issue 12).


def _to_contact_items(ctx: TodoContext) -> QuerySet:
    return (
        ctx.scope.managed_youths()
        .filter(step=Step.TO_CONTACT)
        .select_related("establishment")
        .order_by("received_on", "pk")
    )


def _to_contact_lines(ctx: TodoContext, youths: list[Youth]) -> list[Line]:
    url = url_maker("contracts:first_contact")
    lines = []
    for youth in youths:
        deadline = first_interview_deadline(youth.received_on)
        left = (deadline - ctx.today).days
        if left < 0:
            clock = f"délai dépassé de {-left} jour{'s' if left < -1 else ''}"
        elif left == 0:
            clock = "dernier jour"
        else:
            clock = f"{left} jour{'s' if left > 1 else ''} restant{'s' if left > 1 else ''}"
        lines.append(
            Line(
                name=_name(youth),
                details=f"Reçu le {youth.received_on:%d/%m/%Y} ({youth.establishment.name}) : "
                f"premier entretien avant le {deadline:%d/%m/%Y}, {clock}",
                url=url(youth.pk),
                action="Enregistrer le premier contact",
                on=youth.received_on,
                urgent=left < 0,
            )
        )
    return lines


# Bilans to hold: the young people at the contact step. Recording the bilan moves them to
# the bilan step, and cancelling a youth's only bilan moves them back
# (`services.assessment_record`, `assessment_cancel`): the step says it, no other read.


def _bilans_items(ctx: TodoContext) -> QuerySet:
    return (
        ctx.scope.youths()
        .filter(step=Step.CONTACT)
        .select_related("establishment")
        .order_by("contacted_on", "pk")
    )


def _bilans_lines(ctx: TodoContext, youths: list[Youth]) -> list[Line]:
    url = url_maker("contracts:assessment_create")
    return [
        Line(
            name=_name(youth),
            details=f"Contacté le {youth.contacted_on:%d/%m/%Y} ({youth.establishment.name})",
            url=url(youth.pk),
            action="Enregistrer le bilan",
            on=youth.contacted_on,
        )
        for youth in youths
    ]


# Proposals waiting for the young person's answer: recorded by who runs the case, while
# the young person is at the proposal step (`services.proposal_decide`).


def _proposals_items(ctx: TodoContext) -> QuerySet:
    return (
        Proposal.objects.filter(
            decision=ProposalDecision.PENDING,
            youth__step=Step.PROPOSAL,
            youth_id__in=ctx.scope.managed_youths().values("pk"),
        )
        .select_related("youth", "solution")
        .order_by("proposed_on", "pk")
    )


def _proposals_lines(ctx: TodoContext, proposals: list[Proposal]) -> list[Line]:
    return [
        Line(
            name=_name(proposal.youth),
            details=f"« {proposal} », proposée le {proposal.proposed_on:%d/%m/%Y} "
            f"({_days(proposal.proposed_on, ctx.today)})",
            url=reverse("contracts:proposal_decide", args=[proposal.youth_id, proposal.pk]),
            action="Enregistrer la réponse",
            on=proposal.proposed_on,
        )
        for proposal in proposals
    ]


# Contracts waiting for signatures, with the parties still missing.


def _signatures_items(ctx: TodoContext) -> QuerySet:
    return (
        ctx.scope.managed_contracts()
        .filter(status=ContractStatus.AWAITING_SIGNATURES)
        .select_related("youth", "tutor")
        .order_by("created_at", "pk")
    )


SIGNATURES_PREFETCH = (
    Prefetch("youth__guardians", queryset=Guardian.objects.order_by("id")),
    Prefetch(
        "signatures",
        queryset=Signature.objects.filter(amendment__isnull=True),
        to_attr="contract_signatures",
    ),
)


def _signatures_lines(ctx: TodoContext, contracts: list[Contract]) -> list[Line]:
    url = url_maker("contracts:signature_create")
    lines = []
    for contract in contracts:
        state = signature_state(
            contract,
            guardians=list(contract.youth.guardians.all()),
            signatures=contract.contract_signatures,
        )
        missing = [party.label for party, signature in state.parties if signature is None]
        if state.missing_guardian:
            missing.append("représentant légal (à ajouter au dossier)")
        created = timezone.localdate(contract.created_at)
        lines.append(
            Line(
                name=_name(contract.youth),
                details=f"{contract} : manque la signature de : {', '.join(missing) or '—'}",
                url=url(contract.pk),
                action="Enregistrer une signature",
                on=created,
            )
        )
    return lines


# Late situation reviews (the reminders' rule), read by the lead and the référent.


def _late_items(ctx: TodoContext) -> QuerySet:
    return (
        (late_contracts(ctx.today) & ctx.scope.managed_contracts())
        .select_related("youth", "tutor")
        .order_by("next_review_on", "pk")
    )


def _late_lines(ctx: TodoContext, contracts: list[Contract]) -> list[Line]:
    url = url_maker("contracts:contract_detail")
    return [
        Line(
            name=_name(contract.youth),
            details=f"Bilan de situation attendu le {contract.next_review_on:%d/%m/%Y}, en "
            f"retard depuis le {late_on(contract.next_review_on):%d/%m/%Y} (tuteur : "
            f"{contract.tutor.get_full_name()})",
            url=url(contract.pk),
            action="Voir le contrat",
            on=contract.next_review_on,
            urgent=True,
        )
        for contract in contracts
    ]


# Contracts past their planned end, neither closed nor extended (« contrat échu »).


def _expired_items(ctx: TodoContext) -> QuerySet:
    return (
        (past_end_contracts(ctx.today) & ctx.scope.managed_contracts())
        .select_related("youth")
        .order_by("ends_on", "pk")
    )


def _expired_lines(ctx: TodoContext, contracts: list[Contract]) -> list[Line]:
    url = url_maker("contracts:youth_exit")
    return [
        Line(
            name=_name(contract.youth),
            details=f"{contract} : fin prévue le {contract.ends_on:%d/%m/%Y}, ni sortie ni "
            "avenant enregistré",
            url=url(contract.youth_id),
            action="Enregistrer la sortie",
            on=contract.ends_on,
            urgent=True,
        )
        for contract in contracts
    ]


# Transfers asked to a network the user leads.


def _transfers_items(ctx: TodoContext) -> QuerySet:
    transfers = ctx.scope.transfers_to_decide().filter(status=TransferStatus.PENDING)
    return transfers.select_related("youth", "from_network").order_by("requested_at", "pk")


def _transfers_lines(ctx: TodoContext, transfers: list[Transfer]) -> list[Line]:
    url = url_maker("contracts:transfer_decide")
    return [
        Line(
            name=_name(transfer.youth),
            details=f"Demandé par le réseau {transfer.from_network.name} le "
            f"{timezone.localtime(transfer.requested_at):%d/%m/%Y} : "
            f"{transfer.get_reason_code_display()}",
            url=url(transfer.pk),
            action="Accepter ou refuser",
            on=timezone.localdate(transfer.requested_at),
        )
        for transfer in transfers
    ]


SECTIONS: list[SectionSpec] = [
    SectionSpec(
        "to_contact",
        "Jeunes à contacter",
        "Aucun jeune reçu n’attend son premier entretien.",
        _to_contact_items,
        _to_contact_lines,
    ),
    SectionSpec(
        "transfers",
        "Transferts à accepter ou refuser",
        "Aucune demande de transfert vers vos réseaux.",
        _transfers_items,
        _transfers_lines,
    ),
    SectionSpec(
        "bilans",
        "Bilans à conduire",
        "Aucun jeune n’attend son bilan.",
        _bilans_items,
        _bilans_lines,
    ),
    SectionSpec(
        "proposals",
        "Propositions en attente de réponse",
        "Aucune proposition n’attend la réponse d’un jeune.",
        _proposals_items,
        _proposals_lines,
    ),
    SectionSpec(
        "signatures",
        "Contrats en attente de signatures",
        "Aucun contrat n’attend de signature.",
        _signatures_items,
        _signatures_lines,
        SIGNATURES_PREFETCH,
    ),
    SectionSpec(
        "late_reviews",
        "Bilans de situation en retard",
        "Aucun bilan de situation en retard.",
        _late_items,
        _late_lines,
    ),
    SectionSpec(
        "expired",
        "Contrats échus à clôturer",
        "Aucun contrat échu à clôturer.",
        _expired_items,
        _expired_lines,
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


__all__ = ["SECTIONS", "Line", "Section", "SectionSpec", "has_todo", "todo_count", "todo_sections"]
