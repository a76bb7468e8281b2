import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

# When the session's expiry was last pushed back (seconds since the epoch).
REFRESHED_KEY = "_foquale_refreshed"


def stamp_session(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver: the log-in saves the session, so the first pages after
    it need no refresh."""
    request.session[REFRESHED_KEY] = int(time.time())


class IdleSessionMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE (SESSION_IDLE_MINUTES) after it was last
    saved. Saving it on every request (SESSION_SAVE_EVERY_REQUEST) would cost a write per
    page: it is saved again, with a new expiry and cookie, only when its last refresh is
    SESSION_REFRESH_SECONDS old, and only on a request that read it anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or SESSION_KEY not in session:
            return response
        now = int(time.time())
        if now - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_KEY] = now  # modified: SessionMiddleware saves it
        return response


class NoStoreMiddleware:
    """Pages and files carry minors' personal data: neither the browser nor a proxy keeps a
    copy. A response that says otherwise itself (WhiteNoise's static files) is left as is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
