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
from django.db.models import F, Min, Q
from django.template.loader import render_to_string
from django.utils import timezone
from kombu.exceptions import OperationalError

from .models import SECRET_BODY_ERASED, EmailStatus, OutboxEmail

logger = logging.getLogger(__name__)
# After failed attempt n, attempt n + 1 waits RETRY_DELAYS[n - 1]: eight attempts spread
# over 6 h 51 min, so an SMTP outage of six hours loses no mail. A task schedules the
# short waits itself (SELF_RETRY_MAX at most, well under Redis' one-hour visibility
# timeout, past which a delayed task is delivered twice); the flush, every ten minutes,
# sends the rest.
RETRY_DELAYS = tuple(dt.timedelta(minutes=m) for m in (1, 5, 15, 30, 60, 120, 180))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
SELF_RETRY_MAX = dt.timedelta(minutes=15)
# A pending row never tried whose task may have been lost (a crash between commit and
# enqueue, a broker down at that moment) is enqueued again after this delay.
LOST_NEW_AFTER = dt.timedelta(minutes=10)
# A row is "sending" only while its own message is handed to the server (EMAIL_TIMEOUT
# bounds each step). Still "sending" this long after, its worker died mid-send: see
# `outbox_flush` for what is done with it.
STUCK_SENDING_AFTER = dt.timedelta(minutes=15)
FLUSH_LIMIT = 1000
SEND_CHUNK = 50
# What a lost broker raises when a task is published (kombu wraps the transport's errors).
BROKER_ERRORS = (OperationalError, OSError)


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


def publish(task, args: tuple, *, countdown: float | None = None) -> bool:
    """Hand a task to the broker. A broker that is down fails no request and loses no mail:
    the rows stay pending and the flush enqueues them once it is back."""
    try:
        if countdown is None:
            task.delay(*args)
        else:
            task.apply_async(args, countdown=countdown)
    except BROKER_ERRORS as exc:
        logger.warning(
            "outbox: broker unreachable (%s), %s left pending for the flush",
            type(exc).__name__,
            task.name,
        )
        return False
    return True


def email_enqueue(email_ids: list[int]) -> None:
    """Ask the workers to send these rows: one task per e-mail when alone, one task per
    chunk otherwise (a scan queues thousands: one broker message and one SMTP connection
    per chunk instead of one each)."""
    from .tasks import send_email, send_emails

    if len(email_ids) == 1:
        publish(send_email, (email_ids[0],))
        return
    for start in range(0, len(email_ids), SEND_CHUNK):
        publish(send_emails, (email_ids[start : start + SEND_CHUNK],))


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


def _due(now: dt.datetime) -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def _claim(email_id: int) -> OutboxEmail | None:
    """Take a pending row whose attempt is due. The conditional update lets one worker
    only have it: a second run, a redelivered or early task finds nothing to do."""
    now = timezone.now()
    claimed = (
        OutboxEmail.objects.filter(
            pk=email_id, status=EmailStatus.PENDING, attempts__lt=MAX_ATTEMPTS
        )
        .filter(_due(now))
        .update(status=EmailStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=now)
    )
    return OutboxEmail.objects.get(pk=email_id) if claimed else None


def _record_failure(email: OutboxEmail, error: str) -> None:
    """The attempt failed: the row waits for the next one, or is failed after the last."""
    failed = email.attempts >= MAX_ATTEMPTS
    OutboxEmail.objects.filter(pk=email.pk, status=EmailStatus.SENDING).update(
        status=EmailStatus.FAILED if failed else EmailStatus.PENDING,
        last_error=error,
        next_attempt_at=None if failed else timezone.now() + RETRY_DELAYS[email.attempts - 1],
    )
    logger.warning(
        "outbox email %s failed (attempt %s/%s)%s",
        email.pk,
        email.attempts,
        MAX_ATTEMPTS,
        ", given up" if failed else "",
    )


def email_send(*, email_id: int, connection=None) -> bool:
    """Send one stored e-mail (through `connection` when given). Claiming it with a
    conditional update makes a second run a no-op, so a message never leaves twice. A
    transport error is recorded on the row (next attempt, or failed), then raised."""
    email = _claim(email_id)
    if email is None:
        return False
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        if email.attachment:
            with email.attachment.open("rb") as handle:
                message.attach(email.attachment_name, handle.read(), "application/pdf")
        message.send()
    except Exception as exc:  # any transport error is recorded, then retried
        _record_failure(email, type(exc).__name__)
        raise
    sent = {
        "status": EmailStatus.SENT,
        "sent_at": timezone.now(),
        "last_error": "",
        "next_attempt_at": None,
    }
    if email.secret_body:
        # The link now lives in the recipient's mailbox only; the row keeps who, what, when.
        sent.update(body_text=SECRET_BODY_ERASED, body_html="")
    OutboxEmail.objects.filter(pk=email_id).update(**sent)
    return True


def email_attempts_failed(*, email_ids: Iterable[int], error: str) -> int:
    """The mail server could not be reached for these rows (a batch's connection failed):
    each due row counts one failed attempt, as if it had been tried. Returns how many."""
    failed = 0
    for email_id in email_ids:
        email = _claim(email_id)
        if email is not None:
            _record_failure(email, error)
            failed += 1
    return failed


def email_next_attempt(*, email_ids: Iterable[int]) -> dt.datetime | None:
    """When the earliest of these rows is to be tried again (None: none is waiting)."""
    return OutboxEmail.objects.filter(
        pk__in=list(email_ids), status=EmailStatus.PENDING, attempts__gt=0
    ).aggregate(at=Min("next_attempt_at"))["at"]


def email_requeue(*, email_ids: Iterable[int]) -> int:
    """An administrator's decision to try failed e-mails again, from the first attempt."""
    ids = list(
        OutboxEmail.objects.filter(pk__in=list(email_ids), status=EmailStatus.FAILED).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic():
        OutboxEmail.objects.filter(pk__in=ids, status=EmailStatus.FAILED).update(
            status=EmailStatus.PENDING, attempts=0, last_error="", next_attempt_at=None
        )
        _send_after_commit(ids)
    return len(ids)


INTERRUPTED = "Envoi interrompu (processus arrêté pendant l’envoi) : nouvel essai prévu."


def outbox_flush() -> dict[str, int]:
    """Recover what an outage or a crash left behind: enqueue the pending rows whose task
    was lost (or never reached a broker that was down) and those whose next attempt is due.

    A row still "sending" long after its attempt belongs to a worker killed mid-send. It
    goes back to pending, its attempt counted, and is tried again: the worker is almost
    always killed while waiting on the mail server, before the server accepted the message
    (the server then drops it); the window between the server's acceptance and the row
    marked sent is one UPDATE long. A rare duplicate is a lesser harm than a contract link
    or a reminder that silently never leaves. After the last attempt it is failed, for an
    administrator to check."""
    now = timezone.now()
    stuck_rows = OutboxEmail.objects.filter(
        status=EmailStatus.SENDING, last_attempt_at__lt=now - STUCK_SENDING_AFTER
    )
    stuck = stuck_rows.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=EmailStatus.PENDING, next_attempt_at=now, last_error=INTERRUPTED
    )
    given_up = stuck_rows.update(
        status=EmailStatus.FAILED,
        last_error="Envoi interrompu : vérifiez si le courriel est parti avant de le renvoyer.",
    )
    lost = list(
        OutboxEmail.objects.filter(status=EmailStatus.PENDING, attempts__lt=MAX_ATTEMPTS)
        .filter(
            Q(attempts=0, created_at__lt=now - LOST_NEW_AFTER) | (Q(attempts__gt=0) & _due(now))
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:FLUSH_LIMIT]
    )
    _send_after_commit(lost)
    if stuck or given_up or lost:
        logger.info(
            "outbox flush: %s enqueued, %s interrupted retried, %s interrupted failed",
            len(lost),
            stuck,
            given_up,
        )
    return {"requeued": len(lost), "stuck": stuck, "given_up": given_up}


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
