"""The « À faire » section of the young people received (from a platform's list, or
opened by hand) and not reached yet: the first interview is due within
`FIRST_INTERVIEW_DAYS` of their reception (issue 12)."""

from django.db.models import QuerySet
from django.urls import reverse

from ..enums import Step
from ..models import Youth
from ..selectors import first_interview_deadline
from .base import Line, TodoContext
from .sections import name


def to_contact_items(ctx: TodoContext) -> QuerySet:
    return (
        ctx.scope.managed_youths()
        .filter(step=Step.TO_CONTACT)
        .select_related("establishment")
        .order_by("received_on", "pk")
    )


def _clock(left: int) -> str:
    if left < 0:
        return f"délai dépassé de {-left} jour{'s' if left < -1 else ''}"
    if left == 0:
        return "dernier jour"
    return f"{left} jour{'s' if left > 1 else ''} restant{'s' if left > 1 else ''}"


def to_contact_lines(ctx: TodoContext, youths: list[Youth]) -> list[Line]:
    lines = []
    for youth in youths:
        deadline = first_interview_deadline(youth.received_on)
        left = (deadline - ctx.today).days
        lines.append(
            Line(
                name=name(youth),
                details=f"Reçu le {youth.received_on:%d/%m/%Y} ({youth.establishment.name}) : "
                f"premier entretien avant le {deadline:%d/%m/%Y}, {_clock(left)}",
                url=reverse("contracts:first_contact", args=[youth.pk]),
                action="Enregistrer le premier contact",
                on=youth.received_on,
                urgent=left < 0,
            )
        )
    return lines
