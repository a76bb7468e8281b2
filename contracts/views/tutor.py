"""The tutor's home: their tutees, step and next situation review."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from foquale.kept import kept
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
    today = timezone.localdate()
    # The tables, kept a short while for the tutor (`foquale.kept`): what they record
    # shows at once, what others change within a minute.
    tables = kept(request, f"tutor-home:v1:{today}", lambda: _tables(request.user, today))
    if tables is None:
        raise Http404
    return render(
        request,
        "contracts/tutor_home.html",
        {"tables": mark_safe(tables), "title": "Mes tutorés"},  # rendered by us
    )


def _tables(user, today: dt.date) -> str | None:
    rows = _home_rows(user, today)
    return None if rows is None else render_to_string("contracts/_tutor_home_tables.html", rows)


def _home_rows(user, today: dt.date) -> dict | None:
    """The page's rows: running paths, ended ones and the reviews to do (one query).
    None for who tutors nothing and belongs to no school team."""
    contracts = list(
        perms.tutored_contracts(user)
        .select_related("youth", "proposal__solution")
        .only(*_COLUMNS)
        .order_by()  # sorted below
    )
    if not contracts and not user.team_roles.exists():
        return None
    current = [c for c in contracts if c.status != ContractStatus.ENDED]
    ended = [c for c in contracts if c.status == ContractStatus.ENDED]
    current.sort(key=lambda c: (c.next_review_on is None, c.next_review_on, c.youth.last_name))
    # The reviews panel reads the same rows (`tutor_reviews_due` without its query).
    running = sorted(
        (
            c
            for c in contracts
            if perms.is_tutor_of(user, c)
            and c.status == ContractStatus.ACTIVE
            and c.next_review_on is not None
        ),
        key=lambda c: (c.next_review_on, c.pk),
    )
    contract_url = url_maker("contracts:contract_detail")
    return {
        "current": _current_rows(current, late_since(today), contract_url),
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
    }


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
