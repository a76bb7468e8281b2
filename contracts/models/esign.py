"""Online signature: a personal invitation per party, and the proof kept with a signature."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..enums import SignatoryRole
from .family import hash_token

# Wrong codes before the link is locked (the référent sends a new invitation).
CODE_MAX_ATTEMPTS = 5
# Codes one invitation may ask for: a flood of mails to one address is refused.
CODE_MAX_SENDS = 10


def hash_code(invitation_pk: int, code: str) -> str:
    """A code is 6 digits: salted with the site's secret and the invitation, so that the
    million codes cannot be read back from a copy of the table."""
    return salted_hmac(
        "foquale.esign.code", f"{invitation_pk}:{code}", algorithm="sha256"
    ).hexdigest()


class SigningInvitationQuerySet(models.QuerySet):
    def pending(self) -> "SigningInvitationQuerySet":
        """Still waiting for the party: not signed, declined, withdrawn, locked nor expired."""
        return self.filter(
            used_at__isnull=True,
            revoked_at__isnull=True,
            declined_at__isnull=True,
            locked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )

    def for_token(self, token: str) -> "SigningInvitationQuerySet":
        return self.filter(token_hash=hash_token(token))


class SigningInvitation(models.Model):
    """The référent's choice of « signature en ligne » for one party of a contract (or of an
    amendment): a personal link mailed to that party, single use, hashed at rest."""

    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name="contrat",
    )
    amendment = models.ForeignKey(
        "contracts.Amendment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name="avenant",
    )
    role = models.CharField("partie", max_length=20, choices=SignatoryRole.choices)
    guardian = models.ForeignKey(
        "contracts.Guardian",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name="représentant légal",
    )
    email = models.EmailField("adresse électronique de l’invitation")
    terms_sha256 = models.CharField("empreinte SHA-256 du texte à signer", max_length=64)
    token_hash = models.CharField("empreinte du jeton", max_length=64, unique=True)
    expires_at = models.DateTimeField("expire le")
    created_at = models.DateTimeField("envoyée le", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="envoyée par",
    )
    # 0, then 1 after the reminder of day 3 and 2 after that of day 7: the conditional
    # update on this counter keeps the daily task from sending one twice.
    reminders_sent = models.PositiveSmallIntegerField("relances envoyées", default=0)
    code_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    code_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    codes_sent = models.PositiveSmallIntegerField("codes envoyés", default=0)
    failed_attempts = models.PositiveSmallIntegerField("codes erronés", default=0)
    locked_at = models.DateTimeField("verrouillée le", null=True, blank=True)
    used_at = models.DateTimeField("signée le", null=True, blank=True)
    declined_at = models.DateTimeField("refusée le", null=True, blank=True)
    decline_reason = models.TextField("motif du refus", blank=True)
    revoked_at = models.DateTimeField("retirée le", null=True, blank=True)

    objects = SigningInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation à signer en ligne"
        verbose_name_plural = "invitations à signer en ligne"
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live invitation per party: a new one withdraws the former first.
            models.UniqueConstraint(
                fields=["contract", "role"],
                condition=Q(amendment__isnull=True, guardian__isnull=True, revoked_at__isnull=True),
                name="invitation_party_live_once",
            ),
            models.UniqueConstraint(
                fields=["contract", "guardian"],
                condition=Q(
                    amendment__isnull=True, guardian__isnull=False, revoked_at__isnull=True
                ),
                name="invitation_guardian_live_once",
            ),
            models.UniqueConstraint(
                fields=["amendment", "role"],
                condition=Q(
                    amendment__isnull=False, guardian__isnull=True, revoked_at__isnull=True
                ),
                name="invitation_amendment_party_live_once",
            ),
            models.UniqueConstraint(
                fields=["amendment", "guardian"],
                condition=Q(
                    amendment__isnull=False, guardian__isnull=False, revoked_at__isnull=True
                ),
                name="invitation_amendment_guardian_live_once",
            ),
            models.CheckConstraint(
                condition=Q(role=SignatoryRole.GUARDIAN, guardian__isnull=False)
                | (~Q(role=SignatoryRole.GUARDIAN) & Q(guardian__isnull=True)),
                name="invitation_guardian_role",
            ),
            # The tutor signs logged in: never through a link.
            models.CheckConstraint(
                condition=~Q(role=SignatoryRole.TUTOR), name="invitation_not_tutor"
            ),
        ]
        indexes = [
            models.Index(fields=["reminders_sent", "created_at"], name="invitation_reminders"),
        ]

    def __str__(self) -> str:
        return f"Invitation à signer le {self.contract} ({self.get_role_display()})"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def new_code() -> str:
        return f"{secrets.randbelow(10**6):06d}"

    @property
    def party_key(self) -> str:
        return f"guardian-{self.guardian_id}" if self.guardian_id else self.role

    @property
    def is_pending(self) -> bool:
        return (
            self.used_at is None
            and self.revoked_at is None
            and self.declined_at is None
            and self.locked_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def status_label(self) -> str:
        if self.used_at:
            return "signée en ligne"
        if self.revoked_at:
            return "retirée"
        if self.declined_at:
            return "refusée"
        if self.locked_at:
            return "verrouillée (codes erronés)"
        if self.expires_at <= timezone.now():
            return "expirée"
        return "en attente"
