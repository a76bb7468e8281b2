"""What one person's pages show, kept a short while in the cache.

The header's « À faire » count, the case list, the dashboard page and the tutor's home
tables cost several times a bare page (docs/benchmarks.md, issue 14) and are asked for
again and again in a session. They are kept for `KEPT_SECONDS` under a key that holds
(with what the caller adds: the day, the GET data):

- the person and their `access_version`: a change of their grants gives a new key;
- their write stamp, a random token of their session renewed by `WriteStampMiddleware`
  after every request of theirs that may have changed something (any method but GET,
  HEAD, OPTIONS): what a person does shows at once on their next page; what others do
  shows within `KEPT_SECONDS`.

A name stands for one shape of value: give it a new name (`…:v2`) when the shape changes,
so that a deployment never reads a value kept by the code before it.

The values are computed by the functions that decide them (`contracts.todo.todo_count`,
`contracts.perms`, …): nothing of who may see what is decided here, and every page still
checks access on each request.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.http import HttpRequest

T = TypeVar("T")
WRITES_KEY = "_foquale_writes"
_MISSING = object()
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def kept(request: HttpRequest, name: str, build: Callable[[], T], *, fresh: bool = False) -> T:
    """`build()`, or its value kept for this person since their last write. `fresh`: build
    it anyway (a page that shows the figure with its details) and keep the new value."""
    seconds = settings.KEPT_SECONDS
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if not seconds or session is None or not getattr(user, "is_authenticated", False):
        return build()
    stamp = session.get(WRITES_KEY) or session.session_key
    key = f"kept:{name}:{user.pk}:{user.access_version}:{stamp}"
    value = _MISSING if fresh else cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, seconds)
    return value


def asked(request: HttpRequest) -> str:
    """The request's GET data as a key part: one kept page per set of filters, sort, page."""
    return hashlib.sha256(repr(sorted(request.GET.lists())).encode()).hexdigest()


class WriteStampMiddleware:
    """After `SessionMiddleware`: a signed-in request that may have written renews the
    person's write stamp (saved with the session), so their kept figures are read afresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if request.method not in SAFE_METHODS and session is not None and SESSION_KEY in session:
            session[WRITES_KEY] = uuid.uuid4().hex
        return response
