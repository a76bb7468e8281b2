"""Demo situation reviews: the demo tutor has one review late and one coming up, so that a
newcomer running `make run` sees the flag, the reminders and the escalation in the outbox.

Idempotent; used only by `seed_demo` (demo mode). Dates are relative to today."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from networks.demo import demo_user
from networks.models import Network
from referents.models import TeamMember

from ..enums import ContactChannel, ContractStatus, Origin, ProposalDecision, ProposalKind, Step
from ..models import Contract, Proposal, Youth
from .services import review_record

# (first name, last name, days since the start): the first contract started ten weeks ago,
# had its first review, and its second (two weeks ago) is late; the second started three
# weeks ago, its first review is in a week.
DEMO_TUTEES = [("Lina", "Demoulin", 70), ("Yanis", "Démo", 21)]


@transaction.atomic
def seed_reviews(network: Network) -> None:
    tutor = demo_user("tuteur")
    if Contract.objects.filter(tutor=tutor, status=ContractStatus.ACTIVE).exists():
        return
    member = TeamMember.objects.filter(user=tutor).select_related("establishment").first()
    if member is None:
        return
    today = timezone.localdate()
    referent = demo_user("referent")
    for first_name, last_name, days in DEMO_TUTEES:
        starts_on = today - dt.timedelta(days=days)
        youth = Youth.objects.create(
            network=network,
            establishment=member.establishment,
            first_name=first_name,
            last_name=last_name,
            birth_date=dt.date(today.year - 17, 5, 12),
            origin=Origin.PSAD,
            contacted_on=starts_on - dt.timedelta(days=30),
            contact_channel=ContactChannel.MEETING,
            step=Step.ACTIVE,
            created_by=referent,
        )
        proposal = Proposal.objects.create(
            youth=youth,
            kind=ProposalKind.MICRO_LYCEE,
            target="Micro-lycée de démonstration",
            proposed_on=starts_on - dt.timedelta(days=14),
            decision=ProposalDecision.ACCEPTED,
            decided_on=starts_on - dt.timedelta(days=10),
            proposed_by=referent,
        )
        contract = Contract.objects.create(
            youth=youth,
            proposal=proposal,
            tutor=tutor,
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(weeks=40),
            meaning="Reprendre une formation qualifiante et préparer un CAP.",
            review_every_weeks=4,
            status=ContractStatus.ACTIVE,
            activated_on=starts_on,
            next_review_on=starts_on + dt.timedelta(weeks=4),
            created_by=referent,
        )
        if contract.next_review_on < today:
            review_record(
                contract=contract,
                author=tutor,
                held_on=contract.next_review_on + dt.timedelta(days=1),
                youth_present=True,
                attendance="Présente tous les jours, une absence justifiée.",
                progress="S’est bien intégrée dans le groupe ; reprend confiance à l’écrit.",
                difficulties="Transports longs le matin.",
                decisions="Point avec la famille au prochain bilan.",
            )
