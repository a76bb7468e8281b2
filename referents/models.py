from django.conf import settings
from django.db import models

from networks.models import Establishment, Network

from .enums import AssessorFunction, TeamFunction


class Referent(models.Model):
    """The référent décrochage of an establishment, named by a network for a school year:
    they follow the cases of that establishment in that network only."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="referents", verbose_name="réseau"
    )
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="referents",
        verbose_name="établissement",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="referent_roles",
        verbose_name="référent",
    )
    school_year = models.PositiveSmallIntegerField("année scolaire")

    class Meta:
        verbose_name = "référent décrochage"
        verbose_name_plural = "référents décrochage"
        constraints = [
            models.UniqueConstraint(
                fields=["network", "establishment", "user", "school_year"],
                name="referent_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.establishment.name}"


class TeamMember(models.Model):
    """A member of an establishment's educational team, who may tutor a young person."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="team_members",
        verbose_name="établissement",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_roles",
        verbose_name="personnel",
    )
    function = models.CharField("fonction", max_length=20, choices=TeamFunction.choices)

    class Meta:
        verbose_name = "membre de l’équipe éducative"
        verbose_name_plural = "membres des équipes éducatives"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "user", "function"], name="team_member_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_function_display()})"


class Assessor(models.Model):
    """COP/PsyEN or MLDS staff who assess young people of a network."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="assessors", verbose_name="réseau"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assessor_roles",
        verbose_name="personnel",
    )
    function = models.CharField("fonction", max_length=20, choices=AssessorFunction.choices)

    class Meta:
        verbose_name = "évaluateur (COP/PsyEN, MLDS)"
        verbose_name_plural = "évaluateurs (COP/PsyEN, MLDS)"
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="assessor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_function_display()})"


class MldsCoordinator(models.Model):
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="mlds_coordinators",
        verbose_name="réseau",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mlds_roles",
        verbose_name="coordinateur",
    )

    class Meta:
        verbose_name = "coordinateur MLDS"
        verbose_name_plural = "coordinateurs MLDS"
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="mlds_coordinator_unique"),
        ]

    def __str__(self) -> str:
        return str(self.user)
