"""What the demo is made of: the fixed lists, the plan of steps, and each young person's
random draws (names, dates, wishes), in an order that must not move from one run to the next.
"""

import datetime as dt
import random

from django.utils.text import slugify

from foquale.demo_names import DemoNames

from ..enums import (
    ContactChannel,
    ExitReason,
    GuardianLink,
    Level,
    Origin,
    Outcome,
    ProposalKind,
    Step,
)

TARGETS = [
    (ProposalKind.MICRO_LYCEE, "Micro-lycée de Lyon — préparation au baccalauréat"),
    (ProposalKind.ESTABLISHMENT, "CAP Équipier polyvalent du commerce"),
    (ProposalKind.CFA, "CAP Cuisine en apprentissage"),
    (ProposalKind.UFA, "Bac pro Maintenance des véhicules en apprentissage"),
    (ProposalKind.PARTNER, "École de la deuxième chance"),
]
WISHES = [
    "Reprendre un CAP dans la vente",
    "Travailler dans la mécanique automobile",
    "Obtenir le baccalauréat",
    "Entrer en apprentissage en cuisine",
    "Découvrir les métiers du soin",
]
# The coded kind of solution each wish points to: what the needs page counts.
WISH_KINDS = {
    "Reprendre un CAP dans la vente": ProposalKind.ESTABLISHMENT,
    "Travailler dans la mécanique automobile": ProposalKind.CFA,
    "Obtenir le baccalauréat": ProposalKind.MICRO_LYCEE,
    "Entrer en apprentissage en cuisine": ProposalKind.UFA,
    "Découvrir les métiers du soin": ProposalKind.PARTNER,
}
EARLY_EXITS = [
    (Outcome.MOVED, ExitReason.MOVED, "La famille a déménagé dans une autre académie."),
    (
        Outcome.STOPPED,
        ExitReason.LOST_CONTACT,
        "Ne répond plus aux sollicitations depuis six semaines.",
    ),
    (Outcome.JOB, "", "A trouvé un emploi saisonnier et ne souhaite pas reprendre."),
    (Outcome.CIVIC_SERVICE, "", "Engagé(e) en service civique."),
    (Outcome.MOVED, ExitReason.MOVED, "Suivi transféré à une autre plateforme."),
    (Outcome.STOPPED, ExitReason.MOTIVATION, "Souhaite faire une pause dans son projet."),
]

# Days since the start of a contract whose first review (after 4 weeks) is past the grace
# period and whose second is still to come.
LATE_START_AGO = 45
# (target step, tutor login or None, how many)
PLAN = [
    (Step.CONTACT, None, 5),
    (Step.ASSESSMENT, None, 5),
    ("pending", None, 3),
    ("refused_then_pending", None, 2),
    ("accepted", None, 3),
    (Step.CONTRACT, "tuteur", 1),
    (Step.ACTIVE, "tuteur", 7),
    (Step.ACTIVE, "tuteur2", 7),
    ("ended", "tuteur", 1),
    ("early_exit", None, 6),
    # Last, so the others keep their draws: received from the platform's list, not reached
    # yet (« à contacter », the 15-day clock running: 3 and 12 days in).
    (Step.TO_CONTACT, None, 2),
]


def demo_ine(index: int) -> str:
    return f"{9_900_000_000 + index}{'ABCDEFGHJK'[index % 10]}"


def _draw(rng: random.Random, names: DemoNames, index: int, today: dt.date, target) -> dict:
    contacted = today - dt.timedelta(
        days=rng.randint(70, 160) if target != Step.CONTACT else rng.randint(2, 20)
    )
    age_days = rng.randint(16 * 365 + 30, 21 * 365)
    sex = rng.choice(["F", "M"])
    first = names.first_name(sex)
    last = names.last_name()
    return {
        "ine": demo_ine(index),
        "first_name": first,
        "last_name": last,
        "sex": sex,
        "birth_date": contacted - dt.timedelta(days=age_days),
        "contacted_on": contacted,
        "email": f"{slugify(first)}.{slugify(last)}.{index}@example.org",
        # 06 40 to 06 89: mobile ranges in use (the phone validator refuses unassigned ones);
        # the same draws as before, so the rest of the demo does not move.
        "phone": f"06 {40 + rng.randint(10, 99) % 50} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "guardian": rng.choice(
            [
                (GuardianLink.MOTHER, names.first_name("F")),
                (GuardianLink.FATHER, names.first_name("M")),
            ]
        ),
        "level": rng.choice([Level.NONE, Level.DNB, Level.CAP_LEVEL, Level.BAC_LEVEL]),
        "origin": rng.choice(Origin.values),
        "channel": rng.choice(ContactChannel.values),
        "wish": rng.choice(WISHES),
        "target": rng.choice(TARGETS),
        "start_ago": rng.randint(5, 40),
        "early_exit": rng.choice(EARLY_EXITS),
    }
