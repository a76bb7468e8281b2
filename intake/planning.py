"""What an import will do with each row: new (shared to a network, or « à répartir »),
already known (same INE, or same names and birth date: completed, never duplicated), or
refused with its reasons. The preview shows the plan; the task runs it. A fixed number of
queries whatever the number of rows (lookups by chunks of ids)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from contracts.models import Youth
from foquale.inputs import name_key
from networks.models import Establishment, NetworkEstablishment, Platform

from .cleaning import clean_row
from .enums import REQUIRED_TARGETS, PendingReason, Target
from .models import PendingYouth
from .reading import ListFile

CHUNK = 5000


class Kind:
    NEW = "new"
    KNOWN = "known"
    REFUSED = "refused"


@dataclass(slots=True)
class RowPlan:
    line: int
    kind: str
    name: str
    values: dict
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # New: (network id, establishment id) when shared at once, else the pending reason.
    placement: tuple[int, int] | None = None
    pending_reason: str = ""
    # Known: the file or the pending row it completes.
    youth_id: int | None = None
    pending_id: int | None = None
    establishment_id: int | None = None


@dataclass
class Plan:
    rows: list[RowPlan]
    dropped_columns: list[str]
    network_names: dict[int, str]

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind)

    @property
    def shared(self) -> int:
        return sum(1 for row in self.rows if row.kind == Kind.NEW and row.placement)

    @property
    def pending(self) -> int:
        return sum(1 for row in self.rows if row.kind == Kind.NEW and not row.placement)

    def destination(self, row: RowPlan) -> str:
        if row.kind == Kind.REFUSED:
            return "Refusé : " + " ; ".join(row.reasons)
        if row.kind == Kind.KNOWN:
            return "Déjà connu : complété sans doublon" + (
                " (à répartir)" if row.pending_id else ""
            )
        if row.placement:
            return f"Nouveau → {self.network_names[row.placement[0]]}"
        return f"Nouveau → à répartir ({PendingReason(row.pending_reason).label.lower()})"


def mapping_errors(mapping: dict[str, str], headers: list[str]) -> dict[str, str]:
    """{target: French message} for a mapping that cannot be imported."""
    errors = {}
    for target in REQUIRED_TARGETS:
        if not mapping.get(target):
            errors[target] = f"Choisissez la colonne « {Target(target).label} » : elle est requise."
    seen: dict[str, str] = {}
    for target, header in mapping.items():
        if header and header not in headers:
            errors[target] = "Cette colonne n’est pas dans le fichier."
        elif header and header in seen:
            errors[target] = (
                f"La colonne « {header} » est déjà associée à « {Target(seen[header]).label} »."
            )
        elif header:
            seen[header] = target
    return errors


def _chunks(values: list) -> list[list]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def build_plan(list_file: ListFile, mapping: dict[str, str], platform: Platform, today: dt.date):
    index = {header: i for i, header in enumerate(list_file.headers)}
    columns = {target: index[header] for target, header in mapping.items() if header in index}
    used = set(columns.values())
    dropped = [h for i, h in enumerate(list_file.headers) if h and i not in used]
    rows: list[RowPlan] = []
    first_seen: dict[tuple, int] = {}
    for position, cells in enumerate(list_file.rows):
        line = list_file.line_of(position)
        values, reasons, notes = clean_row(
            {target: cells[i] for target, i in columns.items()}, today
        )
        name = f"{values.get('last_name', '').upper()} {values.get('first_name', '')}".strip()
        row = RowPlan(line, Kind.REFUSED if reasons else Kind.NEW, name, values, reasons, notes)
        if not reasons:
            values["last_name_key"] = name_key(values["last_name"])
            values["first_name_key"] = name_key(values["first_name"])
            keys = [("id", values["last_name_key"], values["first_name_key"], values["birth_date"])]
            if values["ine"]:
                keys.append(("ine", values["ine"]))
            twin = next((first_seen[k] for k in keys if k in first_seen), None)
            if twin is not None:
                row.kind = Kind.REFUSED
                row.reasons.append(f"Même jeune qu’à la ligne {twin} du fichier")
            else:
                first_seen.update({k: line for k in keys})
        rows.append(row)
    candidates = [row for row in rows if row.kind == Kind.NEW]
    _match_known(candidates, platform)
    network_names = _place(candidates, platform)
    return Plan(rows, dropped, network_names)


def _match_known(rows: list[RowPlan], platform: Platform) -> None:
    """Same INE anywhere (the INE is unique), or same names and birth date in the
    académie: a file already open; else a young person already waiting « à répartir »."""
    ines = sorted({row.values["ine"] for row in rows if row.values["ine"]})
    dates = sorted({row.values["birth_date"] for row in rows})
    youth_by_ine: dict[str, int] = {}
    pending_by_ine: dict[str, int] = {}
    for chunk in _chunks(ines):
        youth_by_ine.update(Youth.objects.filter(ine__in=chunk).values_list("ine", "pk"))
        pending_by_ine.update(
            PendingYouth.objects.filter(platform=platform, ine__in=chunk).values_list("ine", "pk")
        )
    youth_by_identity: dict[tuple, int] = {}
    pending_by_identity: dict[tuple, int] = {}
    for chunk in _chunks(dates):
        for lnk, fnk, birth, pk in Youth.objects.filter(
            network__academy_id=platform.academy_id,
            birth_date__in=chunk,
            anonymised_on__isnull=True,
        ).values_list("last_name_key", "first_name_key", "birth_date", "pk"):
            youth_by_identity.setdefault((lnk, fnk, birth), pk)
        for lnk, fnk, birth, pk in PendingYouth.objects.filter(
            platform=platform, birth_date__in=chunk
        ).values_list("last_name_key", "first_name_key", "birth_date", "pk"):
            pending_by_identity.setdefault((lnk, fnk, birth), pk)
    for row in rows:
        v = row.values
        identity = (v["last_name_key"], v["first_name_key"], v["birth_date"])
        row.youth_id = youth_by_ine.get(v["ine"]) or youth_by_identity.get(identity)
        if row.youth_id is None:
            row.pending_id = pending_by_ine.get(v["ine"]) or pending_by_identity.get(identity)
        if row.youth_id or row.pending_id:
            row.kind = Kind.KNOWN


def _place(rows: list[RowPlan], platform: Platform) -> dict[int, str]:
    """Share out by the UAI of origin: the one network of the platform that has this
    establishment as a member; none or several → « à répartir »."""
    uais = sorted({row.values["uai"] for row in rows if row.values["uai"]})
    establishments: dict[str, int] = {}
    for chunk in _chunks(uais):
        establishments.update(Establishment.objects.filter(uai__in=chunk).values_list("uai", "pk"))
    memberships: dict[int, list[int]] = defaultdict(list)
    network_names: dict[int, str] = {}
    for network_id, establishment_id, network_name in NetworkEstablishment.objects.filter(
        network__platform=platform, establishment_id__in=list(establishments.values())
    ).values_list("network_id", "establishment_id", "network__name"):
        memberships[establishment_id].append(network_id)
        network_names[network_id] = network_name
    for row in rows:
        uai = row.values["uai"]
        establishment_id = establishments.get(uai)
        row.establishment_id = establishment_id
        if row.kind != Kind.NEW:
            continue
        if uai and establishment_id is None:
            row.kind = Kind.REFUSED
            row.reasons.append(f"UAI inconnu : aucun établissement ne porte le code {uai}")
            continue
        networks = memberships.get(establishment_id, [])
        if not uai:
            row.pending_reason = PendingReason.NO_UAI
        elif len(networks) == 1:
            row.placement = (networks[0], establishment_id)
        else:
            row.pending_reason = PendingReason.SEVERAL if networks else PendingReason.NO_NETWORK
    return network_names
