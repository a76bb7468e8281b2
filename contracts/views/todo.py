"""The « À faire » page of who follows cases (référent, assessor, network lead)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ..context_processors import badge
from ..todo import has_todo, todo_sections


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    if not has_todo(request.user):
        raise Http404
    sections = todo_sections(request.user)
    return render(
        request,
        "contracts/todo.html",
        {
            "sections": sections,
            # Every line, shown or not, read afresh: the header shows the same.
            "total": badge(request).refresh(),
            "title": "À faire",
        },
    )
