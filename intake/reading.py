"""A platform's list as uploaded: CSV (`;` or `,`, UTF-8 or Windows-1252) or XLSX, read
into rows of text. Every way a file can be wrong ends in one French sentence
(`ListFileError`) before anything is saved."""

import contextlib
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from .enums import FileFormat, Target

# Rows read before giving up on finding the header (titles, a date, a blank line above it).
HEADER_SEARCH_ROWS = 10


class ListFileError(ValidationError):
    """The file cannot be read as a list; the message says why, in French."""


@dataclass
class ListFile:
    file_format: str
    header_line: int  # 1-based line of the header in the file
    headers: list[str]
    rows: list[list[str]]  # data rows only, each as long as `headers`

    def line_of(self, index: int) -> int:
        """The file's line number of data row `index` (0-based)."""
        return self.header_line + 1 + index


def header_key(value: str) -> str:
    """A header without case, accents, spaces or punctuation: « Date de naissance » →
    « datedenaissance »."""
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


# The usual headers of SIEI / RIO exports and of hand-made lists, as `header_key` gives them.
SYNONYMS: dict[str, tuple[str, ...]] = {
    Target.INE: ("ine", "ineeleve", "numeroine", "noine", "identifiantnationaleleve", "inejeune"),
    Target.LAST_NAME: (
        "nom",
        "nomdefamille",
        "nomfamille",
        "nomeleve",
        "nomdusage",
        "nomusage",
        "nomjeune",
        "nomnaissance",
    ),
    Target.FIRST_NAME: ("prenom", "prenom1", "prenomeleve", "premierprenom", "prenomjeune"),
    Target.BIRTH_DATE: (
        "datenaissance",
        "datedenaissance",
        "datenais",
        "ddn",
        "nele",
        "neele",
        "naissance",
    ),
    Target.SEX: ("sexe", "genre"),
    Target.UAI: (
        "uai",
        "uaiorigine",
        "uaietablissement",
        "uaietablissementorigine",
        "uaidorigine",
        "codeuai",
        "rne",
        "etablissementdorigine",
        "etablissementorigine",
        "etablissement",
        "codeetablissement",
        "uaiderniereetablissement",
        "dernieretablissement",
    ),
    Target.LAST_CLASS: (
        "formation",
        "formationsuivie",
        "derniereformation",
        "libelleformation",
        "classe",
        "derniereclasse",
        "division",
        "mef",
        "libellemef",
    ),
    Target.LEFT_ON: ("datesortie", "datedesortie", "sortiele", "datedepart", "datefinformation"),
    Target.PHONE: (
        "telephone",
        "tel",
        "telephone1",
        "telephoneeleve",
        "telportable",
        "portable",
        "mobile",
        "telephonejeune",
        "numerodetelephone",
    ),
    Target.EMAIL: (
        "courriel",
        "email",
        "mail",
        "adressemail",
        "adresseelectronique",
        "emaileleve",
        "adressecourriel",
    ),
    Target.ADDRESS: ("adresse", "adresse1", "adressepostale", "adresseligne1", "rue", "voie"),
    Target.POSTCODE: ("codepostal", "cp"),
    Target.TOWN: ("commune", "ville", "communederesidence", "communeresidence", "localite"),
}
_RECOGNISED = {key: target for target, keys in SYNONYMS.items() for key in keys}


def recognise(header: str) -> str | None:
    return _RECOGNISED.get(header_key(header))


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a CSV would carry."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _too_many(count: int) -> ListFileError:
    limit = f"{settings.IMPORT_MAX_ROWS:,}".replace(",", "\u202f")
    return ListFileError(
        f"Le fichier compte plus de {limit} lignes de jeunes, la limite d’un import : "
        "découpez la liste en plusieurs fichiers."
    )


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content[:4096]:
        raise ListFileError(
            "Ce fichier est enregistré dans un encodage non pris en charge (UTF-16) : "
            "enregistrez-le en CSV UTF-8 ou Windows-1252."
        )
    with contextlib.suppress(UnicodeDecodeError):
        return content.decode("utf-8-sig")
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise ListFileError(
            "Les caractères de ce fichier ne sont lisibles ni en UTF-8 ni en Windows-1252 : "
            "enregistrez-le en CSV UTF-8 depuis votre tableur."
        ) from None


def _csv_rows(content: bytes) -> list[list[str]]:
    text = _decode(content)
    sample = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS + 5])
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    if sample.count(delimiter) == 0 and sample.count("\t"):
        delimiter = "\t"
    rows = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append([cell.strip() for cell in row])
        if len(rows) > settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS:
            raise _too_many(len(rows))
    return rows


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ListFileError(
            "Ce fichier XLSX est illisible ou endommagé : ouvrez-le dans votre tableur et "
            "enregistrez-le à nouveau au format .xlsx ou .csv."
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _too_many(len(rows))
        return rows
    finally:
        workbook.close()


def file_format_of(name: str, content: bytes) -> str:
    lowered = name.lower()
    if content.startswith(b"PK\x03\x04"):
        if lowered.endswith((".xlsx", ".xlsm")):
            return FileFormat.XLSX
        raise ListFileError(
            "Ce fichier est une archive ou un document (ODS, DOCX…), pas une liste CSV ou "
            "XLSX : enregistrez la liste au format .xlsx ou .csv."
        )
    if lowered.endswith(".xls") or content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ListFileError(
            "L’ancien format Excel (.xls) n’est pas pris en charge : enregistrez la liste au "
            "format .xlsx ou .csv."
        )
    if lowered.endswith((".csv", ".txt")):
        return FileFormat.CSV
    raise ListFileError(
        "Ce fichier n’est ni un CSV ni un classeur XLSX : déposez la liste au format .csv ou .xlsx."
    )


def _find_header(rows: list[list[str]], remembered: set[str]) -> int:
    """The index of the first row naming at least two known columns."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = sum(
            1 for cell in row if cell and (recognise(cell) or header_key(cell) in remembered)
        )
        if known >= 2:
            return index
    raise ListFileError(
        "Aucune colonne attendue n’a été reconnue dans les premières lignes du fichier "
        "(par exemple NOM, PRENOM, DATE_NAISSANCE, INE, UAI) : vérifiez qu’il s’agit bien "
        "d’une liste de jeunes avec une ligne d’en-tête."
    )


def read_list(name: str, content: bytes, *, remembered: set[str] = frozenset()) -> ListFile:
    """Read an uploaded list, or raise `ListFileError`. `remembered`: the header keys of the
    platform's last mapping, recognised too."""
    limit = settings.IMPORT_MAX_MB * 1024 * 1024
    if len(content) > limit:
        raise ListFileError(
            f"Le fichier pèse plus de {settings.IMPORT_MAX_MB} Mo, la limite d’un import : "
            "découpez la liste ou retirez les colonnes inutiles."
        )
    if not content.strip():
        raise ListFileError("Le fichier est vide.")
    file_format = file_format_of(name, content)
    rows = _xlsx_rows(content) if file_format == FileFormat.XLSX else _csv_rows(content)
    header_index = _find_header(rows, set(remembered))
    headers = [cell.strip() for cell in rows[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    data = []
    for row in rows[header_index + 1 :]:
        if not any(row):
            continue
        data.append((row + [""] * width)[:width])
    if not data:
        raise ListFileError("Le fichier ne contient aucune ligne de jeune sous l’en-tête.")
    if len(data) > settings.IMPORT_MAX_ROWS:
        raise _too_many(len(data))
    return ListFile(file_format, header_index + 1, headers, data)


def guess_mapping(headers: list[str], remembered: dict[str, str]) -> dict[str, str]:
    """{target: header}: the platform's last mapping where its headers are in this file,
    then the usual names."""
    mapping: dict[str, str] = {}
    by_key = {header_key(h): h for h in headers if h}
    for target, header in remembered.items():
        if target in Target.values and header_key(header) in by_key:
            mapping[target] = by_key[header_key(header)]
    taken = set(mapping.values())
    for header in headers:
        target = recognise(header)
        if target and target not in mapping and header not in taken:
            mapping[target] = header
            taken.add(header)
    return mapping
