"""Shared steps of the online-signature tests: invite, read the links and codes from the
captured mails."""

import re

from django.core import mail

from contracts import services
from contracts.enums import SigningChannel

LINK = re.compile(r"/signature/([A-Za-z0-9_-]{32,})/")
CODE = re.compile(r"signer le contrat FOQUALE de .+ : (\d{6})")
UA = "Mozilla/5.0 (X11; Linux x86_64) Chromium/156"


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


def ask_code(client, link, name, accept=True):
    data = {"action": "code", "full_name": name}
    if accept:
        data["accept"] = "on"
    return client.post(link, data, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT=UA)


def sign(client, link, name, code):
    return client.post(
        link,
        {"action": "sign", "full_name": name, "accept": "on", "code": code},
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT=UA,
    )


def sign_through(client, link, address, name, capture):
    with capture(execute=True):
        assert ask_code(client, link, name).status_code == 200
    with capture(execute=True):
        return sign(client, link, name, last_code(address))
