import hashlib
import secrets

from django.db import models
from django.utils import timezone


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FamilyLinkQuerySet(models.QuerySet):
    def valid(self) -> "FamilyLinkQuerySet":
        return self.filter(expires_at__gt=timezone.now(), revoked_at__isnull=True)

    def for_token(self, token: str) -> "FamilyLinkQuerySet":
        return self.filter(token_hash=hash_token(token))


class FamilyLink(models.Model):
    """A link that opens one signed document without an account, until it expires.

    Why a row with a hashed random token rather than a `TimestampSigner` signature: a row
    can be cut at once (delete it in the administration) when an address was wrong, each
    link keeps the lifetime it was sent with even if FAMILY_LINK_DAYS changes, a rotated
    SECRET_KEY does not silently break links already in the families' mailboxes, and we
    can tell the référent whether the family opened it. Only the SHA-256 of the 256-bit
    token is stored here, and an altered token matches no row. The clear link lives only in
    the e-mail itself (the outbox keeps the sent message like any other).
    """

    document = models.ForeignKey(
        "contracts.ContractDocument",
        on_delete=models.CASCADE,
        related_name="family_links",
        verbose_name="version du contrat",
    )
    # Empty for the young person, else the legal guardian the link was sent to.
    guardian = models.ForeignKey(
        "contracts.Guardian",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="family_links",
        verbose_name="représentant légal destinataire",
    )
    token_hash = models.CharField("empreinte du jeton", max_length=64, unique=True)
    expires_at = models.DateTimeField("expire le")
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    # Sending a document again revokes the links sent before: one valid link per send.
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    open_count = models.PositiveIntegerField("ouvertures", default=0)
    last_opened_at = models.DateTimeField("dernière ouverture", null=True, blank=True)

    objects = FamilyLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "lien d’accès de la famille"
        verbose_name_plural = "liens d’accès des familles"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Lien vers {self.document} (expire le {self.expires_at:%d/%m/%Y})"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
