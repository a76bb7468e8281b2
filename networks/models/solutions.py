import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from foquale.inputs import BOUNDS_LABEL, DATE_MAX, FOQUALE_START, add_years
from foquale.schoolyear import school_year_bounds, school_year_label
from foquale.versioning import Versioned

from ..enums import SolutionKind, SolutionStatus


class EvaluationDecision(models.TextChoices):
    KEEP = "keep", "Maintenir la solution"
    ADAPT = "adapt", "Adapter la solution"
    CLOSE = "close", "Fermer la solution"


def stale_before(now: dt.datetime | None = None) -> dt.datetime:
    """Entries reviewed before this moment need an update."""
    return (now or timezone.now()) - dt.timedelta(days=settings.SOLUTION_STALE_DAYS)


def school_year_has_ended(year: int, today: dt.date | None = None) -> bool:
    return school_year_bounds(year)[1] < (today or timezone.localdate())


def validate_school_year_ended(year: int) -> None:
    if not school_year_has_ended(year):
        end = school_year_bounds(year)[1]
        raise ValidationError(
            "L’année scolaire %(label)s n’est pas terminée : l’évaluation pourra être "
            "enregistrée à partir du %(day)s.",
            code="school_year_not_ended",
            params={
                "label": school_year_label(year),
                "day": (end + dt.timedelta(days=1)).strftime("%d/%m/%Y"),
            },
        )


class SolutionQuerySet(models.QuerySet):
    def published(self) -> "SolutionQuerySet":
        return self.filter(status=SolutionStatus.PUBLISHED)

    def stale(self, now: dt.datetime | None = None) -> "SolutionQuerySet":
        """Entries still offered (draft or published) and not reviewed for too long."""
        return self.exclude(status=SolutionStatus.ARCHIVED).filter(
            reviewed_at__lt=stale_before(now)
        )


MAX_PLACES = 1000
MAX_PERIOD_YEARS = 5


class Solution(Versioned):
    """An entry of the network's catalogue of solutions (offre de formation)."""

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="solutions",
        verbose_name="réseau",
    )
    kind = models.CharField("type", max_length=20, choices=SolutionKind.choices)
    title = models.CharField("intitulé", max_length=200)
    host = models.ForeignKey(
        "networks.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="solutions",
        verbose_name="établissement d’accueil",
    )
    partner = models.CharField("partenaire", max_length=200, blank=True)
    audience = models.TextField("public et conditions d’entrée", blank=True)
    places = models.PositiveIntegerField("nombre de places")
    starts_on = models.DateField("début de la période", null=True, blank=True)
    ends_on = models.DateField("fin de la période", null=True, blank=True)
    contact = models.CharField("contact", max_length=200, blank=True)
    description = models.TextField("description", blank=True)
    status = models.CharField(
        "statut", max_length=20, choices=SolutionStatus.choices, default=SolutionStatus.DRAFT
    )
    reviewed_at = models.DateTimeField("dernière mise à jour", auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="mise à jour par",
    )

    objects = SolutionQuerySet.as_manager()

    class Meta:
        verbose_name = "solution"
        verbose_name_plural = "solutions"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gt=0),
                name="solution_places_positive",
                violation_error_message="Le nombre de places doit être d’au moins 1.",
            ),
            models.CheckConstraint(
                condition=(Q(starts_on__isnull=True) | Q(starts_on__gte=FOQUALE_START))
                & (Q(ends_on__isnull=True) | Q(ends_on__lte=DATE_MAX)),
                name="solution_period_plausible",
                violation_error_message=f"La période doit être comprise {BOUNDS_LABEL}.",
            ),
            models.CheckConstraint(
                condition=Q(places__lte=MAX_PLACES),
                name="solution_places_bounded",
                violation_error_message=f"Une solution offre au plus {MAX_PLACES} places.",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="solution_period_in_order",
                violation_error_message="La fin de la période doit suivre son début.",
            ),
        ]
        indexes = [
            models.Index(fields=["network", "status"], name="solution_network_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_stale(self) -> bool:
        return self.status != SolutionStatus.ARCHIVED and self.reviewed_at < stale_before()

    @property
    def host_or_partner(self) -> str:
        if self.host_id:
            return str(self.host)
        return self.partner

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.kind == SolutionKind.PARTNER and not self.partner:
            errors.setdefault("partner", []).append(
                "Indiquez le partenaire qui porte cette solution hors Éducation nationale."
            )
        if not self.host_id and not self.partner:
            errors.setdefault("host", []).append(
                "Indiquez l’établissement d’accueil ou, à défaut, le partenaire."
            )
        if self.places is not None and self.places <= 0:
            errors.setdefault("places", []).append("Le nombre de places doit être d’au moins 1.")
        if self.places is not None and self.places > MAX_PLACES:
            errors.setdefault("places", []).append(
                f"Une solution offre au plus {MAX_PLACES} places : vérifiez le nombre saisi."
            )
        for name, message in self._period_errors():
            errors.setdefault(name, []).append(message)
        if self.host_id and self.network_id and self.host.academy_id != self.network.academy_id:
            errors.setdefault("host", []).append(
                "Cet établissement n’appartient pas à l’académie du réseau : une solution "
                "ne peut être accueillie que dans l’académie de son réseau."
            )
        if errors:
            raise ValidationError(errors)

    def _period_errors(self) -> list[tuple[str, str]]:
        """The period lies between the networks' creation and five years ahead, lasts at
        most five years, and ends after it starts."""
        latest = add_years(timezone.localdate(), MAX_PERIOD_YEARS)
        for name, day in (("starts_on", self.starts_on), ("ends_on", self.ends_on)):
            if day and not FOQUALE_START <= day <= latest:
                return [
                    (
                        name,
                        f"La date doit être comprise entre le {FOQUALE_START:%d/%m/%Y} (création "
                        f"des réseaux FOQUALE) et le {latest:%d/%m/%Y}.",
                    )
                ]
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                return [("ends_on", "La fin de la période doit suivre son début.")]
            if self.ends_on > add_years(self.starts_on, MAX_PERIOD_YEARS):
                return [("ends_on", f"La période dure au plus {MAX_PERIOD_YEARS} ans.")]
        return []

    def entry_date_errors(self, dates: list[dt.date]) -> list[str]:
        """French messages for the entry dates that fall outside the period."""
        errors = []
        for day in dates:
            if (self.starts_on and day < self.starts_on) or (self.ends_on and day > self.ends_on):
                errors.append(
                    f"La date d’entrée du {day:%d/%m/%Y} est en dehors de la période "
                    f"de la solution ({self.period_label})."
                )
        return errors

    @property
    def period_label(self) -> str:
        if self.starts_on and self.ends_on:
            return f"du {self.starts_on:%d/%m/%Y} au {self.ends_on:%d/%m/%Y}"
        if self.starts_on:
            return f"à partir du {self.starts_on:%d/%m/%Y}"
        if self.ends_on:
            return f"jusqu’au {self.ends_on:%d/%m/%Y}"
        return "toute l’année"


class SolutionEntryDate(models.Model):
    """A date on which young people may start the solution (rentrée, entrées séquentielles)."""

    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="entry_dates", verbose_name="solution"
    )
    day = models.DateField("date d’entrée")

    class Meta:
        verbose_name = "date d’entrée"
        verbose_name_plural = "dates d’entrée"
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["solution", "day"], name="solution_entry_date_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}"


class SolutionEvaluation(Versioned):
    """The committee's yearly judgement of a solution; its figures are computed on demand,
    from the paths of the young people it received."""

    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="evaluations", verbose_name="solution"
    )
    school_year = models.PositiveSmallIntegerField("année scolaire")
    comment = models.TextField("avis du comité")
    decision = models.CharField("décision", max_length=20, choices=EvaluationDecision.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="enregistrée par",
    )
    recorded_at = models.DateTimeField("enregistrée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "évaluation annuelle d’une solution"
        verbose_name_plural = "évaluations annuelles des solutions"
        ordering = ["-school_year", "solution"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "school_year"],
                name="solution_evaluation_once_a_year",
                violation_error_message="Cette solution a déjà une évaluation pour cette année.",
            ),
        ]

    def __str__(self) -> str:
        return f"Évaluation {school_year_label(self.school_year)} — {self.solution}"

    def clean(self) -> None:
        if self.school_year:
            try:
                validate_school_year_ended(self.school_year)
            except ValidationError as error:
                raise ValidationError({"school_year": error.messages}) from error


class NeedsAnalysis(Versioned):
    """The committee's needs analysis for a school year and the actions it decides."""

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="needs_analyses",
        verbose_name="réseau",
    )
    school_year = models.PositiveSmallIntegerField("année scolaire")
    findings = models.TextField("besoins identifiés")
    actions = models.ManyToManyField(
        "networks.Action",
        blank=True,
        related_name="needs_analyses",
        verbose_name="actions décidées",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="enregistrée par",
    )
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    class Meta:
        verbose_name = "analyse des besoins"
        verbose_name_plural = "analyses des besoins"
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "school_year"], name="needs_analysis_once_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"Analyse des besoins {school_year_label(self.school_year)} — {self.network}"
