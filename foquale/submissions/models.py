from django.conf import settings
from django.db import models


class Submission(models.Model):
    """One rendered form, sent once: its token is unique, so a second click on the same
    form (or the same form sent twice at once) finds the first result instead of writing
    again. Holds no personal data: who, when, and the page of what was created."""

    token = models.UUIDField("jeton du formulaire", unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="par"
    )
    url = models.CharField("page du résultat", max_length=300, blank=True)
    created_at = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "envoi de formulaire"
        verbose_name_plural = "envois de formulaires"
        indexes = [models.Index(fields=["created_at"], name="submission_created")]

    def __str__(self) -> str:
        return str(self.token)
