from django.conf import settings
from django.db import models

from ..enums import CorrectedObject, CorrectionAction


class Correction(models.Model):
    """The trace of a correction or a cancellation of a record of a young person's path
    (bilan, bilan de situation, exit): who, when, why, and the fields before and after."""

    youth = models.ForeignKey(
        "contracts.Youth",
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name="jeune",
    )
    target = models.CharField("objet", max_length=20, choices=CorrectedObject.choices)
    object_id = models.PositiveBigIntegerField("identifiant de l’objet")
    action = models.CharField("opération", max_length=20, choices=CorrectionAction.choices)
    before = models.JSONField("avant", default=dict)
    after = models.JSONField("après", default=dict)
    reason = models.CharField("motif de la correction", max_length=500)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="par",
    )
    at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "correction"
        verbose_name_plural = "corrections"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["target", "object_id"], name="correction_target")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.get_target_display()} n° {self.object_id}"
