from django.conf import settings
from django.db import models

from foquale.french import de


class AccountInvitation(models.Model):
    """Someone invited by e-mail from a network's pages (`foquale.accounts.invitations`):
    it puts the new account in the académie's directory until they hold a role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="personne invitée",
    )
    academy = models.ForeignKey(
        "networks.Academy", on_delete=models.CASCADE, related_name="+", verbose_name="académie"
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="+", verbose_name="réseau"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="invitée par",
    )
    invited_at = models.DateTimeField("invitée le", auto_now_add=True)

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-invited_at"]

    def __str__(self) -> str:
        return f"Invitation {de(self.user)}"
