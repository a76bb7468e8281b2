"""Shared steps of the online-signature tests: invite, read the links and codes from the
captured mails."""

import re

from django.core import mail

from contracts import services
from contracts.enums import SigningChannel

LINK = re.compile(r"/signature/([A-Za-z0-9_-]{32,})/")
CODE = re.compile(r"signer le contrat FOQUALE de .+ : (\d{6})")


def invite(contract, by, *, keys=None) -> None:
    """Invite the youth and the guardians online (read the links after the commit)."""
    guardians = list(contract.youth.guardians.all())
    keys = keys or ["youth", *[f"guardian-{g.pk}" for g in guardians]]
    mail.outbox.clear()
    services.invitations_send(
        contract=contract, by=by, channels={key: SigningChannel.ONLINE for key in keys}
    )


def links_in_outbox() -> dict[str, str]:
    """{address: link path} of the mails captured."""
    return {
        m.to[0]: f"/signature/{LINK.search(m.body).group(1)}/"
        for m in mail.outbox
        if LINK.search(m.body)
    }


def last_code(address: str) -> str:
    for message in reversed(mail.outbox):
        if message.to == [address] and CODE.search(message.body):
            return CODE.search(message.body).group(1)
    raise AssertionError(f"no code sent to {address}")
