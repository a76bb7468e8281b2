"""Reads of the contracts app that the pages above it call: how full each solution is.

A solution's place is taken by an active contract; a contract awaiting its signatures
takes none yet (its last signature checks the places again).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from foquale.links import url_maker
from networks.models import Network, Solution
from networks.selectors import proposable_solutions

from .enums import ContractStatus, Step
from .models import Contract


def places_taken(solution_ids: Iterable[int]) -> dict[int, int]:
    """{solution id: active contracts}, in one query; a solution with none is left out."""
    rows = (
        Contract.objects.active()
        .filter(solution_id__in=list(solution_ids))
        .order_by()
        .values("solution_id")
        .annotate(taken=Count("pk"))
    )
    return {row["solution_id"]: row["taken"] for row in rows}


def with_occupancy(solutions: QuerySet[Solution]) -> QuerySet[Solution]:
    """Annotate `places_taken`, `places_free` and `is_full` in the same query."""
    return solutions.annotate(
        places_taken=Count("contracts", filter=Q(contracts__status=ContractStatus.ACTIVE))
    ).annotate(
        places_free=Greatest(F("places") - F("places_taken"), Value(0)),
        is_full=Case(
            When(places_taken__gte=F("places"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def solutions_for_proposal(network: Network) -> QuerySet[Solution]:
    """The solutions a proposal for a young person of `network` may pick (see
    `networks.selectors.proposable_solutions`), each with its occupancy."""
    return with_occupancy(proposable_solutions(network))


# The 15-day rule: the young people « à contacter » a user follows.


@dataclass(frozen=True)
class ToContact:
    youth_id: int
    name: str
    network: str
    establishment: str
    received_on: dt.date
    deadline: dt.date
    days_left: int  # negative: late by that many days
    url: str

    @property
    def late(self) -> bool:
        return self.days_left < 0

    @property
    def days_late(self) -> int:
        return max(-self.days_left, 0)


@dataclass(frozen=True)
class ToContactList:
    rows: list[ToContact]
    total: int  # rows holds the most urgent first, at most `limit` of them


def first_interview_deadline(received_on: dt.date) -> dt.date:
    return received_on + dt.timedelta(days=settings.FIRST_INTERVIEW_DAYS)


def to_contact_for(scope, *, today: dt.date | None = None, limit: int = 50) -> ToContactList:
    """The young people « à contacter » of the cases `scope` (a `contracts.perms.CaseScope`)
    follows — its network leads, assessors and référents; tutors follow none yet — the
    oldest received first, with the days left on the first-interview clock. One query, and
    one more to count them when there are more than `limit`."""
    today = today or timezone.localdate()
    youths = scope.youths().filter(step=Step.TO_CONTACT)
    rows = list(
        youths.order_by("received_on", "last_name_key", "first_name_key", "pk")
        .select_related("network", "establishment")
        .only(
            "id",
            "last_name",
            "first_name",
            "received_on",
            "network__name",
            "establishment__name",
        )[:limit]
    )
    total = len(rows) if len(rows) < limit else youths.count()
    youth_url = url_maker("contracts:youth_detail")
    return ToContactList(
        rows=[
            ToContact(
                youth_id=youth.pk,
                name=f"{youth.last_name.upper()} {youth.first_name}",
                network=youth.network.name,
                establishment=youth.establishment.name,
                received_on=youth.received_on,
                deadline=(deadline := first_interview_deadline(youth.received_on)),
                days_left=(deadline - today).days,
                url=youth_url(youth.pk),
            )
            for youth in rows
        ],
        total=total,
    )
