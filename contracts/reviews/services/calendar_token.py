"""The calendar secret: the address of a tutor's calendar feed."""

import logging

from django.db import transaction

from foquale.accounts.models import User

from ...models.family import hash_token
from ...models.reviews import CalendarToken, new_calendar_token

# The logger the reviews' services have always written to.
logger = logging.getLogger(__package__)


@transaction.atomic
def calendar_token_renew(*, user: User) -> str:
    """Create the user's calendar secret, or replace it: the old address stops working.
    Returns the clear secret, this once: only its hash is stored."""
    token = new_calendar_token()
    CalendarToken.objects.update_or_create(user=user, defaults={"token_hash": hash_token(token)})
    logger.info("calendar token renewed for user %s", user.pk)
    return token
