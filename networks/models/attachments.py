from django.db import models

from foquale.attachments import Attachment


class MeetingAttachment(Attachment):
    """A document attached to the minutes of a committee meeting, read by whoever reads the
    meeting (`networks.perms`)."""

    meeting = models.ForeignKey(
        "networks.Meeting",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name="réunion",
    )

    class Meta(Attachment.Meta):
        verbose_name = "pièce jointe au compte rendu"
        verbose_name_plural = "pièces jointes aux comptes rendus"
