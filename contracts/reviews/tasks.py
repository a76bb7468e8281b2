"""Scheduled work for situation reviews. The schedule itself is in foquale/celery.py.

Tasks take no personal data and are idempotent: run twice, they send nothing twice.
"""

from dataclasses import asdict

from celery import shared_task
from django.utils import timezone

from .services import expired_contracts_flag, network_digest_send, reminder_scan


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
