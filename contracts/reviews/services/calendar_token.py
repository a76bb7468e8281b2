"""The calendar secret: the address of a tutor's calendar feed."""

import logging

from django.db import transaction

from foquale.accounts.models import User

from ...models.reviews import CalendarToken, new_calendar_token

# The logger the reviews' services have always written to.
logger = logging.getLogger(__package__)


@transaction.atomic
def calendar_token_renew(*, user: User) -> CalendarToken:
    """Create the user's calendar secret, or replace it: the old address stops working."""
    token, created = CalendarToken.objects.get_or_create(user=user)
    if not created:
        token.token = new_calendar_token()
        token.save(update_fields=["token", "created_at"])
    logger.info("calendar token renewed for user %s", user.pk)
    return token
