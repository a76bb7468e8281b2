import csv
import io

from openpyxl import load_workbook

from reporting.charts import bar_chart
from reporting.dashboard.tables import Column, Table, display
from reporting.exports import table_csv, tables_xlsx


def sample_table() -> Table:
    return Table(
        slug="essai",
        caption="Un tableau <d’essai>",
        columns=[
            Column("Réseau", "text"),
            Column("Jeunes"),
            Column("Part", "percent"),
            Column("Délai (jours)", "number"),
        ],
        rows=[
            ["Réseau <script>alert(1)</script>", 1234, 0.125, 30.5],
            ["Réseau vide", 0, None, None],
        ],
        total=["Total", 1234, 0.125, 30.0],
    )


def test_french_display():
    assert display(1234567, "int") == "1\u202f234\u202f567"
    assert display(0.875, "percent") == "88\u202f%"
    assert display(30.5, "number") == "30,5"
    assert display(30.0, "number") == "30"
    assert display(None, "percent") == "—"


def test_bar_chart_is_accessible_svg_with_escaped_labels():
    chart = bar_chart(slug="essai", title="Jeunes par réseau", table=sample_table(), value_column=1)
    svg = str(chart.svg)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert '<title id="graphique-essai-titre">Jeunes par réseau</title>' in svg
    assert "la plus haute : Réseau &lt;script&gt;alert(1)&lt;/script&gt; (1\u202f234)" in svg
    assert "<script>" not in svg
    # One bar (the empty network has none) and every value written as text.
    assert svg.count("<rect") == 1
    assert ">1\u202f234</text>" in svg and ">0</text>" in svg


def test_bar_chart_without_data():
    chart = bar_chart(slug="vide", title="Rien", table=sample_table(), value_column=2, max_value=1)
    assert str(chart.svg).count("<rect") == 1
    empty = Table(slug="v", caption="Vide", columns=[Column("A", "text"), Column("B")])
    assert "Aucune donnée pour la période." in str(
        bar_chart(slug="v", title="Vide", table=empty, value_column=1).svg
    )


def test_csv_uses_semicolons_decimal_commas_and_a_bom():
    content = table_csv(sample_table()).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    assert rows == [
        ["Réseau", "Jeunes", "Part (%)", "Délai (jours)"],
        ["Réseau <script>alert(1)</script>", "1234", "12,5", "30,5"],
        ["Réseau vide", "0", "", ""],
        ["Total", "1234", "12,5", "30"],
    ]


def test_xlsx_has_caption_header_rows_total_and_note():
    table = sample_table()
    table.note = "Une note."
    workbook = load_workbook(io.BytesIO(tables_xlsx([table], title="Essai")))
    sheet = workbook["essai"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Un tableau <d’essai>"
    assert rows[1] == ("Réseau", "Jeunes", "Part", "Délai (jours)")
    assert rows[2] == ("Réseau <script>alert(1)</script>", 1234, 0.125, 30.5)
    assert rows[3] == ("Réseau vide", 0, None, None)
    assert rows[4] == ("Total", 1234, 0.125, 30)
    assert rows[6][0] == "Une note."
    assert sheet["C3"].number_format == "0.0%"
    assert sheet["D3"].number_format == "0.0"
    assert workbook.properties.title == "Essai"


def formula_table() -> Table:
    return Table(
        slug="formules",
        caption="=1+1",
        columns=[Column("@Réseau", "text"), Column("Écart", "number")],
        rows=[
            ['=HYPERLINK("http://x/")', -2.5],
            ["+33 6 00 00 00 00", 1],
            ["-moins", 0],
            ["@SUM(A1)", 0],
            ["\t=1+1", 0],
            ["\r=1+1", 0],
            ["Réseau - Nord = 2", 0],
        ],
        note="-- fin",
    )


def test_csv_writes_formula_like_text_as_text_and_keeps_negative_numbers():
    content = table_csv(formula_table()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == ["'@Réseau", "Écart"]
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://x/")',
        "'+33 6 00 00 00 00",
        "'-moins",
        "'@SUM(A1)",
        "'\t=1+1",
        "'\r=1+1",
        "Réseau - Nord = 2",
    ]
    assert rows[1][1] == "-2,5"  # a number the application computed stays a number


def test_xlsx_keeps_formula_like_text_as_text():
    sheet = load_workbook(io.BytesIO(tables_xlsx([formula_table()], title="F")))["formules"]
    texts = [sheet["A1"], sheet["A2"], *[row[0] for row in sheet.iter_rows(min_row=3, max_row=8)]]
    assert [cell.value for cell in texts[:3]] == ["=1+1", "@Réseau", '=HYPERLINK("http://x/")']
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in texts)
    assert sheet["A9"].value == "Réseau - Nord = 2" and not sheet["A9"].quotePrefix
    assert sheet["B3"].value == -2.5 and sheet["B3"].data_type == "n"
    assert sheet["A11"].value == "-- fin" and sheet["A11"].quotePrefix
