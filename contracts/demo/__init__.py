"""Demo paths in the network of `responsable`: about forty young people at every step, walked
through the real services so that transitions, signatures and signed PDFs are all there.

Idempotent: each demo young person has a fixed INE; one already present is left alone.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from foquale.demo_names import DemoNames
from networks.models import Network

from ..enums import Step, TransferReason
from ..models import Transfer, Youth
from ..services.transfers import transfer_request
from .plan import (
    EARLY_EXITS,
    LATE_START_AGO,
    PLAN,
    TARGETS,
    WISH_KINDS,
    WISHES,
    _draw,
    demo_ine,
)
from .walk import Actors, _actors, _walk

__all__ = [
    "EARLY_EXITS",
    "LATE_START_AGO",
    "PLAN",
    "TARGETS",
    "WISH_KINDS",
    "WISHES",
    "Actors",
    "demo_ine",
    "seed_paths",
    "seed_transfer",
]


def seed_paths(network: Network, seed: int = 2013) -> int:
    """Create the demo young people that are missing; returns how many were created."""
    rng = random.Random(seed)
    names = DemoNames(seed)
    actors = _actors(network)
    today = timezone.localdate()
    created = 0
    index = 0
    for target, tutor_login, count in PLAN:
        for position in range(count):
            index += 1
            # Draw every random value, even for a young person already there, so that the
            # others keep the same names and dates from one run to the next.
            draw = _draw(rng, names, index, today, target)
            if target == Step.ACTIVE and position == 0:
                # Each tutor's first running contract started long enough ago for one of
                # its reviews to be late (README: one late review per tutor).
                draw["start_ago"] = LATE_START_AGO
            if target == Step.CONTRACT:
                # The contract waiting for signatures is a minor's: the guardian is asked
                # to sign online (README: one online signature waiting for a guardian).
                draw["birth_date"] = today - dt.timedelta(days=16 * 365 + 100)
            if Youth.objects.filter(ine=demo_ine(index)).exists():
                continue
            establishment = actors.home if index % 5 else actors.others[index % len(actors.others)]
            with transaction.atomic():
                _walk(
                    actors, draw, establishment, target, actors.tutors.get(tutor_login or ""), rng
                )
            created += 1
    return created


def seed_transfer(source: Network, target: Network) -> bool:
    """One pending transfer of a demo young person at the contact step, from `source` (the
    network of `responsable`) to `target` (that of `responsable2`): it waits on the
    receiving lead's « À faire » page. Once only, whatever happened to it since."""
    youth = Youth.objects.filter(ine=demo_ine(1), network=source, step=Step.CONTACT).first()
    if youth is None or target.lead_id is None or Transfer.objects.filter(youth=youth).exists():
        return False
    transfer_request(
        youth=youth,
        to_network=target,
        reason_code=TransferReason.MOVED,
        reason_details="La famille s’installe à Villefranche-sur-Saône.",
        by=source.lead,
    )
    return True
