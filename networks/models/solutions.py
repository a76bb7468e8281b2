from django.db import models
from django.db.models import F, Q

from ..enums import SolutionKind, SolutionStatus

# Contract statuses live in `contracts`, which this app may not import; the values are
# part of the database contract between the two apps.
ACTIVE_CONTRACT_STATUS = "active"


class SolutionQuerySet(models.QuerySet):
    def published(self) -> "SolutionQuerySet":
        return self.filter(status=SolutionStatus.PUBLISHED)

    def with_places(self) -> "SolutionQuerySet":
        """Annotate `places_taken` (active contracts) in the same query."""
        return self.annotate(
            places_taken=models.Count(
                "contracts", filter=Q(contracts__status=ACTIVE_CONTRACT_STATUS)
            )
        )


class Solution(models.Model):
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

    objects = SolutionQuerySet.as_manager()

    class Meta:
        verbose_name = "solution"
        verbose_name_plural = "solutions"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(places__gt=0), name="solution_places_positive"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="solution_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def _taken(self) -> int:
        taken = getattr(self, "places_taken", None)
        if taken is None:
            taken = self.contracts.filter(status=ACTIVE_CONTRACT_STATUS).count()
        return taken

    @property
    def places_free(self) -> int:
        return max(self.places - self._taken(), 0)

    @property
    def is_full(self) -> bool:
        return self._taken() >= self.places
