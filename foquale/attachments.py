"""Scanned papers attached to a record (a signed paper contract, a meeting's documents).

One abstract model and its writes, used by `contracts` (scans of a contract) and `networks`
(documents of a meeting's minutes). The files live in the `private` storage (settings
`STORAGES`, `PRIVATE_MEDIA_ROOT`), outside the static files and never served as such: only
the views that check who may read the record open them. The type is read from the first
bytes of the file, never from its name or the browser's word; a file is stored under a
random name (no person's name on disk or in a download folder). Removing an attachment
deletes the file and keeps the row with who removed it and when.
"""

import hashlib
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models, transaction
from django.dispatch import receiver
from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from dsfr.forms import DsfrBaseForm

from .inputs import BoundedInputMixin
from .submissions.forms import SubmissionTokenMixin

MAX_BYTES = 10 * 1024 * 1024
# The first bytes of each accepted type, and what it is called.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
EXTENSIONS = {content_type: extension for _, content_type, extension in SIGNATURES}
WRONG_TYPE = "Ce fichier n’est ni un PDF, ni une image JPEG ou PNG : numérisez le document dans l’un de ces formats."
TOO_BIG = (
    "Ce fichier dépasse 10 Mo : numérisez le document en qualité plus faible ou en noir et blanc."
)
EMPTY = "Ce fichier est vide : choisissez le document numérisé."


class PrivateStorage(LazyObject):
    """The `private` storage of the settings, looked up when first used (and again after a
    test changes `STORAGES`): a model field keeps this object, not a frozen storage."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def get_private_storage() -> PrivateStorage:
    """For the model field: a callable, so that migrations name it instead of copying it."""
    return private_storage


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


def _upload_to(instance: "Attachment", filename: str) -> str:
    extension = EXTENSIONS.get(instance.content_type, "bin")
    return f"{instance._meta.app_label}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def sniff(upload) -> str:
    """The content type of an upload, read from its first bytes; a French ValidationError
    when it is empty, too big or of another type."""
    if upload.size == 0:
        raise ValidationError(EMPTY)
    if upload.size > MAX_BYTES:
        raise ValidationError(TOO_BIG)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, _ in SIGNATURES:
        if head.startswith(magic):
            return content_type
    raise ValidationError(WRONG_TYPE)


class AttachmentQuerySet(models.QuerySet):
    def present(self) -> "AttachmentQuerySet":
        return self.filter(removed_at__isnull=True)


class Attachment(models.Model):
    title = models.CharField("intitulé", max_length=200)
    file = models.FileField("fichier", storage=get_private_storage, upload_to=_upload_to)
    content_type = models.CharField("type", max_length=40)
    size = models.PositiveIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="déposé par",
    )
    uploaded_at = models.DateTimeField("déposé le", default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="retiré par",
    )
    removed_at = models.DateTimeField("retiré le", null=True, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.content_type, "bin")

    @property
    def kind_label(self) -> str:
        return {"pdf": "PDF", "jpg": "JPEG", "png": "PNG"}.get(self.extension, "")

    def download_name(self) -> str:
        return f"piece-jointe-{self.pk}.{self.extension}"


def attachment_store(*, model: type[Attachment], title: str, upload, by, **owner) -> Attachment:
    """Check and store one upload for its owner (`contract=…`, `meeting=…`)."""
    content_type = sniff(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = model(
        title=title.strip(),
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
        **owner,
    )
    with transaction.atomic():
        attachment.file.save("upload", upload, save=False)
        # A failed insert must not leave an orphan file behind.
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_remove(*, attachment: Attachment, by) -> Attachment:
    """Delete the file, keep the row with who removed it and when."""
    with transaction.atomic():
        locked = type(attachment).objects.select_for_update().get(pk=attachment.pk)
        if locked.removed_at is not None:
            raise ValidationError("Cette pièce jointe a déjà été retirée.")
        name = locked.file.name
        locked.removed_at = timezone.now()
        locked.removed_by = by
        locked.file = ""
        locked.save(update_fields=["removed_at", "removed_by", "file"])
        storage = private_storage
        transaction.on_commit(lambda: storage.delete(name))
    return locked


def attachment_response(attachment: Attachment) -> FileResponse:
    """The file as a download: never shown inline, never cached, its type as stored."""
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.download_name(),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class AttachmentForm(SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm):
    title = forms.CharField(
        label="Intitulé du document",
        max_length=200,
        help_text="Par exemple : « Contrat signé, version papier ».",
    )
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, JPEG ou PNG, 10 Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={
            "required": "Choisissez le document numérisé.",
            "empty": EMPTY,
            "missing": "Choisissez le document numérisé.",
            "invalid": "Ce fichier n’a pas pu être lu : choisissez à nouveau le document.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        sniff(upload)
        return upload
