"""Pages of a list: Django's paginator, with the page numbers to show worked out once
(`Paginator.get_elided_page_range`: 1 2 … 7 8 9 … 41 42), for `foquale/pagination.html`."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset, size: int) -> Page:
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    page.elided_range = list(
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    page.ellipsis = Paginator.ELLIPSIS
    return page
