from django.db import models


class EmailStatus(models.TextChoices):
    PENDING = "pending", "À envoyer"
    SENDING = "sending", "En cours d’envoi"
    SENT = "sent", "Envoyé"
    FAILED = "failed", "Échec définitif"


# What stays of a body that held a secret once the message has left.
SECRET_BODY_ERASED = "(Contenu effacé dès l’envoi : il contenait un lien d’accès personnel.)"


class OutboxEmail(models.Model):
    """Every e-mail is stored here before it is sent: a crash loses nothing, and an
    administrator sees what left and what failed."""

    kind = models.CharField("type", max_length=60)
    # A unique key makes an enqueue idempotent (e.g. "reminder:<id>"); empty when not needed.
    dedupe_key = models.CharField("clé d’unicité", max_length=120, blank=True)
    to = models.JSONField("destinataires")
    subject = models.CharField("objet", max_length=250)
    body_text = models.TextField("texte")
    body_html = models.TextField("HTML", blank=True)
    attachment = models.FileField("pièce jointe", upload_to="outbox/%Y/%m/", blank=True)
    attachment_name = models.CharField("nom de la pièce jointe", max_length=120, blank=True)
    # The body holds a secret (a personal link): it is emptied as soon as the message left.
    secret_body = models.BooleanField("contenu effacé dès l’envoi", default=False)
    status = models.CharField(
        "statut", max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    last_error = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_attempt_at = models.DateTimeField("dernière tentative", null=True, blank=True)
    # After a failed attempt: not tried again before (the retry schedule of the services).
    next_attempt_at = models.DateTimeField("prochaine tentative", null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "courriel"
        verbose_name_plural = "courriels (boîte d’envoi)"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="outbox_dedupe_key_unique",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_created")]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_status_display()})"
