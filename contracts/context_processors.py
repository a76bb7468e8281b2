"""The header's « À faire » link and count (see `contracts.todo`)."""

from functools import cached_property

from django.http import HttpRequest

from foquale.kept import kept

from .todo import has_todo, todo_count


class TodoBadge:
    """Read only when the header draws it: no query for who has no « À faire » page (the
    scope is already read), one query for the count, kept a short while for the person
    (`foquale.kept`: their own changes show at once)."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self._user = getattr(request, "user", None)

    @cached_property
    def shown(self) -> bool:
        return bool(getattr(self._user, "is_authenticated", False)) and has_todo(self._user)

    @cached_property
    def count(self) -> int:
        if not self.shown:
            return 0
        return kept(self._request, "todo-count", lambda: todo_count(self._user))

    def refresh(self) -> int:
        """The count read afresh, as the « À faire » page shows it with its lines; the
        header of that page and the next ones show the same."""
        count = kept(self._request, "todo-count", lambda: todo_count(self._user), fresh=True)
        self.__dict__["count"] = count
        return count


def badge(request: HttpRequest) -> TodoBadge:
    """The request's badge, made once."""
    made = getattr(request, "_todo_badge", None)
    if made is None:
        made = request._todo_badge = TodoBadge(request)
    return made


def todo(request: HttpRequest) -> dict:
    return {"todo": badge(request)}
