"""Idempotent form sends: the first send of a rendered form writes, the next ones find it."""

import datetime as dt
import uuid
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from foquale.accounts.models import User

from .models import Submission

# A form left open longer than this is sent as a new one; older tokens are pruned.
KEEP_DAYS = 30


@transaction.atomic
def submission_run(
    *, user: User, token: uuid.UUID | None, action: Callable[[], str]
) -> tuple[str, bool]:
    """Run `action` (a write returning the address of what it made) once per form token.

    Returns (address, True) on the first send; (the first send's address, False) on the
    next ones. The token row is written in the same transaction as the write: a refused
    write (ValidationError) leaves no token, so the corrected form can be sent again. Two
    sends at the same moment meet on the token's unique index: the second waits for the
    first and then finds its result.
    """
    if token is None:
        return action(), True
    try:
        with transaction.atomic():
            submission = Submission.objects.create(token=token, user=user)
    except IntegrityError:
        first = Submission.objects.filter(token=token, user=user).first()
        if first is None:
            # Someone else's token (a forged form): never show their page; the send is
            # simply not protected against a repeat.
            return action(), True
        return first.url, False
    url = action()
    submission.url = url
    submission.save(update_fields=["url"])
    return url, True


def submissions_prune() -> int:
    """Delete the tokens of forms sent more than KEEP_DAYS days ago."""
    cutoff = timezone.now() - dt.timedelta(days=KEEP_DAYS)
    deleted, _ = Submission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
