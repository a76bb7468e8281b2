"""The views' side of an idempotent send: the first send says what it did, the next ones
go to the same result and say so."""

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect

from .forms import TOKEN_FIELD
from .models import Submission
from .services import submission_run

ALREADY_SENT = "Ce formulaire avait déjà été envoyé : voici ce qu’il a enregistré."


def send_once(
    request: HttpRequest, form, action: Callable[[], str], success: str | Callable[[], str]
) -> HttpResponseRedirect:
    """Run `action` once for this rendered form and redirect to its result. `success` is
    the message, or a function that words it from what the action did. A ValidationError
    from the action propagates (nothing is written)."""
    url, first = submission_run(user=request.user, token=form.submission_token(), action=action)
    if first:
        messages.success(request, success() if callable(success) else success)
    else:
        messages.info(request, ALREADY_SENT)
    return HttpResponseRedirect(url)


def already_sent(request: HttpRequest) -> HttpResponseRedirect | None:
    """The first result of a form sent again after its first send changed what the page
    loads (a replaced seat is no longer active): call it before loading; None when the
    form was not sent yet."""
    if request.method != "POST":
        return None
    try:
        token = uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None
    first = Submission.objects.filter(token=token, user=request.user).exclude(url="").first()
    if first is None:
        return None
    messages.info(request, ALREADY_SENT)
    return HttpResponseRedirect(first.url)
