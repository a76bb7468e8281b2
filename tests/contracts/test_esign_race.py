"""Two tabs sign with the same link and code at the same moment: one signature, the other
tab finds the link spent. Row locks are PostgreSQL's: SQLite runs one writer at a time."""

import threading

import pytest
from django.db import connection

from contracts import services
from contracts.models import Signature, SigningInvitation

from .esign_helpers import invite, last_code

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_two_tabs_at_the_same_moment_give_one_signature(path):
    contract = path.contract(minor=True, guardians=1)
    youth = contract.youth
    invite(contract, path.referent, keys=["youth"])
    invitation = SigningInvitation.objects.get(contract=contract)
    services.code_send(invitation=invitation, typed_name="Léa Martin", accepted=True)
    code = last_code(youth.email)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def tab() -> None:
        try:
            barrier.wait(timeout=10)
            services.signature_online(
                invitation=invitation,
                typed_name="Léa Martin",
                accepted=True,
                code=code,
                ip="203.0.113.9",
                user_agent="tab",
            )
            results.append("signed")
        except services.InvitationGone:
            results.append("gone")
        finally:
            connection.close()

    tabs = [threading.Thread(target=tab) for _ in range(2)]
    for thread in tabs:
        thread.start()
    for thread in tabs:
        thread.join(timeout=30)
    assert sorted(results) == ["gone", "signed"]
    assert Signature.objects.filter(contract=contract, role="youth").count() == 1
