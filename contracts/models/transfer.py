from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ..enums import TransferReason, TransferRefusal, TransferStatus


class TransferQuerySet(models.QuerySet):
    def pending(self) -> "TransferQuerySet":
        return self.filter(status=TransferStatus.PENDING)


class Transfer(models.Model):
    """A young person's move to another network of the académie: asked by the lead of the
    network that follows them, accepted or refused by the receiving network's lead, or
    cancelled by the requester. The rows are the history; they are never deleted."""

    youth = models.ForeignKey(
        "contracts.Youth",
        on_delete=models.CASCADE,
        related_name="transfers",
        verbose_name="jeune",
    )
    from_network = models.ForeignKey(
        "networks.Network",
        on_delete=models.PROTECT,
        related_name="transfers_out",
        verbose_name="réseau de départ",
    )
    to_network = models.ForeignKey(
        "networks.Network",
        on_delete=models.PROTECT,
        related_name="transfers_in",
        verbose_name="réseau d’accueil",
    )
    reason_code = models.CharField("motif", max_length=20, choices=TransferReason.choices)
    # Free text, kept in the young person's file only: never shown on an aggregate page.
    reason_details = models.TextField("précisions sur le motif", blank=True)
    status = models.CharField(
        "statut", max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="demandé par",
    )
    requested_at = models.DateTimeField("demandé le", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidé par",
    )
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    # Where the receiving lead placed the young person on acceptance.
    establishment = models.ForeignKey(
        "networks.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="établissement du référent dans le réseau d’accueil",
    )
    refusal_code = models.CharField(
        "motif du refus", max_length=20, choices=TransferRefusal.choices, blank=True
    )
    refusal_details = models.TextField("précisions sur le refus", blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = "transfert"
        verbose_name_plural = "transferts"
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["to_network", "status"], name="transfer_to_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["youth"],
                condition=Q(status=TransferStatus.PENDING),
                name="transfer_one_pending_per_youth",
                violation_error_message="Un transfert de ce jeune attend déjà une réponse.",
            ),
            models.CheckConstraint(
                condition=~Q(to_network=F("from_network")),
                name="transfer_to_another_network",
                violation_error_message="Choisissez un autre réseau que celui du jeune.",
            ),
            models.CheckConstraint(
                condition=Q(status=TransferStatus.PENDING) | Q(decided_at__isnull=False),
                name="transfer_decision_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=TransferStatus.ACCEPTED) | Q(establishment__isnull=False),
                name="transfer_accepted_has_establishment",
            ),
            models.CheckConstraint(
                condition=~Q(status=TransferStatus.REFUSED) | ~Q(refusal_code=""),
                name="transfer_refusal_has_reason",
                violation_error_message="Indiquez le motif du refus.",
            ),
        ]

    def __str__(self) -> str:
        return f"Transfert vers {self.to_network}" if self.to_network_id else "Transfert"

    @property
    def is_pending(self) -> bool:
        return self.status == TransferStatus.PENDING
