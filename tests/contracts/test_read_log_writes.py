"""Every read of a file writes exactly one row of the access log, under the reader's role;
a refused read writes none."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.enums import ReadKind, Role
from audit.models import ReadLog

from .test_family import token_of
from .utils import drain

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(path):
    return path.active()


def read(client, user, url) -> int:
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    drain(response)
    return response.status_code


def only_row() -> ReadLog:
    (row,) = ReadLog.objects.all()
    return row


@pytest.mark.parametrize(
    ("reader", "role"),
    [
        ("lead", Role.LEAD),
        ("referent", Role.REFERENT),
        ("assessor", Role.ASSESSOR),
        ("tutor", Role.TUTOR),
    ],
)
def test_reading_a_youths_file_writes_one_row_with_the_readers_role(
    client, contract, request, reader, role
):
    user = request.getfixturevalue(reader)
    youth = contract.youth
    assert read(client, user, reverse("contracts:youth_detail", args=[youth.pk])) == 200
    row = only_row()
    assert (row.user, row.role, row.kind) == (user, role, ReadKind.YOUTH)
    assert (row.youth_id, row.object_id) == (youth.pk, youth.pk)
    assert (row.network_id, row.academy_id) == (youth.network_id, youth.network.academy_id)
    assert row.path == f"/jeunes/{youth.pk}/"


@pytest.mark.parametrize(
    ("name", "args", "kind"),
    [
        ("contracts:contract_detail", lambda c: [c.pk], ReadKind.CONTRACT),
        ("contracts:document_pdf", lambda c: [c.pk, 1], ReadKind.CONTRACT_PDF),
        ("reviews:list", lambda c: [c.pk], ReadKind.REVIEWS),
    ],
)
def test_each_kind_of_read_writes_one_row(client, contract, name, args, kind):
    assert read(client, contract.tutor, reverse(name, args=args(contract))) == 200
    row = only_row()
    assert (row.user, row.role, row.kind) == (contract.tutor, Role.TUTOR, kind)
    assert (row.object_id, row.youth_id) == (contract.pk, contract.youth_id)


def test_the_draft_pdf_is_logged(client, path):
    contract = path.contract()
    url = reverse("contracts:draft_pdf", args=[contract.pk])
    assert read(client, path.referent, url) == 200
    row = only_row()
    assert (row.kind, row.role, row.object_id) == (
        ReadKind.CONTRACT_PDF,
        Role.REFERENT,
        contract.pk,
    )


def test_the_family_reading_its_pdf_is_logged_without_the_token(
    client, path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contract = path.active()
    token = token_of(mail.outbox[0])
    assert read(client, None, reverse("contracts:family_pdf", args=[token])) == 200
    row = only_row()
    assert (row.user, row.role, row.kind) == (None, Role.FAMILY, ReadKind.CONTRACT_PDF)
    assert row.youth_id == contract.youth_id
    assert token not in row.path


def test_a_refused_read_writes_nothing(client, contract, outsider, committee_member, referent):
    youth_url = reverse("contracts:youth_detail", args=[contract.youth_id])
    assert read(client, outsider, youth_url) == 404
    assert read(client, committee_member, youth_url) == 404
    # A form page is not a read of the file.
    edit_url = reverse("contracts:youth_update", args=[contract.youth_id])
    assert read(client, referent, edit_url) == 200
    assert not ReadLog.objects.exists()


def test_a_page_costs_one_insert_and_no_select_for_the_log(client, contract):
    """The same page, read twice: the log adds one INSERT and nothing else."""
    client.force_login(contract.tutor)
    url = reverse("contracts:contract_detail", args=[contract.pk])
    client.get(url)  # the scope is read once after the grants changed
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    log_queries = [q["sql"] for q in queries.captured_queries if "audit_readlog" in q["sql"]]
    assert len(log_queries) == 1
    assert log_queries[0].startswith("INSERT")
