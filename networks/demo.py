"""Demo organisation: one believable académie. Idempotent (get_or_create on natural keys)."""

import datetime as dt
import random

from django.conf import settings
from django.db import transaction

from foquale.accounts.models import User
from foquale.demo_names import DemoNames
from foquale.schoolyear import current_school_year
from foquale.validators import uai_check_letter

from .enums import EstablishmentKind, SeatRole, SteeringFunction
from .grants import refresh_academy_grants, refresh_network_grants
from .models import (
    Academy,
    Basin,
    CommitteeSeat,
    Establishment,
    Network,
    Platform,
    PlatformCoordinator,
    SteeringCommittee,
    SteeringMember,
)

DEMO_PASSWORD = "foquale-demo"
DEMO_DOMAIN = "demo.foquale.fr"

# (login, first name, last name): one role each, as the names say.
DEMO_ACCOUNTS = {
    "admin": ("Alice", "Administratrice"),
    "pilotage": ("Paul", "Pilote"),
    "ien-io": ("Inès", "Inspectrice"),
    "responsable": ("Romain", "Responsable"),
    "responsable2": ("Rachida", "Responsable"),
    "comite": ("Camille", "Comité"),
    "referent": ("Rémi", "Référent"),
    "evaluateur": ("Élise", "Évaluatrice"),
    "tuteur": ("Thomas", "Tuteur"),
    "tuteur2": ("Téa", "Tutrice"),
    # Named by `audit.demo`: data protection officer of the académie.
    "dpo": ("Damien", "Délégué"),
    # Named by `intake.demo`: gestionnaire des listes of the first platform.
    "plateforme": ("Pauline", "Plateforme"),
}

DEPARTMENTS = ("069", "001", "042")
KINDS = [
    (EstablishmentKind.COLLEGE, "Collège", 10),
    (EstablishmentKind.LEGT, "Lycée", 5),
    (EstablishmentKind.LP, "Lycée professionnel", 6),
    (EstablishmentKind.LPO, "Lycée polyvalent", 3),
    (EstablishmentKind.MICRO_LYCEE, "Micro-lycée", 2),
    (EstablishmentKind.CFA, "CFA public", 2),
    (EstablishmentKind.UFA, "UFA", 1),
    (EstablishmentKind.CIO, "CIO", 3),
]


def demo_email(login: str) -> str:
    return f"{login}@{DEMO_DOMAIN}"


def demo_user(login: str) -> User:
    return User.objects.get(email=demo_email(login))


def make_uai(rng: random.Random) -> str:
    digits = rng.choice(DEPARTMENTS) + f"{rng.randrange(10_000):04d}"
    return digits + uai_check_letter(digits)


ADMIN_LOGIN = "admin"


def _accounts() -> dict[str, User]:
    """The demo accounts, with the published password. Outside DEBUG the administrator gets
    none (`manage.py changepassword` gives one): a superuser with a password printed in the
    README must never exist on a server, and one left by an earlier run loses it."""
    users = {}
    for login, (first, last) in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            email=demo_email(login),
            defaults={"first_name": first, "last_name": last},
        )
        superuser = login == ADMIN_LOGIN
        changed = created
        if created:
            user.set_password(DEMO_PASSWORD)
            if superuser:
                user.is_staff = user.is_superuser = True
        if superuser and not settings.DEBUG and user.check_password(DEMO_PASSWORD):
            user.set_unusable_password()
            changed = True
        if changed:
            user.save()
        users[login] = user
    return users


@transaction.atomic
def seed_organisation(seed: int = 2013) -> dict:
    rng = random.Random(seed)
    names = DemoNames(seed)
    users = _accounts()
    academy, basins, platforms = _academy(users)
    establishments = _establishments(academy, basins, rng, names)
    networks = _networks(academy, platforms, basins, establishments, users)
    _committee(networks[0], users, names)
    for network in networks:
        refresh_network_grants(network)
    return {"academy": academy, "networks": networks, "users": users}


def _academy(users: dict[str, User]) -> tuple[Academy, list[Basin], list[Platform]]:
    """The académie with its steering committee, basins and platforms."""
    academy, _ = Academy.objects.get_or_create(code="LYON", defaults={"name": "Lyon"})
    committee, _ = SteeringCommittee.objects.get_or_create(academy=academy)
    SteeringMember.objects.get_or_create(
        committee=committee, user=users["pilotage"], defaults={"function": SteeringFunction.CSAIO}
    )
    refresh_academy_grants(academy)
    basins = [
        Basin.objects.get_or_create(academy=academy, name=name)[0]
        for name in ("Lyon Centre", "Villefranche-sur-Saône", "Saint-Étienne")
    ]
    platforms = [
        Platform.objects.get_or_create(academy=academy, name=name)[0]
        for name in ("PSAD Lyon Métropole", "PSAD Loire")
    ]
    PlatformCoordinator.objects.get_or_create(platform=platforms[0], user=users["ien-io"])
    return academy, basins, platforms


def _establishments(
    academy: Academy, basins: list[Basin], rng: random.Random, names: DemoNames
) -> list[Establishment]:
    """The académie's establishments, created the first time only (`KINDS`)."""
    if not Establishment.objects.filter(academy=academy).exists():
        rows = []
        used: set[str] = set()
        for kind, prefix, count in KINDS:
            for _ in range(count):
                uai = make_uai(rng)
                while uai in used:
                    uai = make_uai(rng)
                used.add(uai)
                city = names.city()
                rows.append(
                    Establishment(
                        academy=academy,
                        basin=rng.choice(basins),
                        uai=uai,
                        kind=kind,
                        name=f"{prefix} {names.last_name()}",
                        city=city,
                    )
                )
        Establishment.objects.bulk_create(rows)
    return list(Establishment.objects.filter(academy=academy).order_by("id"))


def _networks(
    academy: Academy,
    platforms: list[Platform],
    basins: list[Basin],
    establishments: list[Establishment],
    users: dict[str, User],
) -> list[Network]:
    """Three networks sharing the establishments; the third one has no lead."""
    network_specs = [
        ("Réseau FOQUALE Lyon Centre", platforms[0], basins[0], "responsable"),
        ("Réseau FOQUALE Beaujolais", platforms[0], basins[1], "responsable2"),
        ("Réseau FOQUALE Saint-Étienne", platforms[1], basins[2], None),
    ]
    networks = []
    for index, (name, platform, basin, lead) in enumerate(network_specs):
        network, created = Network.objects.get_or_create(
            academy=academy,
            name=name,
            defaults={
                "platform": platform,
                "basin": basin,
                "lead": users[lead] if lead else None,
                "lead_appointed_on": dt.date(current_school_year(), 9, 15) if lead else None,
            },
        )
        if created:
            network.establishments.set(establishments[index::3])
        networks.append(network)
    return networks


def _committee(main: Network, users: dict[str, User], names: DemoNames) -> None:
    """The main network's committee: `comite` and two other members, seated once."""
    if main.seats.exists():
        return
    by_kind = {e.kind: e for e in main.establishments.all()}
    started = dt.date(current_school_year(), 10, 1)
    CommitteeSeat.objects.create(
        network=main,
        role=SeatRole.HEAD_LP,
        user=users["comite"],
        establishment=by_kind.get(EstablishmentKind.LP),
        started_on=started,
    )
    for role in (SeatRole.HEAD_COLLEGE, SeatRole.MLDS_PILOT):
        member, _ = User.objects.get_or_create(
            email=f"{role.value.replace('_', '-')}@{DEMO_DOMAIN}",
            defaults={"first_name": names.first_name(), "last_name": names.last_name()},
        )
        CommitteeSeat.objects.create(network=main, role=role, user=member, started_on=started)
