"""Writes for the shared practices (mutualisation d'expériences réussies)."""

import logging

from django.db import transaction
from django.utils import timezone

from foquale.accounts.models import User

from .models import Practice

logger = logging.getLogger(__name__)


@transaction.atomic
def practice_save(*, practice: Practice, by: User) -> Practice:
    """Create or update a practice; the first publication dates it."""
    if practice.pk is None:
        practice.created_by = by
    if practice.is_published and practice.published_at is None:
        practice.published_at = timezone.now()
    if not practice.is_published:
        practice.published_at = None
    practice.full_clean()
    practice.save()
    logger.info("practice %s saved by user %s", practice.pk, by.pk)
    return practice
