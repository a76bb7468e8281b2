"""Bad files end in one French sentence, before anything is saved."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from intake import services
from intake.models import ListImport
from intake.reading import ListFileError, guess_mapping, read_list

from .conftest import born

HEADER = "INE;NOM;PRENOM;DATE_NAISSANCE;UAI\n"


def row(n: int) -> str:
    return f";Martin{n};Léa;{born(17)};0691234S\n"


def test_csv_semicolon_utf8_with_header_on_line_3():
    content = ("Extraction RIO du 01/12/2026\n\n" + HEADER + row(1) + row(2)).encode("utf-8")
    listed = read_list("liste.csv", content)
    assert listed.header_line == 3
    assert listed.headers == ["INE", "NOM", "PRENOM", "DATE_NAISSANCE", "UAI"]
    assert len(listed.rows) == 2 and listed.line_of(0) == 4


def test_csv_comma_windows_1252():
    content = ("Nom,Prénom,Date de naissance\nBègue,Zoé," + born(18) + "\n").encode("cp1252")
    listed = read_list("liste.csv", content)
    assert listed.rows[0][:2] == ["Bègue", "Zoé"]
    assert guess_mapping(listed.headers, {}) == {
        "last_name": "Nom",
        "first_name": "Prénom",
        "birth_date": "Date de naissance",
    }


def test_xlsx_read_with_dates_and_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NOM", "PRENOM", "DATE NAISSANCE", "TELEPHONE"])
    sheet.append(["Durand", "Paul", "2008-03-01", 612345678])
    out = io.BytesIO()
    workbook.save(out)
    listed = read_list("liste.xlsx", out.getvalue())
    assert listed.rows == [["Durand", "Paul", "2008-03-01", "612345678"]]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("liste.pdf", b"%PDF-1.4 ...", "ni un CSV ni un classeur XLSX"),
        ("liste.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ancien format Excel"),
        ("liste.csv", b"", "Le fichier est vide."),
        ("liste.csv", b"   \n\n", "Le fichier est vide."),
        ("liste.csv", b"NOM;PRENOM;DATE_NAISSANCE\n", "aucune ligne de jeune"),
        ("liste.csv", b"couleur;taille\nbleu;3\n", "Aucune colonne attendue"),
        ("liste.csv", "NOM;PRENOM\n".encode("utf-16"), "encodage non pris en charge"),
        ("liste.xlsx", b"PK\x03\x04 not really a zip", "illisible ou endommagé"),
        ("liste.ods", b"PK\x03\x04 an archive", "pas une liste CSV ou XLSX"),
    ],
)
def test_bad_files_are_refused_with_a_french_sentence(name, content, message):
    with pytest.raises(ListFileError) as error:
        read_list(name, content)
    assert message in error.value.messages[0]


def test_more_than_50000_rows_refused():
    content = (HEADER + row(0) * 100_000).encode()
    with pytest.raises(ListFileError, match="limite d’un import"):
        read_list("liste.csv", content)


def test_over_20_mb_refused():
    content = HEADER.encode() + b" " * (20 * 1024 * 1024)
    with pytest.raises(ListFileError, match="pèse plus de 20 Mo"):
        read_list("liste.csv", content)


def test_refused_upload_saves_nothing(lists):
    with pytest.raises(ListFileError):
        services.list_upload(
            platform=lists.platform, name="liste.csv", content=b"a;b\n1;2\n", by=lists.manager
        )
    assert not ListImport.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        "0612345678",
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "0478123456",
        "0712345678",
        "0699999999",
        "0812345678",
        "+33 6 12 34 56 78",
        "0590 12 34 56",
    ],
)
def test_fast_phone_path_gives_what_the_full_parse_gives(raw):
    from foquale.inputs import normalize_french_phone
    from intake.cleaning import french_phone

    try:
        expected = normalize_french_phone(raw)
    except ValidationError:
        with pytest.raises(ValidationError):
            french_phone(raw)
    else:
        assert french_phone(raw) == expected
