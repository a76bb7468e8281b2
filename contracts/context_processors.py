"""The header's « À faire » link and count (see `contracts.todo`)."""

from functools import cached_property

from django.http import HttpRequest

from .todo import has_todo, todo_count


class TodoBadge:
    """Read only when the header draws it: no query for who has no « À faire » page (the
    scope is already read), one query for the count, once per request."""

    def __init__(self, user) -> None:
        self._user = user

    @cached_property
    def shown(self) -> bool:
        return bool(getattr(self._user, "is_authenticated", False)) and has_todo(self._user)

    @cached_property
    def count(self) -> int:
        return todo_count(self._user) if self.shown else 0


def badge(request: HttpRequest) -> TodoBadge:
    """The request's badge, made once."""
    made = getattr(request, "_todo_badge", None)
    if made is None:
        made = request._todo_badge = TodoBadge(getattr(request, "user", None))
    return made


def todo(request: HttpRequest) -> dict:
    return {"todo": badge(request)}
