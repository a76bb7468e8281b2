"""A young person's case: identity, contact, last schooling; legal guardians."""

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from foquale.inputs import BoundedInputMixin, validate_french_phone
from foquale.ordering import natural_sorted
from foquale.submissions.forms import SubmissionTokenMixin
from foquale.validators import normalize_ine, normalize_uai, validate_uai
from foquale.versioning import VersionedFormMixin
from networks.models import Establishment, Network

from ..enums import ContactChannel, GuardianLink, Level, Origin, Sex, Step
from ..models import Guardian, Youth
from .fields import date_field, text_field


class YouthForm(BoundedInputMixin, DsfrBaseForm):
    """Identity, contact and last schooling. Never health, nationality, social or family
    situation (RGPD minimisation)."""

    last_name = forms.CharField(label="Nom", max_length=150)
    first_name = forms.CharField(label="Prénom", max_length=150)
    birth_date = date_field("Date de naissance")
    sex = forms.ChoiceField(
        label="Sexe", choices=[("", "Non renseigné"), *Sex.choices], required=False
    )
    ine = forms.CharField(
        label="INE",
        required=False,
        max_length=20,
        help_text="Identifiant national élève : 11 caractères, par exemple 1234567890A.",
    )
    address = text_field("Adresse postale", required=False, rows=2)
    phone = forms.CharField(
        label="Téléphone",
        max_length=30,
        required=False,
        validators=[validate_french_phone],
        help_text="Un numéro français : 06 12 34 56 78 ou +33 6 12 34 56 78.",
    )
    email = forms.EmailField(label="Adresse électronique", required=False)
    origin = forms.ChoiceField(label="Origine du contact", choices=Origin.choices)
    contacted_on = date_field("Date du contact")
    contact_channel = forms.ChoiceField(label="Moyen du contact", choices=ContactChannel.choices)
    last_uai = forms.CharField(
        label="Dernier établissement fréquenté (code UAI)",
        required=False,
        max_length=12,
        help_text="7 chiffres et une lettre, par exemple 0691234X.",
    )
    last_class = forms.CharField(label="Dernière classe", max_length=80, required=False)
    left_on = date_field("Date de sortie du système scolaire", required=False)
    highest_level = forms.ChoiceField(
        label="Plus haut diplôme ou niveau",
        choices=[("", "Non renseigné"), *Level.choices],
        required=False,
    )

    CONFIRM_LABEL = (
        "J’ai vérifié : il s’agit d’une autre personne, j’ouvre quand même un nouveau dossier"
    )

    def __init__(self, *args, youth: Youth | None = None, **kwargs):
        if youth is not None and "initial" not in kwargs:
            initial = {
                name: getattr(youth, name) for name in self.base_fields if hasattr(youth, name)
            }
            initial["last_uai"] = youth.last_establishment.uai if youth.last_establishment else ""
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        if self.data.get("confirm_duplicate"):
            self.ask_confirmation()

    def ask_confirmation(self) -> None:
        """Show the box that confirms a possible duplicate is another person (at creation,
        and when a correction gives the file another file's identity)."""
        if "confirm_duplicate" not in self.fields:
            self.fields["confirm_duplicate"] = forms.BooleanField(
                label=self.CONFIRM_LABEL, required=False
            )

    def clean_ine(self) -> str:
        return normalize_ine(self.cleaned_data["ine"])

    def clean_last_uai(self) -> Establishment | None:
        uai = normalize_uai(self.cleaned_data["last_uai"])
        if not uai:
            return None
        validate_uai(uai)
        establishment = Establishment.objects.filter(uai=uai).first()
        if establishment is None:
            raise ValidationError(
                f"Aucun établissement connu ne porte le code UAI {uai}. Vérifiez le code ou "
                "laissez le champ vide."
            )
        return establishment

    def youth_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["last_establishment"] = data.pop("last_uai")
        data.pop("placement", None)
        data.pop("confirm_duplicate", None)
        return data


class YouthUpdateForm(VersionedFormMixin, YouthForm):
    """The correction of a file: carries the version it was opened on."""

    CONFIRM_LABEL = (
        "J’ai vérifié : il s’agit d’une autre personne, j’enregistre quand même ces nom et "
        "date de naissance"
    )

    def __init__(self, *args, youth: Youth, **kwargs):
        super().__init__(*args, youth=youth, version=youth.version, **kwargs)
        if youth.step == Step.TO_CONTACT:
            # Not reached yet: the first contact is recorded on its own page.
            del self.fields["contacted_on"]
            del self.fields["contact_channel"]


class FirstContactForm(BoundedInputMixin, DsfrBaseForm):
    """The young person « à contacter » is reached: this ends the first-interview clock."""

    contacted_on = date_field("Date du premier contact")
    contact_channel = forms.ChoiceField(label="Moyen du contact", choices=ContactChannel.choices)


class YouthCreateForm(SubmissionTokenMixin, YouthForm):
    placement = forms.ChoiceField(label="Établissement du référent et réseau")

    field_order = ["placement"]

    def __init__(self, *args, placements: dict[Establishment, list[Network]], **kwargs):
        super().__init__(*args, **kwargs)
        self._placements = {
            f"{establishment.pk}-{network.pk}": (establishment, network)
            for establishment, networks in natural_sorted(
                placements.items(), lambda item: item[0].name
            )
            for network in natural_sorted(networks)
        }
        self.fields["placement"].choices = [
            (key, f"{establishment.name} — {network.name}")
            for key, (establishment, network) in self._placements.items()
        ]

    def clean_placement(self) -> tuple[Establishment, Network]:
        return self._placements[self.cleaned_data["placement"]]


class GuardianFieldsForm(BoundedInputMixin, DsfrBaseForm):
    last_name = forms.CharField(label="Nom", max_length=150)
    first_name = forms.CharField(label="Prénom", max_length=150)
    link = forms.ChoiceField(label="Lien avec le jeune", choices=GuardianLink.choices)
    phone = forms.CharField(
        label="Téléphone",
        max_length=30,
        required=False,
        validators=[validate_french_phone],
        help_text="Un numéro français : 06 12 34 56 78 ou +33 6 12 34 56 78.",
    )
    email = forms.EmailField(
        label="Adresse électronique",
        required=False,
        help_text="Le contrat signé y sera envoyé tant que le jeune est mineur.",
    )
    address = text_field("Adresse postale", required=False, rows=2)


class GuardianForm(SubmissionTokenMixin, GuardianFieldsForm):
    """Adds a guardian: a token, so that a second click adds nobody."""


class GuardianUpdateForm(VersionedFormMixin, GuardianFieldsForm):
    """Corrects a guardian: carries the version it was opened on."""

    def __init__(self, *args, guardian: Guardian, **kwargs):
        kwargs.setdefault("initial", {name: getattr(guardian, name) for name in self.base_fields})
        super().__init__(*args, version=guardian.version, **kwargs)
