from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from foquale.french import academie
from foquale.validators import normalize_uai, validate_uai

from ..enums import REQUIRED_SEATS, EstablishmentKind, SteeringFunction


class Academy(models.Model):
    name = models.CharField("nom", max_length=120, unique=True)
    code = models.CharField("code", max_length=10, unique=True)

    class Meta:
        verbose_name = "académie"
        verbose_name_plural = "académies"
        ordering = ["name"]
        permissions = [
            ("steer_academy", "Piloter l’académie (comité de pilotage)"),
            ("audit_academy", "Lire le journal des accès de l’académie (DPO)"),
        ]

    def __str__(self) -> str:
        return academie(self.name)


class SteeringCommittee(models.Model):
    academy = models.OneToOneField(
        Academy,
        on_delete=models.CASCADE,
        related_name="steering_committee",
        verbose_name="académie",
    )

    class Meta:
        verbose_name = "comité de pilotage académique"
        verbose_name_plural = "comités de pilotage académiques"

    def __str__(self) -> str:
        return f"Comité de pilotage — {self.academy.name}"


class SteeringMember(models.Model):
    committee = models.ForeignKey(
        SteeringCommittee,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name="comité",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="steering_seats",
        verbose_name="membre",
    )
    function = models.CharField("fonction", max_length=20, choices=SteeringFunction.choices)

    class Meta:
        verbose_name = "membre du comité de pilotage"
        verbose_name_plural = "membres du comité de pilotage"
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="steering_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_function_display()})"


class Platform(models.Model):
    """A PSAD (plateforme de suivi et d'appui aux décrocheurs): the territory of networks."""

    academy = models.ForeignKey(
        Academy, on_delete=models.PROTECT, related_name="platforms", verbose_name="académie"
    )
    name = models.CharField("nom", max_length=160)

    class Meta:
        verbose_name = "plateforme (PSAD)"
        verbose_name_plural = "plateformes (PSAD)"
        ordering = ["name"]
        permissions = [
            ("manage_lists", "Importer et répartir les listes de la plateforme (gestionnaire)"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["academy", "name"], name="platform_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PlatformCoordinator(models.Model):
    """An IEN-IO coordinating the networks of a platform's territory."""

    platform = models.ForeignKey(
        Platform,
        on_delete=models.CASCADE,
        related_name="coordinators",
        verbose_name="plateforme",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinated_platforms",
        verbose_name="IEN-IO",
    )

    class Meta:
        verbose_name = "IEN-IO du territoire"
        verbose_name_plural = "IEN-IO des territoires"
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "user"], name="platform_coordinator_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.platform}"


class Basin(models.Model):
    academy = models.ForeignKey(
        Academy, on_delete=models.PROTECT, related_name="basins", verbose_name="académie"
    )
    name = models.CharField("nom", max_length=120)

    class Meta:
        verbose_name = "bassin"
        verbose_name_plural = "bassins"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["academy", "name"], name="basin_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Establishment(models.Model):
    academy = models.ForeignKey(
        Academy, on_delete=models.PROTECT, related_name="establishments", verbose_name="académie"
    )
    basin = models.ForeignKey(
        Basin,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="establishments",
        verbose_name="bassin",
    )
    uai = models.CharField("code UAI", max_length=8, unique=True, validators=[validate_uai])
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=EstablishmentKind.choices)
    city = models.CharField("commune", max_length=120, blank=True)

    class Meta:
        verbose_name = "établissement ou dispositif"
        verbose_name_plural = "établissements et dispositifs"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.uai})"

    def clean(self) -> None:
        self.uai = normalize_uai(self.uai)


class NetworkQuerySet(models.QuerySet):
    def with_seat_roles(self) -> "NetworkQuerySet":
        seat_model = self.model._meta.get_field("seats").related_model
        return self.prefetch_related(
            models.Prefetch(
                "seats",
                queryset=seat_model.objects.filter(ended_on__isnull=True).only(
                    "id", "network_id", "role"
                ),
                to_attr="active_seats",
            )
        )


class Network(models.Model):
    """A réseau FOQUALE: EN establishments and schemes of one platform's perimeter."""

    academy = models.ForeignKey(
        Academy, on_delete=models.PROTECT, related_name="networks", verbose_name="académie"
    )
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="networks", verbose_name="plateforme"
    )
    basin = models.ForeignKey(
        Basin,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="networks",
        verbose_name="bassin",
    )
    name = models.CharField("nom", max_length=160)
    establishments = models.ManyToManyField(
        Establishment,
        blank=True,
        through="NetworkEstablishment",
        related_name="networks",
        verbose_name="établissements membres",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_networks",
        verbose_name="responsable de réseau",
    )
    lead_appointed_on = models.DateField("nommé(e) par le recteur le", null=True, blank=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = "réseau FOQUALE"
        verbose_name_plural = "réseaux FOQUALE"
        ordering = ["name"]
        permissions = [
            ("lead_network", "Piloter le réseau (responsable)"),
            ("contribute_network", "Contribuer aux travaux du comité (catalogue, bilans)"),
            ("view_network_cases", "Voir les dossiers des jeunes du réseau (évaluateur)"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["academy", "name"], name="network_name_unique"),
            models.CheckConstraint(
                condition=Q(lead__isnull=True) | Q(lead_appointed_on__isnull=False),
                name="network_lead_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:detail", args=[self.pk])

    def missing_seats(self) -> list[str]:
        """Labels of the circulaire's required seats that nobody holds now.

        Uses `active_seats` when prefetched by `with_seat_roles()`, so a list costs one query.
        """
        seats = getattr(self, "active_seats", None)
        if seats is None:
            seats = self.seats.filter(ended_on__isnull=True).only("role")
        held = {seat.role for seat in seats}
        return [role.label for role in REQUIRED_SEATS if role not in held]

    def composition_message(self) -> str:
        missing = self.missing_seats()
        if not missing:
            return "Composition complète"
        return "Composition incomplète : " + ", ".join(missing)


class NetworkEstablishment(models.Model):
    """An establishment's membership of a network. A référent is named for one such pair:
    they follow the cases of that establishment in that network, not in the others."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name="réseau"
    )
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="établissement",
    )

    class Meta:
        # The table of the former implicit many-to-many (migration 0003 keeps it).
        db_table = "networks_network_establishments"
        verbose_name = "établissement membre d’un réseau"
        verbose_name_plural = "établissements membres des réseaux"
        unique_together = [("network", "establishment")]
        permissions = [("follow_cases", "Suivre les dossiers de l’établissement dans le réseau")]

    def __str__(self) -> str:
        return f"{self.establishment} — {self.network}"
