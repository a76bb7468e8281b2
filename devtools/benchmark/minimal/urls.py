from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

ROWS = [{"number": n, "label": f"Ligne {n}"} for n in range(1, 26)]


def page(request: HttpRequest) -> HttpResponse:
    """The page: reads the session (the signed cookie is checked), 25 rows, no query."""
    return render(
        request,
        "minimal.html",
        {"title": "Page minimale", "rows": ROWS, "visits": request.session.get("visits", 0)},
    )


def start(request: HttpRequest) -> HttpResponse:
    """Opens a session (the benchmark's client keeps its cookie), as a log-in would."""
    request.session["visits"] = 1
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", page), path("session/", start)]
