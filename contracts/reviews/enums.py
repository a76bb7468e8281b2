from django.db import models

# The reminder's kinds are stored on a model of `contracts/models` and live beside the other
# model enums, so that the models do not import this package (which imports the models).
from ..enums import REMINDER_LEVELS, ReminderKind

__all__ = ["REMINDER_LEVELS", "DueState", "ReminderKind"]


class DueState(models.TextChoices):
    UPCOMING = "upcoming", "À venir"
    DUE = "due", "À faire"
    LATE = "late", "En retard"
