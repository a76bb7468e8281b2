from django.conf import settings
from django.db import models
from django.db.models import Q

from ..enums import Level, ProposalDecision, ProposalKind, RefusalReason, Step


class StepTransition(models.Model):
    """The log of every change of step: who, when, from, to."""

    youth = models.ForeignKey(
        "contracts.Youth",
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name="jeune",
    )
    from_step = models.CharField("de", max_length=20, choices=Step.choices, blank=True)
    to_step = models.CharField("vers", max_length=20, choices=Step.choices)
    at = models.DateTimeField("le", auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="par",
    )

    class Meta:
        verbose_name = "changement d’étape"
        verbose_name_plural = "changements d’étape"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_step_display() or '—'} → {self.get_to_step_display()}"


class CurrentQuerySet(models.QuerySet):
    def current(self) -> "CurrentQuerySet":
        """Rows not cancelled: the ones every figure counts."""
        return self.filter(cancelled_at__isnull=True)


class Assessment(models.Model):
    """The initial bilan by COP/PsyEN or MLDS staff."""

    youth = models.ForeignKey(
        "contracts.Youth",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name="jeune",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="évaluateur",
    )
    held_on = models.DateField("date du bilan")
    findings = models.TextField("constats")
    wishes = models.TextField("souhaits du jeune", blank=True)
    level = models.CharField("niveau", max_length=20, choices=Level.choices, blank=True)
    # The coded form of the wishes, the only one the needs page counts.
    wished_kind = models.CharField(
        "type de solution souhaitée", max_length=20, choices=ProposalKind.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A bilan recorded by mistake is cancelled, not deleted: it stays in the file with its
    # trace (contracts.Correction) and no figure counts it.
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True, editable=False)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        verbose_name = "bilan"
        verbose_name_plural = "bilans"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Bilan du {self.held_on:%d/%m/%Y}"


class Proposal(models.Model):
    """A proposal of a return to training; several may follow each other."""

    youth = models.ForeignKey(
        "contracts.Youth",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name="jeune",
    )
    kind = models.CharField("type", max_length=20, choices=ProposalKind.choices)
    solution = models.ForeignKey(
        "networks.Solution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name="solution du catalogue",
    )
    target = models.CharField(
        "formation ou structure visée",
        max_length=200,
        blank=True,
        help_text="À préciser si aucune solution du catalogue ne convient.",
    )
    proposed_on = models.DateField("proposée le")
    decision = models.CharField(
        "réponse",
        max_length=20,
        choices=ProposalDecision.choices,
        default=ProposalDecision.PENDING,
    )
    decided_on = models.DateField("réponse le", null=True, blank=True)
    refusal_code = models.CharField(
        "motif du refus", max_length=20, choices=RefusalReason.choices, blank=True
    )
    # Free text, kept in the young person's file only: never shown on an aggregate page.
    refusal_reason = models.TextField("précisions sur le refus", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="proposée par",
    )

    class Meta:
        verbose_name = "proposition de retour en formation"
        verbose_name_plural = "propositions de retour en formation"
        ordering = ["-proposed_on", "-id"]
        indexes = [
            # « À faire »: the pending proposals of a network's young people, found from
            # the young people (a few) rather than by reading every pending proposal.
            models.Index(
                fields=["youth"],
                condition=Q(decision=ProposalDecision.PENDING),
                name="proposal_pending_youth",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(solution__isnull=False) | ~Q(target=""),
                name="proposal_has_target",
                violation_error_message="Choisissez une solution du catalogue ou décrivez la formation visée.",
            ),
            models.CheckConstraint(
                condition=~Q(decision=ProposalDecision.REFUSED) | ~Q(refusal_code=""),
                name="proposal_refusal_has_reason",
                violation_error_message="Indiquez le motif du refus.",
            ),
            models.CheckConstraint(
                condition=Q(decision=ProposalDecision.PENDING) | Q(decided_on__isnull=False),
                name="proposal_decision_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.solution) if self.solution_id else self.target
