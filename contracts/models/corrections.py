from django.db import models

from foquale.corrections import CorrectionTrace

from ..enums import CorrectedObject


class Correction(CorrectionTrace):
    """The trace of a correction or a cancellation of a record of a young person's path
    (bilan, bilan de situation, exit): who, when, why, and the fields before and after."""

    youth = models.ForeignKey(
        "contracts.Youth",
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name="jeune",
    )
    target = models.CharField("objet", max_length=20, choices=CorrectedObject.choices)
    reason = models.CharField("motif de la correction", max_length=500)

    class Meta(CorrectionTrace.Meta):
        verbose_name = "correction"
        verbose_name_plural = "corrections"
        indexes = [models.Index(fields=["target", "object_id"], name="correction_target")]
