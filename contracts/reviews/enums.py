from django.db import models


class ReminderKind(models.TextChoices):
    """The steps of the reminder ladder for one due date, lowest first."""

    BEFORE = "before", "Rappel au tuteur avant l’échéance"
    DUE = "due", "Rappel au tuteur le jour de l’échéance"
    LATE_REFERENT = "late_referent", "Retard signalé au référent"
    LATE_LEAD = "late_lead", "Retard signalé au responsable de réseau"


# The escalation level of each kind: the counter that drives the ladder (as in Dora).
REMINDER_LEVELS = {
    ReminderKind.BEFORE: 1,
    ReminderKind.DUE: 2,
    ReminderKind.LATE_REFERENT: 3,
    ReminderKind.LATE_LEAD: 4,
}


class DueState(models.TextChoices):
    UPCOMING = "upcoming", "À venir"
    DUE = "due", "À faire"
    LATE = "late", "En retard"
