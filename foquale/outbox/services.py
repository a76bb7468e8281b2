"""Queue and send e-mails through the outbox.

Every e-mail is a row before it is a message: `email_queue` / `email_queue_many` store it and
ask for its sending after commit; `email_send` claims a row by a conditional update, so a
second run, a redelivered task or a duplicate enqueue sends nothing twice.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from .models import SECRET_BODY_ERASED, EmailStatus, OutboxEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# A pending row whose task may have been lost (a crash between commit and enqueue, a
# worker gone with its delayed retries) is enqueued again after these delays.
LOST_NEW_AFTER = dt.timedelta(minutes=10)
LOST_RETRY_AFTER = dt.timedelta(hours=2)
# A row left "sending" this long belongs to a worker that died mid-send: whether the message
# left is unknown, so it is marked failed for a person to check rather than sent again.
STUCK_SENDING_AFTER = dt.timedelta(hours=1)
FLUSH_LIMIT = 1000
SEND_CHUNK = 50


def email_render(
    *, kind: str, to: Iterable[str], template: str, context: dict, dedupe_key: str = ""
) -> OutboxEmail:
    """An unsaved e-mail from `<template>_subject.txt`, `<template>.txt` and `.html`."""
    context = {"site_url": settings.SITE_URL, **context}
    return OutboxEmail(
        kind=kind,
        dedupe_key=dedupe_key,
        to=sorted(set(to)),
        subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
        body_text=render_to_string(f"{template}.txt", context),
        body_html=render_to_string(f"{template}.html", context),
    )


def email_enqueue(email_ids: list[int]) -> None:
    """Ask the workers to send these rows: one task per e-mail when alone, one task per
    chunk otherwise (a scan queues thousands: one broker message and one SMTP connection
    per chunk instead of one each)."""
    from .tasks import send_email, send_emails

    if len(email_ids) == 1:
        send_email.delay(email_ids[0])
        return
    for start in range(0, len(email_ids), SEND_CHUNK):
        send_emails.delay(email_ids[start : start + SEND_CHUNK])


def _send_after_commit(email_ids: list[int]) -> None:
    if email_ids:
        transaction.on_commit(lambda: email_enqueue(email_ids))


def email_queue(
    *,
    kind: str,
    to: list[str],
    template: str,
    context: dict,
    dedupe_key: str = "",
    attachment: bytes | None = None,
    attachment_name: str = "",
    secret_body: bool = False,
) -> OutboxEmail | None:
    """Store one e-mail and send it after commit. With a dedupe key already used, nothing
    is stored and None is returned. `secret_body`: the body carries a credential (a
    personal link), kept only until the message has left."""
    email = email_render(
        kind=kind, to=to, template=template, context=context, dedupe_key=dedupe_key
    )
    email.attachment_name = attachment_name
    email.secret_body = secret_body
    try:
        with transaction.atomic():
            if attachment is not None:
                email.attachment.save(attachment_name, ContentFile(attachment), save=False)
            email.save()
    except IntegrityError:
        if dedupe_key and OutboxEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    _send_after_commit([email.pk])
    return email


def email_queue_many(*, emails: list[OutboxEmail]) -> dict[str, int]:
    """Store rendered e-mails in two queries, whatever their number, and send them after
    commit. Every e-mail needs a dedupe key; a key already used keeps its first row.

    Returns the id stored under each key. A row that exists but never left (its task lost
    in a crash) is enqueued again: the claim in `email_send` makes that harmless."""
    if not emails:
        return {}
    keys = [email.dedupe_key for email in emails]
    if not all(keys):
        raise ValueError("email_queue_many needs a dedupe key on every e-mail")
    OutboxEmail.objects.bulk_create(emails, ignore_conflicts=True)
    stored = list(
        OutboxEmail.objects.filter(dedupe_key__in=keys).values_list(
            "dedupe_key", "pk", "status", "attempts"
        )
    )
    _send_after_commit(
        [pk for _, pk, status, attempts in stored if status == EmailStatus.PENDING and not attempts]
    )
    return {key: pk for key, pk, _, _ in stored}


def email_send(*, email_id: int, connection=None) -> bool:
    """Send one stored e-mail (through `connection` when given). Claiming it with a
    conditional update makes a second run a no-op, so a message never leaves twice."""
    claimed = OutboxEmail.objects.filter(
        pk=email_id, status=EmailStatus.PENDING, attempts__lt=MAX_ATTEMPTS
    ).update(status=EmailStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=timezone.now())
    if not claimed:
        return False
    email = OutboxEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    if email.attachment:
        with email.attachment.open("rb") as handle:
            message.attach(email.attachment_name, handle.read(), "application/pdf")
    try:
        message.send()
    except Exception as exc:  # any transport error is recorded, then retried by the task
        failed = email.attempts >= MAX_ATTEMPTS
        OutboxEmail.objects.filter(pk=email_id).update(
            status=EmailStatus.FAILED if failed else EmailStatus.PENDING,
            last_error=f"{type(exc).__name__}",
        )
        logger.warning("outbox email %s failed (attempt %s)", email_id, email.attempts)
        raise
    sent = {"status": EmailStatus.SENT, "sent_at": timezone.now(), "last_error": ""}
    if email.secret_body:
        # The link now lives in the recipient's mailbox only; the row keeps who, what, when.
        sent.update(body_text=SECRET_BODY_ERASED, body_html="")
    OutboxEmail.objects.filter(pk=email_id).update(**sent)
    return True


def email_requeue(*, email_ids: Iterable[int]) -> int:
    """An administrator's decision to try failed e-mails again, from the first attempt."""
    ids = list(
        OutboxEmail.objects.filter(pk__in=list(email_ids), status=EmailStatus.FAILED).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic():
        OutboxEmail.objects.filter(pk__in=ids, status=EmailStatus.FAILED).update(
            status=EmailStatus.PENDING, attempts=0, last_error=""
        )
        _send_after_commit(ids)
    return len(ids)


def outbox_flush() -> dict[str, int]:
    """Recover what a crash left behind: enqueue pending rows whose task was lost, and mark
    as failed the rows a dead worker left "sending"."""
    now = timezone.now()
    stuck = OutboxEmail.objects.filter(
        status=EmailStatus.SENDING, last_attempt_at__lt=now - STUCK_SENDING_AFTER
    ).update(
        status=EmailStatus.FAILED,
        last_error="Envoi interrompu : vérifiez si le courriel est parti avant de le renvoyer.",
    )
    lost = list(
        OutboxEmail.objects.filter(status=EmailStatus.PENDING, attempts__lt=MAX_ATTEMPTS)
        .filter(
            Q(attempts=0, created_at__lt=now - LOST_NEW_AFTER)
            | Q(attempts__gt=0, last_attempt_at__lt=now - LOST_RETRY_AFTER)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:FLUSH_LIMIT]
    )
    _send_after_commit(lost)
    if stuck or lost:
        logger.info("outbox flush: %s re-enqueued, %s marked failed", len(lost), stuck)
    return {"requeued": len(lost), "stuck": stuck}


def outbox_prune(*, now: dt.datetime | None = None) -> int:
    """Empty the e-mails sent more than OUTBOX_KEEP_DAYS ago: their bodies carry names and
    family links. The row stays (kind, status, dates) as a trace that the message left."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    old = OutboxEmail.objects.filter(status=EmailStatus.SENT, sent_at__lt=cutoff).exclude(
        body_text=""
    )
    attachments = [name for name in old.exclude(attachment="").values_list("attachment", flat=True)]
    pruned = old.update(
        to=[], subject="(contenu effacé)", body_text="", body_html="", attachment=""
    )
    storage = OutboxEmail._meta.get_field("attachment").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in attachments])
    return pruned
