"""Links to many rows of one page without resolving the URL once per row."""

from collections.abc import Callable
from functools import cache

from django.urls import get_script_prefix, reverse


@cache
def _parts(name: str, prefix: str) -> tuple[str, str]:
    before, after = reverse(name, args=[0]).rsplit("0", 1)
    return before, after


def url_maker(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for many rows: the URL is resolved once per process (and
    script prefix), then each row's id is put in its place. For URLs with one integer
    argument."""
    before, after = _parts(name, get_script_prefix())
    return lambda pk: f"{before}{pk}{after}"
