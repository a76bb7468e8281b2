"""Tables of figures: one structure shown on the page, drawn as a chart and exported."""

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["text", "int", "percent", "number"]
MISSING = "—"
NARROW_NBSP = "\u202f"


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = "int"


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool


@dataclass
class Table:
    slug: str
    caption: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    # Totals shown in the table's footer and exported as a last row.
    total: list | None = None
    note: str = ""

    @property
    def display_rows(self) -> list[list[Cell]]:
        return [self.display_row(row) for row in self.rows]

    @property
    def display_total(self) -> list[Cell] | None:
        return self.display_row(self.total) if self.total is not None else None

    def display_row(self, row: list) -> list[Cell]:
        return [
            Cell(display(value, column.kind), column.kind != "text")
            for value, column in zip(row, self.columns, strict=True)
        ]

    def column(self, index: int) -> list:
        return [row[index] for row in self.rows]


def display(value, kind: Kind) -> str:
    """French display of a cell: 1 234, 87 %, 12,5; a dash when there is nothing to show."""
    if value is None:
        return MISSING
    if kind == "int":
        return f"{value:,}".replace(",", NARROW_NBSP)
    if kind == "percent":
        return f"{value * 100:.0f}{NARROW_NBSP}%"
    if kind == "number":
        return decimal_fr(value)
    return str(value)


def decimal_fr(value: float) -> str:
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",")
