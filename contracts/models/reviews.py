import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from foquale.french import de

from ..enums import DUE_HELD, DUE_OPEN, REMINDER_LEVELS, DueStatus, ReminderKind
from .path import CurrentQuerySet


def grace_end(due_on: dt.date) -> dt.date:
    """The day a review not held becomes late: the end of the grace period. The one rule
    of lateness (`contracts.reviews.schedule.late_on` reads it)."""
    return due_on + dt.timedelta(days=settings.REVIEW_GRACE_DAYS)


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
    # A review recorded by mistake is cancelled, not deleted: it stays on the contract with
    # its trace (contracts.Correction) and no figure counts it.
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True, editable=False)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        verbose_name = "bilan de situation"
        verbose_name_plural = "bilans de situation"
        ordering = ["-due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "due_on"],
                condition=Q(cancelled_at__isnull=True),
                name="review_one_per_due_date",
                violation_error_message="Un bilan de situation existe déjà pour cette échéance.",
            ),
        ]
        indexes = [models.Index(fields=["held_on"], name="review_held_on")]

    def __str__(self) -> str:
        return f"Bilan de situation du {self.held_on:%d/%m/%Y}"

    @property
    def on_time(self) -> bool:
        """Held before its due date became late (the grace period)."""
        return self.held_on < grace_end(self.due_on)

    @property
    def days_after_due(self) -> int:
        return (self.held_on - self.due_on).days


class ReviewDueQuerySet(models.QuerySet):
    """The filters every count of due dates shares (dashboard, activity report, exports,
    weekly digest): one definition each, written in docs/indicators.md."""

    def due_between(self, first: dt.date, last: dt.date) -> "ReviewDueQuerySet":
        return self.filter(due_on__gte=first, due_on__lte=last)

    def answered(self) -> "ReviewDueQuerySet":
        return self.filter(status__in=DUE_HELD)

    def unanswered(self) -> "ReviewDueQuerySet":
        """Open (planned) or missed: no review was recorded for the date."""
        return self.filter(status__in=DUE_OPEN)

    def on_time(self) -> "ReviewDueQuerySet":
        return self.filter(status=DueStatus.HELD)


class ReviewDue(models.Model):
    """One due date of a contract's review rhythm, kept whatever happens to it: held on
    time, held late, or missed (`contracts.reviews.dues` writes them; docs/indicators.md
    defines what they count)."""

    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.CASCADE,
        related_name="dues",
        verbose_name="contrat",
    )
    due_on = models.DateField("échéance")
    status = models.CharField(
        "état", max_length=10, choices=DueStatus.choices, default=DueStatus.PLANNED
    )
    # RESTRICT: a review is never deleted alone (it is cancelled); it goes with its contract.
    review = models.OneToOneField(
        SituationReview,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="due",
        verbose_name="bilan de situation",
    )

    objects = ReviewDueQuerySet.as_manager()

    class Meta:
        verbose_name = "échéance de bilan de situation"
        verbose_name_plural = "échéances de bilans de situation"
        ordering = ["contract", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "due_on"],
                name="review_due_once",
                violation_error_message="Cette échéance existe déjà pour ce contrat.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in DueStatus]),
                name="review_due_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in DUE_HELD], review__isnull=False)
                | Q(status__in=[s.value for s in DUE_OPEN], review__isnull=True),
                name="review_due_held_has_review",
                violation_error_message="Une échéance tenue a son bilan, une échéance ouverte "
                "n’en a pas.",
            ),
        ]
        indexes = [
            # The digest, the dashboard and the scan read the dates of a period by state.
            models.Index(fields=["status", "due_on"], name="review_due_status_on"),
            models.Index(fields=["due_on"], name="review_due_on"),
        ]

    def __str__(self) -> str:
        return f"Échéance du {self.due_on:%d/%m/%Y} ({self.get_status_display().lower()})"


class Reminder(models.Model):
    """One step of the reminder ladder for one due date of one contract.

    The unique constraint is what makes the daily scan idempotent: a second scan, or two
    scans at once, cannot create a second row, hence cannot queue a second e-mail.
    """

    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name="contrat",
    )
    # The 15-day rule of the first interview: a young person « à contacter », the deadline
    # as the due date (kinds FIRST_REFERENT and FIRST_LEAD). Exactly one of the two is set.
    youth = models.ForeignKey(
        "contracts.Youth",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="first_interview_reminders",
        verbose_name="jeune à contacter",
    )
    due_on = models.DateField("échéance du bilan")
    kind = models.CharField("type", max_length=20, choices=ReminderKind.choices)
    level = models.PositiveSmallIntegerField("niveau d’escalade")
    email = models.ForeignKey(
        "outbox.OutboxEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="courriel",
    )
    recipient_count = models.PositiveSmallIntegerField("destinataires", default=0)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "relance de bilan de situation"
        verbose_name_plural = "relances de bilans de situation"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "due_on", "kind"], name="reminder_once_per_due_date"
            ),
            models.UniqueConstraint(
                fields=["youth", "due_on", "kind"],
                condition=Q(youth__isnull=False),
                name="reminder_once_per_first_interview",
            ),
            models.CheckConstraint(
                condition=Q(contract__isnull=True, youth__isnull=False)
                | Q(contract__isnull=False, youth__isnull=True),
                name="reminder_one_target",
            ),
            models.CheckConstraint(
                condition=Q(
                    *[Q(kind=kind, level=level) for kind, level in REMINDER_LEVELS.items()],
                    _connector=Q.OR,
                ),
                name="reminder_level_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="reminder_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — échéance du {self.due_on:%d/%m/%Y}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret of a tutor's private calendar feed; replacing it revokes the old address.

    Stored as a family link's token is: only the SHA-256 of the 256-bit secret is kept, so
    a copy of the database opens no calendar. The clear address is shown once, when it is
    made (`calendar_token_renew`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name="utilisateur",
    )
    token_hash = models.CharField("empreinte du jeton", max_length=64, unique=True)
    created_at = models.DateTimeField("créé le", auto_now=True)

    class Meta:
        verbose_name = "adresse d’agenda"
        verbose_name_plural = "adresses d’agenda"

    def __str__(self) -> str:
        return f"Agenda {de(self.user)}"
