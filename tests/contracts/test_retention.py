import datetime as dt

import pytest
from django.utils import timezone

from contracts import services
from contracts.enums import Outcome
from contracts.models import ContractDocument, Youth
from contracts.retention import personal_data_purge, retention_cutoff

pytestmark = pytest.mark.django_db


def _exited(path, **fields):
    contract = path.active(**fields)
    services.youth_exit(
        youth=contract.youth,
        outcome=Outcome.QUALIFICATION,
        reason="CAP obtenu, embauche chez son maître de stage.",
        exited_on=timezone.localdate() - dt.timedelta(days=5),
        by=path.referent,
    )
    return contract


def test_cutoff_follows_the_setting(settings):
    settings.DATA_RETENTION_YEARS = 3
    assert retention_cutoff(dt.date(2026, 11, 28)) == dt.date(2023, 11, 28)
    assert retention_cutoff(dt.date(2028, 2, 29)) == dt.date(2025, 2, 28)


def test_old_ended_file_is_anonymised_and_figures_kept(path, settings):
    contract = _exited(path, minor=True)
    youth = contract.youth
    assert ContractDocument.objects.filter(contract=contract).exists()
    today = youth.contacted_on + dt.timedelta(days=3 * 366)
    settings.DATA_RETENTION_YEARS = 3
    # As if signed online: the proof names people.
    contract.signatures.update(
        email="lea.martin@example.org", typed_name="Léa Martin", ip_truncated="203.0.113.0/24"
    )

    assert personal_data_purge(today=today) == 1

    youth.refresh_from_db()
    assert youth.last_name == "Anonymisé" and youth.first_name == ""
    assert youth.email == "" and youth.exit_reason == ""
    assert youth.birth_date.month == 1 and youth.birth_date.day == 1
    assert youth.outcome == Outcome.QUALIFICATION  # the figures stay
    assert youth.anonymised_on == today
    assert not youth.guardians.exclude(last_name="Anonymisé").exists()
    assert not youth.guardians.exclude(email="").exists()
    contract.refresh_from_db()
    assert contract.meaning == "" and contract.youth_commitments == ""
    assert not ContractDocument.objects.filter(contract=contract).exists()
    assert not youth.assessments.exclude(findings="").exists()
    assert not contract.signatures.exclude(email="", typed_name="", ip_truncated="").exists()
    # Running it again finds nothing more.
    assert personal_data_purge(today=today) == 0


def test_recent_files_and_files_under_contract_are_kept(path, settings):
    settings.DATA_RETENTION_YEARS = 3
    under_contract = path.active().youth
    recent = _exited(path, last_name="Durand").youth
    old_contact_cutoff = retention_cutoff(timezone.localdate())
    Youth.objects.filter(pk=under_contract.pk).update(
        contacted_on=old_contact_cutoff - dt.timedelta(days=10)
    )
    assert personal_data_purge() == 0
    assert Youth.objects.get(pk=under_contract.pk).last_name == "Martin"
    assert Youth.objects.get(pk=recent.pk).last_name == "Durand"


def test_scans_of_the_signed_papers_go_with_the_file(
    path, settings, django_capture_on_commit_callbacks
):
    from django.core.files.storage import storages
    from django.core.files.uploadedfile import SimpleUploadedFile

    from contracts.models import ContractAttachment

    contract = _exited(path)
    scan = services.contract_attachment_add(
        contract=contract,
        title="Contrat signé",
        upload=SimpleUploadedFile("s.pdf", b"%PDF-1.4 scan"),
        by=path.referent,
    )
    settings.DATA_RETENTION_YEARS = 3
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_purge(today=contract.youth.contacted_on + dt.timedelta(days=3 * 366))
    assert not ContractAttachment.objects.exists()
    assert not storages["private"].exists(scan.file.name)
