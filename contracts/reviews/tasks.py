"""Scheduled work for situation reviews. The schedule itself is in foquale/celery.py.

Tasks take no personal data and are idempotent: run twice, they send nothing twice.
"""

from dataclasses import asdict

from celery import shared_task
from django.utils import timezone

from .services import (
    expired_contracts_flag,
    first_interview_remind,
    network_digest_send,
    reminder_scan,
)


@shared_task(acks_late=True)
def scan_review_reminders() -> dict[str, int]:
    return asdict(reminder_scan())


@shared_task(acks_late=True)
def send_network_digests() -> int:
    return network_digest_send()


@shared_task(acks_late=True)
def flag_expired_contracts() -> int:
    """« Contrat échu à clôturer »: once per contract and end date (a unique reminder row)."""
    return expired_contracts_flag(today=timezone.localdate())


@shared_task(acks_late=True)
def remind_first_interviews() -> int:
    """The 15-day rule: référent at D+10, lead at D+15; once per youth and kind."""
    return first_interview_remind(today=timezone.localdate())
