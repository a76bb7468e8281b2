"""Writes for situation reviews: recording a review (`record`), the daily reminder scan
(`scan`), the weekly digest to network leads (`digest`), and the calendar secret
(`calendar_token`). Who receives a reminder or a digest is read in `recipients`."""

from .calendar_token import calendar_token_renew
from .common import youth_short_name
from .corrections import review_cancel, review_correct
from .digest import DIGEST_LIST_LIMIT, DIGEST_NETWORK_BATCH, network_digest_send
from .expired import expired_contracts_flag
from .first_interview import first_interview_remind
from .record import review_record
from .scan import ScanReport, reminder_scan

__all__ = [
    "DIGEST_LIST_LIMIT",
    "DIGEST_NETWORK_BATCH",
    "ScanReport",
    "calendar_token_renew",
    "expired_contracts_flag",
    "first_interview_remind",
    "network_digest_send",
    "reminder_scan",
    "review_cancel",
    "review_correct",
    "review_record",
    "youth_short_name",
]
