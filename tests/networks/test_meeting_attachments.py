"""Documents attached to a meeting's minutes; the print view of the minutes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from networks.models import Meeting, MeetingAttachment
from networks.services import meeting_attachment_add

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def meeting(network):
    return Meeting.objects.create(network=network, held_on=timezone.localdate(), minutes="CR")


@pytest.fixture
def attachment(meeting, lead):
    return meeting_attachment_add(
        meeting=meeting,
        title="Émargement",
        upload=SimpleUploadedFile("e.pdf", PDF, content_type="application/pdf"),
        by=lead,
    )


def _download(network, meeting, attachment):
    return reverse(
        "networks:meeting_attachment_download", args=[network.pk, meeting.pk, attachment.pk]
    )


def test_readers_of_the_meeting_download_others_get_404(
    client, network, meeting, attachment, request
):
    url = _download(network, meeting, attachment)
    answers = {}
    for role in ("outsider", "lead", "committee_member", "ien_io", "steering"):
        client.force_login(request.getfixturevalue(role))
        response = client.get(url)
        answers[role] = response.status_code
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"].startswith("attachment;")
    assert answers == {
        "outsider": 404,
        "lead": 200,
        "committee_member": 200,
        "ien_io": 200,
        "steering": 200,
    }


def test_anonymous_goes_to_log_in(client, network, meeting, attachment):
    response = client.get(_download(network, meeting, attachment))
    assert response.status_code == 302 and response.url.startswith("/connexion/")


def test_lead_attaches_through_the_page_and_members_may_not(
    client, network, meeting, lead, committee_member, outsider
):
    url = reverse("networks:meeting_attachment_add", args=[network.pk, meeting.pk])
    client.force_login(committee_member)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(lead)
    response = client.post(
        url, {"title": "Diaporama", "file": SimpleUploadedFile("d.png", b"\x89PNG\r\n\x1a\nxx")}
    )
    assert response.status_code == 302
    assert MeetingAttachment.objects.get().content_type == "image/png"
    response = client.post(
        url, {"title": "Faux", "file": SimpleUploadedFile("x.pdf", b"GIF89a fake")}
    )
    assert "ni un PDF, ni une image JPEG ou PNG" in response.content.decode()
    assert MeetingAttachment.objects.count() == 1


def test_lead_removes_with_a_trace(client, network, meeting, attachment, lead):
    client.force_login(lead)
    url = reverse(
        "networks:meeting_attachment_delete", args=[network.pk, meeting.pk, attachment.pk]
    )
    assert client.post(url).status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_by == lead and attachment.removed_at
    assert client.get(_download(network, meeting, attachment)).status_code == 404
    page = client.get(reverse("networks:meeting_detail", args=[network.pk, meeting.pk]))
    assert (
        f"retiré le {timezone.localtime(attachment.removed_at):%d/%m/%Y}" in page.content.decode()
    )


def test_meeting_page_offers_print_and_bounded_queries(
    client, network, meeting, lead, django_assert_max_num_queries
):
    for index in range(5):
        meeting_attachment_add(
            meeting=meeting,
            title=f"Doc {index}",
            upload=SimpleUploadedFile("d.pdf", PDF),
            by=lead,
        )
    client.force_login(lead)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("networks:meeting_detail", args=[network.pk, meeting.pk]))
    html = page.content.decode()
    assert "data-foquale-print" in html and "foquale/print.js" in html
    assert html.count("Doc ") >= 5
