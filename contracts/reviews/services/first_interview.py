"""The 15-day rule: a young person received by a network (imported or opened by hand) has
a first interview within FIRST_INTERVIEW_DAYS. Still « à contacter » FIRST_INTERVIEW_
REFERENT_DAYS after reception, the référents who follow the (network, establishment) are
reminded; on the deadline, the network's lead. Same `Reminder` rows and outbox as the
situation reviews: one row per (youth, deadline, kind), so the daily scan is idempotent."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from foquale.outbox.services import email_queue_many, email_render
from networks.perms import referent_emails

from ...enums import Step
from ...models import Youth
from ...models.reviews import Reminder
from ..enums import REMINDER_LEVELS, ReminderKind
from .common import youth_short_name

BATCH = 500


def _deadline(received_on: dt.date) -> dt.date:
    return received_on + dt.timedelta(days=settings.FIRST_INTERVIEW_DAYS)


def _due(kind: ReminderKind, today: dt.date) -> QuerySet[Youth]:
    """Youths « à contacter » old enough for `kind` and not yet reminded of it."""
    days = (
        settings.FIRST_INTERVIEW_REFERENT_DAYS
        if kind == ReminderKind.FIRST_REFERENT
        else settings.FIRST_INTERVIEW_DAYS
    )
    done = Reminder.objects.filter(youth_id=OuterRef("pk"), kind=kind)
    return (
        Youth.objects.filter(
            step=Step.TO_CONTACT,
            anonymised_on__isnull=True,
            received_on__lte=today - dt.timedelta(days=days),
        )
        .exclude(Exists(done))
        .order_by("pk")
    )


def _key(youth: Youth, kind: str) -> str:
    return f"first-interview:{youth.pk}:{_deadline(youth.received_on):%Y%m%d}:{kind}"


@transaction.atomic
def first_interview_remind(*, today: dt.date) -> int:
    """Remind the référents (D+10) and the leads (D+15) of the young people not reached
    yet; the number of reminders created. Idempotent: once per youth, deadline and kind."""
    created = 0
    for kind in (ReminderKind.FIRST_REFERENT, ReminderKind.FIRST_LEAD):
        youths = list(
            _due(kind, today)
            .select_related("network__lead")
            .only(
                "id",
                "first_name",
                "last_name",
                "received_on",
                "network_id",
                "establishment_id",
                "network__name",
                "network__lead__email",
                "network__lead__is_active",
            )[:BATCH]
        )
        if not youths:
            continue
        referents = (
            referent_emails({(y.network_id, y.establishment_id) for y in youths})
            if kind == ReminderKind.FIRST_REFERENT
            else {}
        )
        emails, reminders = [], []
        for youth in youths:
            if kind == ReminderKind.FIRST_REFERENT:
                recipients = referents.get((youth.network_id, youth.establishment_id), [])
            else:
                lead = youth.network.lead
                recipients = [lead.email] if lead is not None and lead.is_active else []
            deadline = _deadline(youth.received_on)
            if recipients:
                emails.append(
                    email_render(
                        kind=f"first_interview_{kind}",
                        to=recipients,
                        template=f"contracts/emails/{kind}",
                        context={
                            "youth_name": youth_short_name(youth.first_name, youth.last_name),
                            "network_name": youth.network.name,
                            "received_on": youth.received_on,
                            "deadline": deadline,
                            "days": settings.FIRST_INTERVIEW_DAYS,
                            "youth_url": settings.SITE_URL + youth.get_absolute_url(),
                        },
                        dedupe_key=_key(youth, kind),
                    )
                )
            reminders.append(
                Reminder(
                    youth_id=youth.pk,
                    due_on=deadline,
                    kind=kind,
                    level=REMINDER_LEVELS[kind],
                    recipient_count=len(recipients),
                )
            )
        stored = email_queue_many(emails=emails)
        for reminder, youth in zip(reminders, youths, strict=True):
            reminder.email_id = stored.get(_key(youth, kind))
        Reminder.objects.bulk_create(reminders, ignore_conflicts=True)
        created += len(reminders)
    return created
