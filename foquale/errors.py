"""The site's own error pages: 404 (`handler404`), and 500 (`templates/500.html`, rendered
by Django without any context)."""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponseNotFound:
    return HttpResponseNotFound(
        render_to_string("404.html", {"title": "Page introuvable"}, request)
    )


class NotFoundPageInDebugMiddleware:
    """Under DEBUG Django answers a 404 with its technical page, in English: whoever tries
    the site with `make run` sees the page the users see instead (an object out of scope
    looks the same as an address that does not exist, as in production)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No view matched the address: Django's technical "no URL pattern" page.
        if settings.DEBUG and response.status_code == 404 and request.resolver_match is None:
            return not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return not_found(request, exception)
        return None
