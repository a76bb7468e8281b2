"""Queue and send e-mails through the outbox."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import EmailStatus, OutboxEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def email_queue(
    *,
    kind: str,
    to: list[str],
    template: str,
    context: dict,
    dedupe_key: str = "",
    attachment: bytes | None = None,
    attachment_name: str = "",
) -> OutboxEmail | None:
    """Render `<template>_subject.txt`, `.txt` and `.html`, store the e-mail, and send it
    after commit. With a dedupe key already used, nothing is stored and None is returned."""
    context = {"site_url": settings.SITE_URL, **context}
    email = OutboxEmail(
        kind=kind,
        dedupe_key=dedupe_key,
        to=sorted(set(to)),
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        body_text=render_to_string(f"{template}.txt", context),
        body_html=render_to_string(f"{template}.html", context),
        attachment_name=attachment_name,
    )
    try:
        with transaction.atomic():
            if attachment is not None:
                email.attachment.save(attachment_name, ContentFile(attachment), save=False)
            email.save()
    except IntegrityError:
        if dedupe_key and OutboxEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    from .tasks import send_email

    transaction.on_commit(lambda: send_email.delay(email.pk))
    return email


def email_send(*, email_id: int) -> bool:
    """Send one stored e-mail. Claiming it with a conditional update makes a second run a
    no-op, so a message never leaves twice."""
    claimed = OutboxEmail.objects.filter(
        pk=email_id, status=EmailStatus.PENDING, attempts__lt=MAX_ATTEMPTS
    ).update(status=EmailStatus.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return False
    email = OutboxEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    if email.attachment:
        with email.attachment.open("rb") as handle:
            message.attach(email.attachment_name, handle.read(), "application/pdf")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 — any transport error is recorded and retried
        failed = email.attempts >= MAX_ATTEMPTS
        OutboxEmail.objects.filter(pk=email_id).update(
            status=EmailStatus.FAILED if failed else EmailStatus.PENDING,
            last_error=f"{type(exc).__name__}",
        )
        logger.warning("outbox email %s failed (attempt %s)", email_id, email.attempts)
        raise
    OutboxEmail.objects.filter(pk=email_id).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True
