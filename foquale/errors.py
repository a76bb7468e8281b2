"""The site's own error pages: 404 (`handler404`), 403 (`templates/403.html`, Django's
default handler) and 500 (`templates/500.html`, rendered without any context), the same
under DEBUG (`make run`) as in production."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template.loader import render_to_string

logger = logging.getLogger("django.request")
# Answered by Django's own handlers with the site's templates, under DEBUG too.
HANDLED_BY_DJANGO = (PermissionDenied, SuspiciousOperation, BadRequest)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponseNotFound:
    return HttpResponseNotFound(
        render_to_string("404.html", {"title": "Page introuvable"}, request)
    )


def server_error_page() -> HttpResponseServerError:
    return HttpResponseServerError(render_to_string("500.html"))


class NotFoundPageInDebugMiddleware:
    """Under DEBUG Django answers a 404 or an unexpected error with its technical page, in
    English: whoever tries the site with `make run` sees the page the users see instead (an
    object out of scope looks the same as an address that does not exist, as in
    production). The error's traceback still goes to the console (`django.request`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No view matched the address: Django's technical "no URL pattern" page.
        if settings.DEBUG and response.status_code == 404 and request.resolver_match is None:
            return not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not settings.DEBUG:
            return None
        if isinstance(exception, Http404):
            return not_found(request, exception)
        if isinstance(exception, HANDLED_BY_DJANGO):
            return None
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500},
        )
        return server_error_page()
