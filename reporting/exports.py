"""CSV and XLSX exports of the dashboard's tables.

CSV follows the French spreadsheet habit (semicolons, decimal comma, UTF-8 with a byte
order mark so that Excel reads the accents); XLSX keeps numbers as numbers, with a
percentage format for shares. Text that a spreadsheet would run as a formula is written as
text in both (`foquale.spreadsheets`).
"""

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from foquale.spreadsheets import csv_text, xlsx_text

from .dashboard.tables import Table, decimal_fr

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_CHARS = 31  # Excel's limit


def _csv_cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "percent":
        return decimal_fr(round(value * 100, 1))
    if kind == "number":
        return decimal_fr(value)
    return csv_text(str(value)) if isinstance(value, str) else str(value)


def _header(table: Table) -> list[str]:
    return [
        f"{column.label} (%)" if column.kind == "percent" else column.label
        for column in table.columns
    ]


def _rows(table: Table) -> list[list]:
    return [*table.rows, *([table.total] if table.total is not None else [])]


def table_csv(table: Table, *, heading: str = "") -> bytes:
    """`heading`: a first line saying what the file covers (the year and the filters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if heading:
        writer.writerow([csv_text(heading)])
    writer.writerow([csv_text(label) for label in _header(table)])
    for row in _rows(table):
        writer.writerow(
            [
                _csv_cell(value, column.kind)
                for value, column in zip(row, table.columns, strict=True)
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def tables_xlsx(tables: Iterable[Table], *, title: str, heading: str = "") -> bytes:
    """One sheet per table: `heading` (what the file covers: the year and the filters)
    when given, its caption, a header row, the rows and the total."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title
    workbook.properties.creator = "FOQUALE"
    for table in tables:
        sheet = workbook.create_sheet(table.slug[:SHEET_TITLE_CHARS])
        if heading:
            sheet.append([heading])
        sheet.append([table.caption])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append([column.label for column in table.columns])
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for row in _rows(table):
            sheet.append(row)
            for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
                if column.kind == "percent":
                    cell.number_format = "0.0%"
                elif column.kind == "number":
                    cell.number_format = "0.0"
        if table.total is not None:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        for row in sheet.iter_rows():
            for cell in row:
                xlsx_text(cell)
        for index, column in enumerate(table.columns, start=1):
            width = max([len(column.label), *(len(str(r[index - 1] or "")) for r in _rows(table))])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 10), 60)
        sheet.freeze_panes = f"A{header_row + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
