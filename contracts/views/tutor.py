"""The tutor's home: their tutees, step and next situation review."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .. import perms
from ..enums import ContractStatus
from ..reviews.schedule import late_since
from ..reviews.selectors import due_reviews_of


@login_required
def tutor_home(request: HttpRequest) -> HttpResponse:
    tutored = perms.tutored_contracts(request.user).select_related(
        "youth__establishment", "proposal__solution"
    )
    contracts = list(tutored)
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
            if c.tutor_id == request.user.pk
            and c.status == ContractStatus.ACTIVE
            and c.next_review_on is not None
        ),
        key=lambda c: (c.next_review_on, c.pk),
    )
    today = timezone.localdate()
    return render(
        request,
        "contracts/tutor_home.html",
        {
            "current": current,
            "ended": ended,
            "late_since": late_since(today),
            "due_reviews": due_reviews_of(running, today=today),
            "title": "Mes tutorés",
        },
    )
