"""Contracts past their planned end: « contrat échu à clôturer ». A running contract whose
end date has passed, neither closed by an exit nor extended by an amendment (none signed,
none waiting for signatures), is flagged once to the référents who follow the young
person's (network, establishment) and to the network's lead; the daily scan does it."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from foquale.outbox.services import email_queue_many, email_render
from networks.perms import referent_emails

from ...models import Amendment, Contract
from ...models.reviews import Reminder
from ..enums import REMINDER_LEVELS, ReminderKind

BATCH = 500


def past_end_contracts(today: dt.date) -> QuerySet[Contract]:
    """« Contrat échu à clôturer »: running, past its planned end, no amendment waiting for
    signatures (the rule of the flag and of the « À faire » page)."""
    pending_amendment = Amendment.objects.filter(contract_id=OuterRef("pk"), signed_on__isnull=True)
    return Contract.objects.active().filter(ends_on__lt=today).exclude(Exists(pending_amendment))


def expired_contracts(today: dt.date) -> QuerySet[Contract]:
    """The contracts past their end not flagged yet for this end date."""
    flagged = Reminder.objects.filter(
        contract_id=OuterRef("pk"), kind=ReminderKind.EXPIRED, due_on=OuterRef("ends_on")
    )
    return past_end_contracts(today).exclude(Exists(flagged)).order_by("pk")


def _key(contract: Contract) -> str:
    return f"contract-expired:{contract.pk}:{contract.ends_on:%Y%m%d}"


@transaction.atomic
def expired_contracts_flag(*, today: dt.date) -> int:
    """Flag the contracts that expired, once per end date (the reminder's unique key);
    the number of contracts newly flagged. Idempotent."""
    # At most a batch a day: the others are flagged on the following days.
    contracts = list(
        expired_contracts(today).select_related("tutor", "youth__network__lead")[:BATCH]
    )
    if not contracts:
        return 0
    referents = referent_emails({(c.youth.network_id, c.youth.establishment_id) for c in contracts})
    emails, reminders = [], []
    for contract in contracts:
        lead = contract.youth.network.lead
        recipients = referents.get((contract.youth.network_id, contract.youth.establishment_id), [])
        if lead is not None and lead.is_active and lead.email not in recipients:
            recipients = [*recipients, lead.email]
        if recipients:
            emails.append(
                email_render(
                    kind="contract_expired",
                    to=recipients,
                    template="contracts/emails/contract_expired",
                    context={
                        "contract_id": contract.pk,
                        "network_name": contract.youth.network.name,
                        "tutor_name": contract.tutor.get_full_name(),
                        "ends_on": contract.ends_on,
                        "contract_url": settings.SITE_URL + contract.get_absolute_url(),
                    },
                    dedupe_key=_key(contract),
                )
            )
        reminders.append(
            Reminder(
                contract_id=contract.pk,
                due_on=contract.ends_on,
                kind=ReminderKind.EXPIRED,
                level=REMINDER_LEVELS[ReminderKind.EXPIRED],
                recipient_count=len(recipients),
            )
        )
    stored = email_queue_many(emails=emails)
    for reminder, contract in zip(reminders, contracts, strict=True):
        reminder.email_id = stored.get(_key(contract))
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True)
    return len(reminders)
