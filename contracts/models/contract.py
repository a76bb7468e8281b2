import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from foquale.inputs import BOUNDS_LABEL, DATE_MAX, FOQUALE_START
from foquale.versioning import Versioned

from ..enums import ContractStatus, SignatoryRole, SignatureMode

# What a signatory reads: the terms of the contract, and of the amendment they sign.
CONTRACT_TERM_FIELDS = (
    "tutor_id",
    "starts_on",
    "ends_on",
    "meaning",
    "schedule",
    "youth_commitments",
    "family_commitments",
    "tutor_commitments",
    "review_every_weeks",
)
AMENDMENT_TERM_FIELDS = ("number", "changes", "new_ends_on", "new_review_every_weeks")


def terms_digest(contract: "Contract", amendment: "Amendment | None" = None) -> str:
    """SHA-256 of the terms a signatory agrees to: a signature records it, and one given
    on a page opened before the text changed is refused."""
    terms = [str(getattr(contract, name)) for name in CONTRACT_TERM_FIELDS]
    if amendment is not None:
        terms += [str(getattr(amendment, name)) for name in AMENDMENT_TERM_FIELDS]
    return hashlib.sha256("\x1f".join(terms).encode()).hexdigest()


OPEN_STATUSES = (ContractStatus.AWAITING_SIGNATURES, ContractStatus.ACTIVE)


class ContractQuerySet(models.QuerySet):
    def active(self) -> "ContractQuerySet":
        return self.filter(status=ContractStatus.ACTIVE)

    def open(self) -> "ContractQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class Contract(Versioned):
    """The contrat FOQUALE: tripartite (tutor, youth, family), frozen once signed."""

    youth = models.ForeignKey(
        "contracts.Youth",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name="jeune",
    )
    proposal = models.OneToOneField(
        "contracts.Proposal",
        on_delete=models.PROTECT,
        related_name="contract",
        verbose_name="proposition acceptée",
    )
    # Denormalised from the proposal so that place counts and yearly evaluations are one
    # indexed filter.
    solution = models.ForeignKey(
        "networks.Solution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name="solution",
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tutored_contracts",
        verbose_name="tuteur",
    )
    starts_on = models.DateField("début du parcours")
    ends_on = models.DateField("fin prévue du parcours")
    meaning = models.TextField("sens du parcours et objectifs")
    schedule = models.TextField("organisation et emploi du temps", blank=True)
    youth_commitments = models.TextField("engagements du jeune", blank=True)
    family_commitments = models.TextField("engagements de la famille", blank=True)
    tutor_commitments = models.TextField("engagements du tuteur", blank=True)
    review_every_weeks = models.PositiveSmallIntegerField(
        "rythme des bilans de situation (en semaines)", default=4
    )
    status = models.CharField(
        "statut",
        max_length=20,
        choices=ContractStatus.choices,
        default=ContractStatus.AWAITING_SIGNATURES,
    )
    activated_on = models.DateField("signé le", null=True, blank=True)
    ended_on = models.DateField("terminé le", null=True, blank=True)
    next_review_on = models.DateField("prochain bilan de situation", null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="créé par",
    )
    # Set when the network lead accepted this contract on a solution already full.
    capacity_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="accepté au-delà des places par",
    )

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat FOQUALE"
        verbose_name_plural = "contrats FOQUALE"
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["status", "next_review_on"], name="contract_status_review"),
            # « À faire »: the contracts awaiting signatures and the expired ones, read from
            # the index alone (their young person and id in it) before the network's join.
            models.Index(
                fields=["status", "ends_on"], include=["youth", "id"], name="contract_status_ends"
            ),
            models.Index(fields=["tutor", "status"], name="contract_tutor_status"),
            models.Index(fields=["solution", "status"], name="contract_solution_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["youth"],
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="contract_one_open_per_youth",
                violation_error_message="Ce jeune a déjà un contrat en cours.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="contract_dates_in_order",
                violation_error_message="La fin du parcours doit suivre son début.",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__gte=FOQUALE_START) & Q(ends_on__lte=DATE_MAX),
                name="contract_dates_plausible",
                violation_error_message=f"Les dates du parcours doivent être comprises {BOUNDS_LABEL}.",
            ),
            models.CheckConstraint(
                condition=Q(review_every_weeks__gte=1) & Q(review_every_weeks__lte=26),
                name="contract_review_rhythm_range",
                violation_error_message="Le rythme des bilans va de 1 à 26 semaines.",
            ),
            models.CheckConstraint(
                condition=~Q(status=ContractStatus.ACTIVE) | Q(activated_on__isnull=False),
                name="contract_active_has_signature_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ContractStatus.ENDED) | Q(ended_on__isnull=False),
                name="contract_ended_has_date",
            ),
        ]
        permissions = [("sign_contract", "Signer le contrat en tant que tuteur")]

    def __str__(self) -> str:
        return f"Contrat FOQUALE n° {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:contract_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status != ContractStatus.AWAITING_SIGNATURES

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": "La fin du parcours doit suivre son début."})


class Amendment(models.Model):
    """An avenant: the only way to change a signed contract; signed in turn."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="amendments", verbose_name="contrat"
    )
    number = models.PositiveSmallIntegerField("numéro")
    changes = models.TextField("modifications")
    new_ends_on = models.DateField("nouvelle date de fin", null=True, blank=True)
    new_review_every_weeks = models.PositiveSmallIntegerField(
        "nouveau rythme des bilans (semaines)", null=True, blank=True
    )
    signed_on = models.DateField("signé le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "avenant"
        verbose_name_plural = "avenants"
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="amendment_number_unique"),
            models.CheckConstraint(
                condition=Q(new_ends_on__isnull=True) | Q(new_ends_on__lte=DATE_MAX),
                name="amendment_end_plausible",
                violation_error_message=f"La nouvelle fin doit être comprise {BOUNDS_LABEL}.",
            ),
            models.CheckConstraint(
                condition=Q(new_review_every_weeks__isnull=True)
                | (Q(new_review_every_weeks__gte=1) & Q(new_review_every_weeks__lte=26)),
                name="amendment_review_rhythm_range",
                violation_error_message="Le rythme des bilans va de 1 à 26 semaines.",
            ),
        ]

    def __str__(self) -> str:
        return f"Avenant n° {self.number}"


class Signature(models.Model):
    """A party's signature of a contract (amendment empty) or of one of its amendments."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="signatures", verbose_name="contrat"
    )
    amendment = models.ForeignKey(
        Amendment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name="avenant",
    )
    role = models.CharField("signataire", max_length=20, choices=SignatoryRole.choices)
    guardian = models.ForeignKey(
        "contracts.Guardian",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name="représentant légal",
    )
    signed_on = models.DateField("date de signature")
    mode = models.CharField("mode", max_length=20, choices=SignatureMode.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="enregistrée par",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    terms_sha256 = models.CharField(
        "empreinte SHA-256 du texte signé",
        max_length=64,
        blank=True,
        default="",
        db_default="",
        editable=False,
    )
    # The proof of an online signature (empty for one recorded from paper): when, to which
    # address the link went, the name typed, and where from (the address truncated).
    signed_at = models.DateTimeField("signée à (UTC)", null=True, blank=True, editable=False)
    email = models.EmailField("adresse électronique du lien", blank=True, default="")
    typed_name = models.CharField("nom saisi", max_length=300, blank=True, default="")
    ip_truncated = models.CharField("adresse IP tronquée", max_length=64, blank=True, default="")
    user_agent = models.CharField("navigateur", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "signature"
        verbose_name_plural = "signatures"
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "role"],
                condition=Q(amendment__isnull=True) & Q(guardian__isnull=True),
                name="signature_party_once",
            ),
            models.UniqueConstraint(
                fields=["contract", "guardian"],
                condition=Q(amendment__isnull=True) & Q(guardian__isnull=False),
                name="signature_guardian_once",
            ),
            models.UniqueConstraint(
                fields=["amendment", "role"],
                condition=Q(amendment__isnull=False) & Q(guardian__isnull=True),
                name="signature_amendment_party_once",
            ),
            models.UniqueConstraint(
                fields=["amendment", "guardian"],
                condition=Q(amendment__isnull=False) & Q(guardian__isnull=False),
                name="signature_amendment_guardian_once",
            ),
            models.CheckConstraint(
                condition=Q(role=SignatoryRole.GUARDIAN, guardian__isnull=False)
                | (~Q(role=SignatoryRole.GUARDIAN) & Q(guardian__isnull=True)),
                name="signature_guardian_role",
            ),
        ]

    def __str__(self) -> str:
        return f"Signature ({self.get_role_display()}) du {self.signed_on:%d/%m/%Y}"


class ContractDocument(models.Model):
    """Each signed version as a PDF, with its SHA-256 so that any copy can be checked."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="documents", verbose_name="contrat"
    )
    amendment = models.ForeignKey(
        Amendment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="avenant",
    )
    version = models.PositiveSmallIntegerField("version")
    pdf = models.FileField("document PDF", upload_to="contracts/%Y/%m/")
    sha256 = models.CharField("empreinte SHA-256", max_length=64, db_index=True)
    created_at = models.DateTimeField("produit le", auto_now_add=True)

    class Meta:
        verbose_name = "version signée du contrat"
        verbose_name_plural = "versions signées des contrats"
        ordering = ["contract", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "version"], name="document_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} — version {self.version}"


class ContractUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Contract, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "droit d’un utilisateur sur un contrat"
        verbose_name_plural = "droits des utilisateurs sur les contrats"


class ContractGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Contract, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = "droit d’un groupe sur un contrat"
        verbose_name_plural = "droits des groupes sur les contrats"
