import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from foquale.inputs import add_years, name_key
from foquale.validators import normalize_ine, validate_ine
from foquale.versioning import Versioned

from ..enums import (
    COMPLETED_OUTCOMES,
    ContactChannel,
    ExitReason,
    GuardianLink,
    Level,
    Origin,
    Outcome,
    Sex,
    Step,
)

# Réseaux FOQUALE take back young people of school-leaving age; outside this range at the
# first contact, the birth date is almost certainly mistyped.
MIN_AGE_AT_CONTACT = 13
MAX_AGE_AT_CONTACT = 26
# Nobody leaves school before this age: an earlier date is a typing error.
MIN_AGE_LEAVING_SCHOOL = 10
AGE_OF_MAJORITY = 18


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class YouthQuerySet(models.QuerySet):
    def in_step(self, *steps: str) -> "YouthQuerySet":
        return self.filter(step__in=steps)


class Youth(Versioned):
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
    # The names without accents, case or punctuation (`name_key`), written by the services:
    # the case list sorts in French order and search finds « Bègue » from « begue », on
    # SQLite and PostgreSQL alike, from an index.
    last_name_key = models.CharField("nom (clé de tri)", max_length=150, default="", editable=False)
    first_name_key = models.CharField(
        "prénom (clé de tri)", max_length=150, default="", editable=False
    )
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
    # The day the network received the young person: shared out from a platform's list,
    # or the day the file was opened by hand. The 15-day clock of the first interview
    # starts here.
    received_on = models.DateField("reçu le", default=timezone.localdate)
    # Empty only while the young person is « à contacter ».
    contacted_on = models.DateField("date du contact", null=True, blank=True)
    contact_channel = models.CharField(
        "moyen du contact", max_length=20, choices=ContactChannel.choices, blank=True
    )
    exited_on = models.DateField("date de sortie de parcours", null=True, blank=True)
    outcome = models.CharField(
        "issue du parcours", max_length=30, choices=Outcome.choices, blank=True
    )
    exit_reason_code = models.CharField(
        "motif de la sortie anticipée", max_length=20, choices=ExitReason.choices, blank=True
    )
    # Free text, kept in the young person's file only: never shown on an aggregate page.
    exit_reason = models.TextField("précisions sur la sortie", blank=True)
    anonymised_on = models.DateField(
        "données personnelles effacées le", null=True, blank=True, editable=False
    )
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
        ordering = ["last_name_key", "first_name_key"]
        indexes = [
            models.Index(fields=["network", "step"], name="youth_network_step"),
            models.Index(fields=["establishment", "step"], name="youth_establishment_step"),
            models.Index(fields=["network", "contacted_on"], name="youth_network_contacted"),
            models.Index(fields=["step", "received_on"], name="youth_step_received"),
            # The case list of a network, in its order: a page is read from the index
            # instead of sorting every case of the network.
            models.Index(
                fields=["network", "last_name_key", "first_name_key", "id"],
                name="youth_network_name_key",
            ),
            # Duplicates: the same names and birth date anywhere in the académie.
            models.Index(
                fields=["last_name_key", "first_name_key", "birth_date"], name="youth_identity"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ine"],
                condition=~Q(ine=""),
                name="youth_ine_unique",
                violation_error_message="Un jeune avec cet INE est déjà suivi.",
            ),
            models.CheckConstraint(
                condition=Q(step=Step.TO_CONTACT)
                | (Q(contacted_on__isnull=False) & ~Q(contact_channel="")),
                name="youth_contacted_past_to_contact",
                violation_error_message="Indiquez la date et le moyen du premier contact.",
            ),
            models.CheckConstraint(
                condition=~Q(step=Step.EXITED) | Q(exited_on__isnull=False),
                name="youth_exit_has_date",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__lt=F("contacted_on")),
                name="youth_born_before_contact",
                violation_error_message="La date de naissance doit précéder la date du contact.",
            ),
            models.CheckConstraint(
                condition=~Q(step=Step.EXITED)
                | Q(outcome__in=[o.value for o in COMPLETED_OUTCOMES])
                | ~Q(exit_reason_code=""),
                name="youth_early_exit_has_reason",
                violation_error_message="Indiquez le motif de la sortie anticipée.",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__lte=F("contacted_on")),
                name="youth_left_school_before_contact",
                violation_error_message="La sortie du système scolaire doit précéder le contact.",
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(exited_on__gte=F("contacted_on")),
                name="youth_exit_after_contact",
                violation_error_message="La sortie de parcours ne peut précéder le contact.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:youth_detail", args=[self.pk])

    def set_name_keys(self) -> None:
        self.last_name_key = name_key(self.last_name)
        self.first_name_key = name_key(self.first_name)

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    def is_minor_on(self, day: dt.date) -> bool:
        return self.age_on(day) < AGE_OF_MAJORITY

    def clean(self) -> None:
        self.ine = normalize_ine(self.ine)
        today = timezone.localdate()
        errors: dict[str, str] = {}
        if self.birth_date and self.birth_date > today:
            errors["birth_date"] = "La date de naissance ne peut pas être dans le futur."
        if self.contacted_on and self.contacted_on > today:
            errors["contacted_on"] = "La date du contact ne peut pas être dans le futur."
        if self.left_on and self.left_on > today:
            errors["left_on"] = (
                "La date de sortie du système scolaire ne peut pas être dans le futur."
            )
        oldest_contact = add_years(today, -settings.DATA_RETENTION_YEARS)
        if self.contacted_on and self.contacted_on < oldest_contact:
            errors["contacted_on"] = (
                f"La date du contact ne peut précéder le {oldest_contact:%d/%m/%Y} : les "
                f"données ne sont conservées que {settings.DATA_RETENTION_YEARS} ans."
            )
        # Before the first contact (« à contacter »), the day received stands for it.
        contact_or_received = self.contacted_on or self.received_on
        if "birth_date" not in errors and self.birth_date and contact_or_received:
            age = self.age_on(contact_or_received)
            if self.birth_date >= contact_or_received:
                errors["birth_date"] = "La date de naissance doit précéder la date du contact."
            elif not MIN_AGE_AT_CONTACT <= age <= MAX_AGE_AT_CONTACT:
                errors["birth_date"] = (
                    f"Âge improbable : {age} ans à la date du contact. Les réseaux FOQUALE "
                    f"accompagnent des jeunes de {MIN_AGE_AT_CONTACT} à {MAX_AGE_AT_CONTACT} "
                    "ans ; vérifiez la date de naissance."
                )
        if "left_on" not in errors and self.left_on:
            errors.update(self._left_on_errors())
        if errors:
            raise ValidationError(errors)

    def _left_on_errors(self) -> dict[str, str]:
        """Leaving school comes before the first contact, and not in early childhood."""
        if self.contacted_on and self.left_on > self.contacted_on:
            return {
                "left_on": "La sortie du système scolaire doit précéder le contact "
                f"({self.contacted_on:%d/%m/%Y})."
            }
        if self.birth_date and self.age_on(self.left_on) < MIN_AGE_LEAVING_SCHOOL:
            return {
                "left_on": "La date de sortie du système scolaire est improbable : le jeune "
                f"aurait eu moins de {MIN_AGE_LEAVING_SCHOOL} ans."
            }
        return {}


class Guardian(Versioned):
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
