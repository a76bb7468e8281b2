"""The access log is append-only, purged after the retention period; the DPO is a role
named in the admin, whose grant follows every admin path."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from audit import perms
from audit.models import DataProtectionOfficer, ReadLog, ReadLogIsAppendOnly
from audit.services import read_log_purge
from contracts.retention import personal_data_purge
from tests.factories import AcademyFactory, UserFactory

from .factories import DataProtectionOfficerFactory, ReadLogFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_a_row_cannot_be_changed_or_deleted_through_the_application():
    row = ReadLogFactory()
    row.path = "/autre/"
    with pytest.raises(ReadLogIsAppendOnly):
        row.save()
    with pytest.raises(ReadLogIsAppendOnly):
        row.delete()
    with pytest.raises(ReadLogIsAppendOnly):
        ReadLog.objects.filter(pk=row.pk).update(path="/autre/")
    with pytest.raises(ReadLogIsAppendOnly):
        ReadLog.objects.filter(pk=row.pk).delete()
    assert ReadLog.objects.get(pk=row.pk).path == "/jeunes/1/"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger on PostgreSQL only")
def test_the_database_refuses_an_update_or_delete_outside_the_purge():
    from django.db import DatabaseError, transaction

    row = ReadLogFactory()
    for sql in ("UPDATE audit_readlog SET path = 'x'", "DELETE FROM audit_readlog"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert ReadLog.objects.filter(pk=row.pk).exists()


def test_the_admin_shows_the_log_read_only(admin_client):
    row = ReadLogFactory()
    changelist = admin_client.get(reverse("admin:audit_readlog_changelist"))
    assert changelist.status_code == 200
    assert "/jeunes/1/" in changelist.content.decode()
    assert admin_client.get(reverse("admin:audit_readlog_add")).status_code == 403
    change = admin_client.post(
        reverse("admin:audit_readlog_change", args=[row.pk]), {"path": "/autre/"}
    )
    assert change.status_code == 403
    delete = admin_client.post(
        reverse("admin:audit_readlog_delete", args=[row.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert ReadLog.objects.get(pk=row.pk).path == "/jeunes/1/"


def test_rows_older_than_the_retention_period_are_purged(settings):
    settings.DATA_RETENTION_YEARS = 3
    with time_machine.travel(dt.datetime(2023, 1, 10, 9, tzinfo=dt.UTC), tick=False):
        old = ReadLogFactory()
    with time_machine.travel(dt.datetime(2023, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        recent = ReadLogFactory()
    with time_machine.travel(dt.datetime(2026, 3, 1, 3, 15, tzinfo=dt.UTC), tick=False):
        personal_data_purge()
        assert list(ReadLog.objects.values_list("pk", flat=True)) == [recent.pk]
        personal_data_purge()  # idempotent
    assert not ReadLog.objects.filter(pk=old.pk).exists()
    assert read_log_purge(before=dt.datetime(2023, 1, 1, tzinfo=dt.UTC)) == 0


def test_a_dpo_named_in_the_admin_gets_the_grant_and_loses_it_when_removed(admin_client):
    academy = AcademyFactory()
    user = UserFactory()
    response = admin_client.post(
        reverse("admin:audit_dataprotectionofficer_add"),
        {"academy": academy.pk, "user": user.pk, "appointed_on": "2026-09-01"},
    )
    assert response.status_code == 302
    assert perms.is_dpo_of(user, academy.pk)
    officer = DataProtectionOfficer.objects.get()
    admin_client.post(
        reverse("admin:audit_dataprotectionofficer_delete", args=[officer.pk]), {"post": "yes"}
    )
    assert not perms.is_dpo_of(user, academy.pk)


def test_moving_a_dpo_to_another_academy_in_the_admin_moves_the_grant(admin_client):
    officer = DataProtectionOfficerFactory()
    other = AcademyFactory()
    admin_client.post(
        reverse("admin:audit_dataprotectionofficer_change", args=[officer.pk]),
        {"academy": other.pk, "user": officer.user_id, "appointed_on": "2026-09-01"},
    )
    assert not perms.is_dpo_of(officer.user, officer.academy_id)
    assert perms.is_dpo_of(officer.user, other.pk)
