"""The tutor's home: their tutees, step and next situation review."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from foquale.links import url_maker

from .. import perms
from ..enums import ContractStatus
from ..reviews.schedule import late_since
from ..reviews.selectors import due_reviews_of
from .common import step_badge_class

# What the page shows, and nothing more: a contract row is wide (its terms).
_COLUMNS = (
    "status",
    "next_review_on",
    "ended_on",
    "youth__first_name",
    "youth__last_name",
    "youth__step",
    "proposal__target",
    "proposal__solution__title",
)


@login_required
def tutor_home(request: HttpRequest) -> HttpResponse:
    contracts = list(
        perms.tutored_contracts(request.user)
        .select_related("youth", "proposal__solution")
        .only(*_COLUMNS)
        .order_by()  # sorted below
    )
    if not contracts and not request.user.team_roles.exists():
        raise Http404
    current = [c for c in contracts if c.status != ContractStatus.ENDED]
    ended = [c for c in contracts if c.status == ContractStatus.ENDED]
    current.sort(key=lambda c: (c.next_review_on is None, c.next_review_on, c.youth.last_name))
    # The reviews panel reads the same rows (`tutor_reviews_due` without its query).
    running = sorted(
        (
            c
            for c in contracts
            if perms.is_tutor_of(request.user, c)
            and c.status == ContractStatus.ACTIVE
            and c.next_review_on is not None
        ),
        key=lambda c: (c.next_review_on, c.pk),
    )
    today = timezone.localdate()
    late = late_since(today)
    contract_url = url_maker("contracts:contract_detail")
    return render(
        request,
        "contracts/tutor_home.html",
        {
            "current": _current_rows(current, late, contract_url),
            "ended": [
                {
                    "name": _name(c.youth),
                    "url": contract_url(c.pk),
                    "contract": str(c),
                    "ended_on": c.ended_on,
                }
                for c in ended
            ],
            "due_reviews": due_reviews_of(running, today=today),
            "title": "Mes tutorés",
        },
    )


def _current_rows(current: list, late: dt.date, contract_url) -> list[dict]:
    """The running paths, with the next review of the active contracts and its lateness."""
    youth_url = url_maker("contracts:youth_detail")
    return [
        {
            "youth_url": youth_url(c.youth_id),
            "name": _name(c.youth),
            "step": c.youth.get_step_display(),
            "step_class": step_badge_class(c.youth.step),
            "proposal": str(c.proposal),
            "next_review": review,
            "late": review is not None and review <= late,
            "url": contract_url(c.pk),
            "contract": str(c),
        }
        for c in current
        for review in [c.next_review_on if c.status == ContractStatus.ACTIVE else None]
    ]


def _name(youth) -> str:
    return f"{youth.last_name.upper()} {youth.first_name}"
