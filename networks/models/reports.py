"""The network's yearly activity report and the shared practices (expériences réussies)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from foquale.schoolyear import school_year_label
from foquale.versioning import Versioned


class ActivityReport(Versioned):
    """The bilan d'activité is computed on demand; this row keeps the committee's own
    synthesis and the trace of each sending (the PDF that left and its fingerprint)."""

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="activity_reports",
        verbose_name="réseau",
    )
    school_year = models.PositiveSmallIntegerField("année scolaire")
    summary = models.TextField("synthèse et perspectives", blank=True)
    pdf = models.FileField("dernier PDF envoyé", upload_to="activity-reports/%Y/", blank=True)
    sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    sent_to = models.JSONField("destinataires", default=list, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="envoyé par",
    )
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "bilan d’activité"
        verbose_name_plural = "bilans d’activité"
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "school_year"], name="activity_report_once_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"Bilan d’activité {school_year_label(self.school_year)} — {self.network}"


class PracticeQuerySet(models.QuerySet):
    def published(self) -> "PracticeQuerySet":
        return self.filter(is_published=True)

    def search(self, text: str) -> "PracticeQuerySet":
        for word in text.split():
            self = self.filter(
                Q(title__icontains=word)
                | Q(context__icontains=word)
                | Q(actions__icontains=word)
                | Q(results__icontains=word)
                | Q(network__name__icontains=word)
            )
        return self


class Practice(Versioned):
    """A successful practice a network shares with the other networks of its académie."""

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="practices",
        verbose_name="réseau",
    )
    title = models.CharField("titre", max_length=200)
    context = models.TextField("contexte")
    actions = models.TextField("ce qui a été fait")
    results = models.TextField("résultats")
    contact = models.CharField("contact", max_length=200)
    is_published = models.BooleanField("publiée", default=False)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rédigée par",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = "expérience réussie"
        verbose_name_plural = "expériences réussies"
        ordering = ["-published_at", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title
