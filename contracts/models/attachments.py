from django.db import models

from foquale.attachments import Attachment


class ContractAttachment(Attachment):
    """A scan attached to a contract (the signed paper contract, an amendment signed on
    paper). Read by who reads the contract's case, never by the committee, the IEN-IO or
    the steering committee (`contracts.perms`)."""

    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name="contrat",
    )

    class Meta(Attachment.Meta):
        verbose_name = "pièce jointe au contrat"
        verbose_name_plural = "pièces jointes aux contrats"
