"""An import from upload to result, through the services and the (eager) task."""

import datetime as dt

import pytest
from django.utils import timezone

from contracts import services as contract_services
from contracts.enums import Step
from contracts.models import StepTransition, Youth
from intake import services
from intake.enums import ImportStatus, PendingReason
from intake.models import ColumnMapping, ListImport, PendingYouth, Sharing
from intake.planning import Kind
from intake.services import importing
from tests.contracts.factories import YouthFactory

from .conftest import born

pytestmark = pytest.mark.django_db

FILE = (
    "Liste SIEI plateforme\n"
    "\n"
    "INE;Nom;Prénom;Date de naissance;Sexe;UAI origine;Formation;Téléphone;Nationalité\n"
    f"1234567890A;Martin;Léa;{born(17)};F;0691234S;2nde pro;612345678;française\n"
    f";Bègue;Zoé;{born(18)};fille;0690001B;CAP;06 12 34 56 79;\n"
    f";Durand;Paul;{born(19)};M;0420002Z;;;\n"
    f";Nguyen;Tom;{born(17)};M;;;;\n"
    f";Petit;Ana;31/02/2008;F;0691234S;;;\n"
    f"12AB;Roux;Léo;{born(17)};M;0691234S;;;\n"
    f";Moreau;Eva;{born(17)};F;0699999U;;;\n"
    f';=HYPERLINK("x");Eva;{born(17)};F;0691234S;;;\n'
    f"1234567890A;Martin;Léa;{born(17)};F;0691234S;;;\n"
).encode()


def upload(lists, content=FILE, name="liste.csv") -> ListImport:
    return services.list_upload(
        platform=lists.platform, name=name, content=content, by=lists.manager
    )


def run(lists, list_import, django_capture_on_commit_callbacks) -> ListImport:
    services.list_mapping_save(
        list_import=list_import, mapping=list_import.mapping, by=lists.manager
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.list_confirm(list_import=list_import, by=lists.manager)
    list_import.refresh_from_db()
    return list_import


def test_mapping_recognised_and_unneeded_columns_dropped(lists):
    list_import = upload(lists)
    assert list_import.header_line == 3 and list_import.row_count == 9
    assert list_import.mapping == {
        "ine": "INE",
        "last_name": "Nom",
        "first_name": "Prénom",
        "birth_date": "Date de naissance",
        "sex": "Sexe",
        "uai": "UAI origine",
        "last_class": "Formation",
        "phone": "Téléphone",
    }
    services.list_mapping_save(
        list_import=list_import, mapping=list_import.mapping, by=lists.manager
    )
    plan = services.list_preview(list_import=list_import)
    assert plan.dropped_columns == ["Nationalité"]
    assert not Youth.objects.exists()  # the preview writes nothing


def test_preview_says_what_happens_to_each_row(lists):
    list_import = upload(lists)
    services.list_mapping_save(
        list_import=list_import, mapping=list_import.mapping, by=lists.manager
    )
    plan = services.list_preview(list_import=list_import)
    outcome = {row.line: (row.kind, plan.destination(row)) for row in plan.rows}
    assert outcome[4] == (Kind.NEW, f"Nouveau → {lists.network.name}")
    assert outcome[5][1].startswith("Nouveau → à répartir (plusieurs réseaux")
    assert outcome[6][1].startswith("Nouveau → à répartir (aucun réseau")
    assert outcome[7][1].startswith("Nouveau → à répartir (établissement d’origine non")
    assert outcome[8] == (Kind.REFUSED, "Refusé : Date de naissance illisible (« 31/02/2008 »)")
    assert outcome[9][0] == Kind.REFUSED and "INE incorrect" in outcome[9][1]
    assert outcome[10][1] == (
        "Refusé : UAI inconnu : aucun établissement ne porte le code 0699999U"
    )
    assert outcome[11][1] == "Refusé : Nom : formule de tableur refusée"
    assert outcome[12][1] == "Refusé : Même jeune qu’à la ligne 4 du fichier"


def test_import_shares_out_and_keeps_the_rest_to_share(lists, django_capture_on_commit_callbacks):
    list_import = run(lists, upload(lists), django_capture_on_commit_callbacks)
    assert list_import.status == ImportStatus.DONE
    assert (list_import.shared_count, list_import.pending_count) == (1, 3)
    assert (list_import.known_count, list_import.refused_count) == (0, 5)
    assert list_import.content == b""  # the file is not kept
    youth = Youth.objects.get()
    assert youth.step == Step.TO_CONTACT and youth.received_on == timezone.localdate()
    assert youth.contacted_on is None and youth.network == lists.network
    assert youth.establishment == lists.school and youth.phone == "06 12 34 56 78"
    assert youth.created_by == lists.manager
    assert StepTransition.objects.get(youth=youth).to_step == Step.TO_CONTACT
    assert Sharing.objects.get().network == lists.network
    assert set(PendingYouth.objects.values_list("reason", flat=True)) == {
        PendingReason.SEVERAL,
        PendingReason.NO_NETWORK,
        PendingReason.NO_UAI,
    }
    assert "Ligne;Nom;Motif du refus" in list_import.refused_csv
    assert "'=HYPERLINK" not in list_import.refused_csv  # the formula was never read as a name
    assert ColumnMapping.objects.get(platform=lists.platform).columns["uai"] == "UAI origine"


def test_reimporting_the_same_file_creates_nothing(lists, django_capture_on_commit_callbacks):
    run(lists, upload(lists), django_capture_on_commit_callbacks)
    counts = (Youth.objects.count(), PendingYouth.objects.count(), Sharing.objects.count())
    again = run(lists, upload(lists), django_capture_on_commit_callbacks)
    assert (again.created_count, again.known_count, again.updated_count) == (0, 4, 0)
    assert (Youth.objects.count(), PendingYouth.objects.count(), Sharing.objects.count()) == counts


def test_known_youth_completed_never_duplicated(lists, django_capture_on_commit_callbacks):
    known = YouthFactory(
        network=lists.network,
        establishment=lists.school,
        last_name="Durand",
        first_name="Paul",
        birth_date=dt.datetime.strptime(born(19), "%d/%m/%Y").date(),
        phone="",
    )
    content = (
        f"NOM;PRENOM;DATE_NAISSANCE;TELEPHONE;UAI\nDURAND;paul;{born(19)};0612345680;0691234S\n"
    ).encode()
    list_import = run(lists, upload(lists, content), django_capture_on_commit_callbacks)
    assert (list_import.known_count, list_import.updated_count) == (1, 1)
    known.refresh_from_db()
    assert known.phone == "06 12 34 56 80" and known.version == 2
    assert Youth.objects.count() == 1


def test_worker_killed_leaves_nothing_and_runs_again(
    lists, django_capture_on_commit_callbacks, monkeypatch
):
    list_import = upload(lists)

    def killed(plan):
        raise SystemExit("worker killed")

    monkeypatch.setattr(importing, "_complete_known", killed)
    with pytest.raises(SystemExit):
        run(lists, list_import, django_capture_on_commit_callbacks)
    list_import.refresh_from_db()
    assert list_import.status == ImportStatus.QUEUED
    assert not Youth.objects.exists() and not PendingYouth.objects.exists()
    monkeypatch.undo()
    assert services.list_import_run(import_id=list_import.pk) is True
    assert services.list_import_run(import_id=list_import.pk) is False  # idempotent
    assert Youth.objects.count() == 1 and PendingYouth.objects.count() == 3


def test_cancel_removes_the_whole_import(lists, django_capture_on_commit_callbacks):
    list_import = run(lists, upload(lists), django_capture_on_commit_callbacks)
    pending = PendingYouth.objects.filter(reason=PendingReason.SEVERAL)
    services.pending_share(
        platform=lists.platform,
        pending_ids=list(pending.values_list("pk", flat=True)),
        membership=lists.other.memberships.get(),
        by=lists.manager,
    )
    assert Youth.objects.count() == 2
    assert services.list_cancellable(list_import)
    assert services.list_cancel(list_import=list_import, by=lists.manager) == 2
    assert not Youth.objects.exists() and not PendingYouth.objects.exists()
    assert not Sharing.objects.exists()
    list_import.refresh_from_db()
    assert list_import.status == ImportStatus.CANCELLED and list_import.refused_csv == ""


def test_cancel_refused_once_a_youth_moved_past_contact(lists, django_capture_on_commit_callbacks):
    list_import = run(lists, upload(lists), django_capture_on_commit_callbacks)
    youth = Youth.objects.get()
    contract_services.youth_record_first_contact(
        youth=youth, contacted_on=timezone.localdate(), contact_channel="phone", by=lists.referent
    )
    assert services.list_cancellable(list_import)  # still at the contact step
    Youth.objects.filter(pk=youth.pk).update(step=Step.ASSESSMENT)
    assert not services.list_cancellable(list_import)
    with pytest.raises(Exception, match="ne peut\\s+plus être annulée"):
        services.list_cancel(list_import=list_import, by=lists.manager)
    assert Youth.objects.count() == 1


def test_mapping_without_required_column_refused(lists):
    list_import = upload(lists)
    with pytest.raises(Exception) as error:
        services.list_mapping_save(
            list_import=list_import, mapping={"last_name": "Nom"}, by=lists.manager
        )
    assert "Choisissez la colonne « Prénom » : elle est requise." in str(error.value)
    list_import.refresh_from_db()
    assert list_import.status == ImportStatus.MAPPING
