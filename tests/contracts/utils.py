import re

from django.urls import reverse

from contracts.enums import TransferReason
from contracts.models import Transfer
from contracts.services.transfers import transfer_request


def drain(response) -> bytes:
    """Read a response whole. A served file is closed once its content has been read; the
    test client does it without closing the test's database connection, which a direct
    `response.close()` would."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _token(page: str) -> str:
    return re.search(r'name="submission_token" value="([^"]*)"', page).group(1)


def ask_transfer(client, youth, target, **data):
    """Ask, through the form, for `youth` to move to the network `target`; returns the
    response and the payload posted (to post it again)."""
    url = reverse("contracts:transfer_create", args=[youth.pk])
    token = _token(client.get(url).content.decode())
    payload = {
        "to_network": target.pk,
        "reason_code": TransferReason.MOVED,
        "reason_details": "Installé chez sa tante à l’autre bout de l’académie.",
        "submission_token": token,
        **data,
    }
    return client.post(url, payload), payload


def request_transfer(youth, receiving, lead) -> Transfer:
    """A pending transfer of `youth` to `receiving`, asked through the service by `lead`."""
    return transfer_request(
        youth=youth,
        to_network=receiving,
        reason_code=TransferReason.MOVED,
        reason_details="",
        by=lead,
    )
