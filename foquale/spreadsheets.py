"""Text that a spreadsheet must not take for a formula (CSV and formula injection).

A cell whose text starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
programs skip before reading the rest) is run as a formula by Excel and LibreOffice: a
network named `=HYPERLINK("http://…", "Cliquez")` becomes a live link in an export. Every
export writes its text cells through these helpers. Numbers the application computed are
written as numbers (a negative one keeps its minus sign): only text can carry a formula.
"""

from openpyxl.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value: str) -> str:
    """The text for a CSV cell, prefixed with an apostrophe when a spreadsheet would run
    it: the apostrophe is the spreadsheets' own mark for « this is text »."""
    return "'" + value if is_formula_like(value) else value


def xlsx_text(cell: Cell) -> None:
    """Keep a formula-like text cell as text: stored as a string (openpyxl turns a value
    starting with `=` into a formula) and marked as Excel marks a typed apostrophe, so
    that editing the cell does not run it either. The text itself is unchanged."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
