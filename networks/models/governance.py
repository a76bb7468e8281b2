from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from foquale.corrections import CorrectionTrace
from foquale.inputs import BOUNDS_LABEL, DATE_MAX, FOQUALE_START
from foquale.versioning import Versioned

from ..enums import (
    SEAT_ESTABLISHMENT_KINDS,
    SINGLE_SEATS,
    ActionStatus,
    CorrectedItem,
    EstablishmentKind,
    ObjectiveStatus,
    SeatRole,
)
from .organisation import Establishment


def represented_kind_error(role: str, establishment: Establishment | None) -> str | None:
    """The French refusal when a seat would represent an establishment of the wrong kind
    (the head of the LP seat represents an LP or a lycée polyvalent), else None."""
    kinds = SEAT_ESTABLISHMENT_KINDS.get(role)
    if establishment is None or not kinds or establishment.kind in kinds:
        return None
    expected = " ou ".join(f"« {EstablishmentKind(kind).label} »" for kind in kinds)
    return (
        f"Le siège « {SeatRole(role).label} » représente un établissement de type {expected} ; "
        f"« {establishment.name} » est de type « {establishment.get_kind_display()} »."
    )


class CommitteeSeatQuerySet(models.QuerySet):
    def active(self) -> "CommitteeSeatQuerySet":
        return self.filter(ended_on__isnull=True)


class CommitteeSeat(models.Model):
    """A seat of the comité de réseau; ending a seat keeps its history."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="seats", verbose_name="réseau"
    )
    role = models.CharField("siège", max_length=20, choices=SeatRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="committee_seats",
        verbose_name="membre",
    )
    establishment = models.ForeignKey(
        "networks.Establishment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="établissement représenté",
    )
    started_on = models.DateField("depuis le")
    ended_on = models.DateField("jusqu’au", null=True, blank=True)

    objects = CommitteeSeatQuerySet.as_manager()

    class Meta:
        verbose_name = "siège du comité de réseau"
        verbose_name_plural = "sièges du comité de réseau"
        ordering = ["network", "role", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "role"],
                condition=Q(ended_on__isnull=True) & Q(role__in=[r.value for r in SINGLE_SEATS]),
                name="committee_single_seat_holder",
                violation_error_message="Ce siège a déjà un titulaire.",
            ),
            # One person, one seat per committee (whatever the seat).
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=Q(ended_on__isnull=True),
                name="committee_one_seat_per_person",
                violation_error_message="Cette personne siège déjà au comité de ce réseau.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="committee_seat_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(started_on__gte=FOQUALE_START),
                name="committee_seat_start_plausible",
                violation_error_message="La date ne peut précéder la création des réseaux FOQUALE "
                f"({FOQUALE_START:%d/%m/%Y}).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} : {self.user}"

    def clean(self) -> None:
        # The services check it too; this covers the seats edited in the admin.
        if self.establishment_id and self.role in SeatRole.values:
            message = represented_kind_error(self.role, self.establishment)
            if message:
                raise ValidationError({"establishment": message})


class Objective(Versioned):
    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name="réseau",
    )
    school_year = models.PositiveSmallIntegerField("année scolaire")
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    indicator = models.CharField("indicateur de réussite", max_length=200, blank=True)
    status = models.CharField(
        "état", max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "objectif prioritaire"
        verbose_name_plural = "objectifs prioritaires"
        ordering = ["-school_year", "id"]

    def __str__(self) -> str:
        return self.title


class Action(Versioned):
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="actions", verbose_name="objectif"
    )
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pilote de l’action",
    )
    due_on = models.DateField("échéance", null=True, blank=True)
    status = models.CharField(
        "état", max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )

    class Meta:
        verbose_name = "action"
        verbose_name_plural = "actions"
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True)
                | (Q(due_on__gte=FOQUALE_START) & Q(due_on__lte=DATE_MAX)),
                name="action_due_plausible",
                violation_error_message=f"L’échéance doit être comprise {BOUNDS_LABEL}.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, day) -> bool:
        """Still planned after its due date: flagged on the objectives page."""
        return self.status == ActionStatus.PLANNED and self.due_on is not None and self.due_on < day


class Meeting(Versioned):
    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name="réseau",
    )
    held_on = models.DateField("date")
    title = models.CharField("objet", max_length=200, default="Réunion du comité de réseau")
    agenda = models.TextField("ordre du jour", blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="présents"
    )
    minutes = models.TextField("compte rendu", blank=True)
    decisions = models.TextField("décisions", blank=True)
    # A meeting recorded by mistake (or that did not take place) is cancelled, not deleted:
    # it stays listed with its trace and no report counts it.
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "réunion du comité"
        verbose_name_plural = "réunions du comité"
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__gte=FOQUALE_START) & Q(held_on__lte=DATE_MAX),
                name="meeting_date_plausible",
                violation_error_message=f"La date de la réunion doit être comprise {BOUNDS_LABEL}.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} du {self.held_on:%d/%m/%Y}"


class GovernanceCorrection(CorrectionTrace):
    """The trace of a correction or a cancellation of a meeting, an objective or an action
    of a network: who, when, why, and the fields before and after."""

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name="réseau",
    )
    target = models.CharField("objet", max_length=20, choices=CorrectedItem.choices)
    reason = models.CharField("motif", max_length=500, blank=True)

    class Meta(CorrectionTrace.Meta):
        verbose_name = "correction (gouvernance)"
        verbose_name_plural = "corrections (gouvernance)"
        indexes = [
            models.Index(fields=["network", "target", "object_id"], name="gov_correction_target")
        ]
