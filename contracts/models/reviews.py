from django.conf import settings
from django.db import models


class SituationReview(models.Model):
    """A bilan de situation held with the young person, for one due date."""

    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name="contrat",
    )
    due_on = models.DateField("date prévue")
    held_on = models.DateField("date du bilan")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="rédigé par",
    )
    youth_present = models.BooleanField("le jeune était présent", default=True)
    attendance = models.TextField("assiduité", blank=True)
    progress = models.TextField("progrès", blank=True)
    difficulties = models.TextField("difficultés", blank=True)
    decisions = models.TextField("décisions et suites à donner", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bilan de situation"
        verbose_name_plural = "bilans de situation"
        ordering = ["-due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "due_on"],
                name="review_one_per_due_date",
                violation_error_message="Un bilan de situation existe déjà pour cette échéance.",
            ),
        ]
        indexes = [models.Index(fields=["held_on"], name="review_held_on")]

    def __str__(self) -> str:
        return f"Bilan de situation du {self.held_on:%d/%m/%Y}"

    @property
    def on_time(self) -> bool:
        return self.held_on <= self.due_on
