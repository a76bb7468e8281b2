from django.conf import settings
from django.db import models
from django.db.models import Q

from foquale.validators import validate_ine

from ..enums import ContactChannel, GuardianLink, Level, Origin, Outcome, Sex, Step


class YouthQuerySet(models.QuerySet):
    def in_step(self, *steps: str) -> "YouthQuerySet":
        return self.filter(step__in=steps)


class Youth(models.Model):
    """A young person followed by a network. Only what the path needs (RGPD minimisation):
    never health, nationality, social or family situation."""

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.PROTECT,
        related_name="youths",
        verbose_name="réseau",
    )
    establishment = models.ForeignKey(
        "networks.Establishment",
        on_delete=models.PROTECT,
        related_name="followed_youths",
        verbose_name="établissement du référent",
    )
    last_name = models.CharField("nom", max_length=150)
    first_name = models.CharField("prénom", max_length=150)
    birth_date = models.DateField("date de naissance")
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, blank=True)
    ine = models.CharField(
        "INE",
        max_length=11,
        blank=True,
        validators=[validate_ine],
        help_text="Identifiant national élève : 11 caractères.",
    )
    address = models.TextField("adresse", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    origin = models.CharField("origine du contact", max_length=20, choices=Origin.choices)
    last_establishment = models.ForeignKey(
        "networks.Establishment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dernier établissement fréquenté",
    )
    last_class = models.CharField("dernière classe", max_length=80, blank=True)
    left_on = models.DateField("date de sortie", null=True, blank=True)
    highest_level = models.CharField(
        "plus haut diplôme ou niveau", max_length=20, choices=Level.choices, blank=True
    )
    step = models.CharField(
        "étape", max_length=20, choices=Step.choices, default=Step.CONTACT, db_index=True
    )
    contacted_on = models.DateField("date du contact")
    contact_channel = models.CharField(
        "moyen du contact", max_length=20, choices=ContactChannel.choices
    )
    exited_on = models.DateField("date de sortie de parcours", null=True, blank=True)
    outcome = models.CharField(
        "issue du parcours", max_length=30, choices=Outcome.choices, blank=True
    )
    exit_reason = models.TextField("motif de sortie", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="créé par",
    )

    objects = YouthQuerySet.as_manager()

    class Meta:
        verbose_name = "jeune"
        verbose_name_plural = "jeunes"
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["network", "step"], name="youth_network_step"),
            models.Index(fields=["establishment", "step"], name="youth_establishment_step"),
            models.Index(fields=["network", "contacted_on"], name="youth_network_contacted"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ine"],
                condition=~Q(ine=""),
                name="youth_ine_unique",
                violation_error_message="Un jeune avec cet INE est déjà suivi.",
            ),
            models.CheckConstraint(
                condition=~Q(step=Step.EXITED) | Q(exited_on__isnull=False),
                name="youth_exit_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}"


class Guardian(models.Model):
    youth = models.ForeignKey(
        Youth, on_delete=models.CASCADE, related_name="guardians", verbose_name="jeune"
    )
    last_name = models.CharField("nom", max_length=150)
    first_name = models.CharField("prénom", max_length=150)
    link = models.CharField("lien avec le jeune", max_length=20, choices=GuardianLink.choices)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    address = models.TextField("adresse", blank=True)

    class Meta:
        verbose_name = "représentant légal"
        verbose_name_plural = "représentants légaux"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name.upper()} ({self.get_link_display()})"
