"""Server-side sorting of a list by its column headers (`?tri=<column>` or `?tri=-<column>`),
with the headers' links and their `aria-sort` state for `foquale/sort_header.html`."""

from dataclasses import dataclass

from django.db.models import F
from django.http import HttpRequest

PARAMETER = "tri"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    order_by: tuple[str, ...] = ()  # empty: the column does not sort

    @property
    def sortable(self) -> bool:
        return bool(self.order_by)


class Sorting:
    """The order a request asks for among `columns` (an unknown value gives the default),
    and the headers to draw. `tie_breakers` end every order so that pages never overlap."""

    def __init__(
        self,
        request: HttpRequest,
        columns: list[Column],
        *,
        default: str,
        tie_breakers: tuple[str, ...] = ("pk",),
    ):
        self.columns = columns
        self.tie_breakers = tie_breakers
        self.query = request.GET.copy()
        self.query.pop("page", None)
        asked = request.GET.get(PARAMETER, default)
        by_key = {column.key: column for column in columns if column.sortable}
        key = asked.removeprefix("-")
        if key not in by_key:
            asked, key = default, default.removeprefix("-")
        self.key = key
        self.descending = asked.startswith("-")
        self.column = by_key[key]

    @property
    def value(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def order_by(self) -> list:
        """The column's fields, turned round when descending; empty values last either way
        (PostgreSQL and SQLite disagree on where NULL goes)."""
        orders = []
        for field in self.column.order_by:
            descending = field.startswith("-") != self.descending
            expression = F(field.removeprefix("-"))
            orders.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
        return [*orders, *self.tie_breakers]

    def headers(self) -> list[dict]:
        """Label, `aria-sort` (only on the sorted column, as ARIA asks) and the link that
        sorts by the column (the other way round when it is the sorted one)."""
        headers = []
        for column in self.columns:
            header = {"label": column.label, "sortable": column.sortable, "aria_sort": None}
            if column.sortable:
                current = column.key == self.key
                if current:
                    header["aria_sort"] = "descending" if self.descending else "ascending"
                next_value = (
                    column.key if (current and self.descending) or not current else f"-{column.key}"
                )
                query = self.query.copy()
                query[PARAMETER] = next_value
                header["url"] = "?" + query.urlencode()
                header["next"] = "décroissant" if next_value.startswith("-") else "croissant"
            headers.append(header)
        return headers
