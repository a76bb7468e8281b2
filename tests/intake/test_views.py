"""The gestionnaire's pages: anonymous → log-in, outsiders and other roles → 404, the
gestionnaire of the platform → the page; lists with a bounded query count."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts.enums import Step
from contracts.models import Youth
from intake.enums import ImportStatus
from intake.models import ListImport, PendingYouth, Sharing

from .factories import ListManagerFactory
from .test_import import FILE, upload

pytestmark = pytest.mark.django_db


def pages(list_import: ListImport) -> list[str]:
    platform_id = list_import.platform_id
    return [
        reverse("intake:home"),
        reverse("intake:mapping", args=[list_import.pk]),
        reverse("intake:preview", args=[list_import.pk]),
        reverse("intake:progress", args=[list_import.pk]),
        reverse("intake:result", args=[list_import.pk]),
        reverse("intake:refused_csv", args=[list_import.pk]),
        reverse("intake:cancel", args=[list_import.pk]),
        reverse("intake:pending", args=[platform_id]),
        reverse("intake:history", args=[platform_id]),
    ]


def test_anonymous_goes_to_log_in(client, lists):
    for url in pages(upload(lists)):
        response = client.get(url)
        assert response.status_code == 302 and "/connexion/" in response["Location"], url


@pytest.mark.parametrize("who", ["outsider", "lead", "referent", "other_manager"])
def test_others_get_404(client, lists, outsider, who):
    user = {
        "outsider": outsider,
        "lead": lists.lead,
        "referent": lists.referent,
        "other_manager": ListManagerFactory().user,  # another platform's gestionnaire
    }[who]
    client.force_login(user)
    for url in pages(upload(lists))[1:]:
        assert client.get(url).status_code == 404, url
    if who != "other_manager":
        assert client.get(reverse("intake:home")).status_code == 404


def test_whole_path_through_the_pages(client, lists, django_capture_on_commit_callbacks):
    client.force_login(lists.manager)
    home = client.get(reverse("intake:home"))
    assert "Déposer une liste" in home.content.decode()
    form = home.context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:home"),
            {
                "platform": lists.platform.pk,
                "file": SimpleUploadedFile("liste.csv", FILE),
                "submission_token": form["submission_token"].value(),
            },
        )
    list_import = ListImport.objects.get()
    assert response["Location"] == reverse("intake:mapping", args=[list_import.pk])
    page = client.get(response["Location"]).content.decode()
    assert "en-tête trouvé ligne 3" in page
    mapping = dict(list_import.mapping, uai="")  # a mapping fixed by hand: no UAI
    response = client.post(reverse("intake:mapping", args=[list_import.pk]), mapping)
    assert response["Location"] == reverse("intake:preview", args=[list_import.pk])
    mapping["uai"] = "UAI origine"
    client.post(reverse("intake:mapping", args=[list_import.pk]), mapping)
    preview = client.get(reverse("intake:preview", args=[list_import.pk])).content.decode()
    assert "Colonnes non reprises" in preview and "Nationalité" in preview
    assert "Rien n’est encore enregistré" in preview
    assert not Youth.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake:preview", args=[list_import.pk]))
    assert response["Location"] == reverse("intake:progress", args=[list_import.pk])
    # Eager: already done, the progress page sends to the result.
    response = client.get(response["Location"])
    assert response["Location"] == reverse("intake:result", args=[list_import.pk])
    result = client.get(response["Location"]).content.decode()
    assert "Lignes refusées et motifs (CSV)" in result
    csv = client.get(reverse("intake:refused_csv", args=[list_import.pk]))
    assert "Date de naissance illisible" in csv.content.decode("utf-8-sig")

    pending = client.get(reverse("intake:pending", args=[lists.platform.pk]))
    assert "3 jeunes à répartir" in pending.content.decode()
    ids = list(PendingYouth.objects.values_list("pk", flat=True))
    membership = lists.network.memberships.get(establishment=lists.school)
    response = client.post(
        reverse("intake:pending", args=[lists.platform.pk]),
        {"pending": ids[:2], "membership": membership.pk},
    )
    assert response.status_code == 302
    assert PendingYouth.objects.count() == 1
    assert Youth.objects.filter(step=Step.TO_CONTACT, network=lists.network).count() == 3
    history = client.get(reverse("intake:history", args=[lists.platform.pk])).content.decode()
    assert history.count(lists.network.name) >= 3

    # The lead and the référent see them « à contacter » on their case list.
    for user in (lists.lead, lists.referent):
        client.force_login(user)
        page = client.get(reverse("contracts:youth_list")).content.decode()
        assert "À contacter (3)" in page


def test_share_without_choice_says_so(client, lists, django_capture_on_commit_callbacks):
    from .test_import import run

    run(lists, upload(lists), django_capture_on_commit_callbacks)
    client.force_login(lists.manager)
    response = client.post(reverse("intake:pending", args=[lists.platform.pk]), {})
    page = response.content.decode()
    assert "Cochez au moins un jeune à répartir." in page
    assert "Choisissez le réseau qui recevra ces jeunes." in page
    assert Sharing.objects.count() == 1  # the one shared at the import only


def test_bad_file_upload_message_nothing_saved(client, lists):
    client.force_login(lists.manager)
    form = client.get(reverse("intake:home")).context["form"]
    response = client.post(
        reverse("intake:home"),
        {
            "platform": lists.platform.pk,
            "file": SimpleUploadedFile("liste.pdf", b"%PDF-1.4"),
            "submission_token": form["submission_token"].value(),
        },
    )
    assert "ni un CSV ni un classeur XLSX" in response.content.decode()
    assert not ListImport.objects.exists()


def test_progress_page_refreshes_itself(client, lists):
    list_import = upload(lists)
    ListImport.objects.filter(pk=list_import.pk).update(status=ImportStatus.QUEUED)
    client.force_login(lists.manager)
    page = client.get(reverse("intake:progress", args=[list_import.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="import-progress" max="100" value="0">' in page


def test_lists_query_count_stays_flat(
    client, lists, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from .test_import import run

    client.force_login(lists.manager)
    urls = [
        reverse("intake:home"),
        reverse("intake:pending", args=[lists.platform.pk]),
        reverse("intake:history", args=[lists.platform.pk]),
    ]
    run(lists, upload(lists), django_capture_on_commit_callbacks)
    for url in urls:
        with django_assert_max_num_queries(9):
            assert client.get(url).status_code == 200
    for _ in range(3):
        run(
            lists,
            upload(lists, FILE.replace(b"Martin", b"Martine")),
            django_capture_on_commit_callbacks,
        )
    for url in urls:
        with django_assert_max_num_queries(9):
            assert client.get(url).status_code == 200
