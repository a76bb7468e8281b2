"""Helpers for the trace of corrections, shared by the apps that keep one (networks,
contracts): a record's fields as its page shows them, and the reason checked."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

REASON_MAX_LENGTH = 500


class CorrectionAction(models.TextChoices):
    CORRECTED = "corrected", "Correction"
    CANCELLED = "cancelled", "Annulation"


class CorrectionTrace(models.Model):
    """What every trace keeps: which object, the operation, the fields before and after,
    who and when. Each app adds the owner it is filed under, its kinds and its reason."""

    object_id = models.PositiveBigIntegerField("identifiant de l’objet")
    action = models.CharField("opération", max_length=20, choices=CorrectionAction.choices)
    before = models.JSONField("avant", default=dict)
    after = models.JSONField("après", default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="par",
    )
    at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.get_target_display()} n° {self.object_id}"


def shown(instance: models.Model, name: str) -> str:
    """A field's value as a page shows it: labels for choices, dates as dd/mm/yyyy."""
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if field.choices:
        return getattr(instance, f"get_{name}_display")() or "—"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if hasattr(value, "get_full_name"):
        return value.get_full_name()
    return "—" if value in (None, "") else str(value)


def snapshot(instance: models.Model, names: tuple[str, ...]) -> dict[str, str]:
    """{field label: value shown} for the named fields."""
    return {str(instance._meta.get_field(n).verbose_name): shown(instance, n) for n in names}


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only what changed, so that a trace reads as « avant → après »."""
    changed = [key for key in after if before.get(key) != after[key]]
    return {key: before[key] for key in changed}, {key: after[key] for key in changed}


def check_reason(reason: str, *, required: bool = True) -> str:
    reason = " ".join((reason or "").split())
    if required and not reason:
        raise ValidationError({"reason": "Indiquez le motif de la correction."})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": f"Le motif tient en {REASON_MAX_LENGTH} caractères au plus."}
        )
    return reason
