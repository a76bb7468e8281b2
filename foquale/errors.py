from django.http import HttpRequest, HttpResponseNotFound
from django.template.loader import render_to_string


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponseNotFound:
    return HttpResponseNotFound(
        render_to_string("404.html", {"title": "Page introuvable"}, request)
    )
