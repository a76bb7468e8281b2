"""Demo situation reviews on top of the demo paths: the tutors have held the reviews due so
far, except that each tutor has one review past its grace period still to do, so a newcomer
running `make run` sees a history, a late flag, and reminders and escalations in the outbox.

Idempotent (nothing is added once the network has reviews); used only by `seed_demo`."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from networks.models import Network

from ..enums import ContractStatus
from ..models import Contract, SituationReview
from .services import review_record

NOTES = [
    (
        "Présent(e) tous les jours, une absence justifiée.",
        "Reprend confiance à l’écrit.",
        "Transports longs le matin.",
        "Point avec la famille au prochain bilan.",
    ),
    (
        "Assiduité régulière.",
        "Bonne intégration dans le groupe ; stage trouvé.",
        "Organisation du travail personnel.",
        "Poursuivre le tutorat hebdomadaire.",
    ),
    (
        "Deux retards ce mois-ci.",
        "Progrès nets en mathématiques.",
        "Motivation fluctuante.",
        "Entretien avec le CPE avant les vacances.",
    ),
]


@transaction.atomic
def seed_reviews(network: Network) -> int:
    contracts = list(
        Contract.objects.filter(youth__network=network, status=ContractStatus.ACTIVE)
        .select_related("tutor")
        .order_by("pk")
    )
    if SituationReview.objects.filter(contract__in=contracts).exists():
        return 0
    today = timezone.localdate()
    # A review is late once the grace period has passed.
    late_before = today - dt.timedelta(days=settings.REVIEW_GRACE_DAYS + 2)
    recorded = 0
    late_left: set[int] = set()
    for contract in contracts:
        while contract.next_review_on and contract.next_review_on < today:
            due = contract.next_review_on
            following = due + dt.timedelta(weeks=contract.review_every_weeks)
            if contract.tutor_id not in late_left and due <= late_before < following:
                late_left.add(contract.tutor_id)
                break
            attendance, progress, difficulties, decisions = NOTES[recorded % len(NOTES)]
            review_record(
                contract=contract,
                author=contract.tutor,
                held_on=min(due + dt.timedelta(days=recorded % 3), today),
                due_on=due,
                youth_present=recorded % 5 != 4,
                attendance=attendance,
                progress=progress,
                difficulties=difficulties,
                decisions=decisions,
            )
            recorded += 1
            contract.refresh_from_db(fields=["next_review_on"])
    return recorded
