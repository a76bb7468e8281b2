"""The tutor's home: their tutees, step and next situation review."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .. import perms
from ..enums import ContractStatus
from ..reviews.schedule import late_since
from ..reviews.selectors import tutor_reviews_due


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
    return render(
        request,
        "contracts/tutor_home.html",
        {
            "current": current,
            "ended": ended,
            "late_since": late_since(timezone.localdate()),
            "due_reviews": tutor_reviews_due(request.user),
            "title": "Mes tutorés",
        },
    )
