"""Forms of the path. They validate input; the services check the business rules."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from dsfr.forms import DsfrBaseForm
from dsfr.templatetags.dsfr_tags import dsfr_mark_optionnal_fields

from foquale.accounts.models import User
from foquale.schoolyear import school_year_bounds, school_year_choices
from foquale.validators import normalize_ine, normalize_uai, validate_uai
from networks.models import Establishment, Network, Solution

from .enums import (
    ContactChannel,
    GuardianLink,
    Level,
    Origin,
    Outcome,
    ProposalDecision,
    ProposalKind,
    Sex,
    SignatureMode,
    Step,
)
from .models import Contract, Youth
from .signing import Party


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput, help_text=help_text)


def text_field(label: str, required: bool = True, rows: int = 4, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class YouthForm(DsfrBaseForm):
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
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
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

    def __init__(self, *args, youth: Youth | None = None, **kwargs):
        if youth is not None and "initial" not in kwargs:
            initial = {
                name: getattr(youth, name) for name in self.base_fields if hasattr(youth, name)
            }
            initial["last_uai"] = youth.last_establishment.uai if youth.last_establishment else ""
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

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
        return data


class YouthCreateForm(YouthForm):
    placement = forms.ChoiceField(label="Établissement du référent et réseau")

    field_order = ["placement"]

    def __init__(self, *args, placements: dict[Establishment, list[Network]], **kwargs):
        super().__init__(*args, **kwargs)
        self._placements = {
            f"{establishment.pk}-{network.pk}": (establishment, network)
            for establishment, networks in placements.items()
            for network in networks
        }
        self.fields["placement"].choices = [
            (key, f"{establishment.name} — {network.name}")
            for key, (establishment, network) in self._placements.items()
        ]

    def clean_placement(self) -> tuple[Establishment, Network]:
        return self._placements[self.cleaned_data["placement"]]


class GuardianForm(DsfrBaseForm):
    last_name = forms.CharField(label="Nom", max_length=150)
    first_name = forms.CharField(label="Prénom", max_length=150)
    link = forms.ChoiceField(label="Lien avec le jeune", choices=GuardianLink.choices)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    email = forms.EmailField(
        label="Adresse électronique",
        required=False,
        help_text="Le contrat signé y sera envoyé tant que le jeune est mineur.",
    )
    address = text_field("Adresse postale", required=False, rows=2)


class AssessmentForm(DsfrBaseForm):
    assessor = UserChoiceField(
        label="Bilan conduit par", queryset=User.objects.none(), empty_label=None
    )
    held_on = date_field("Date du bilan")
    findings = text_field("Constats")
    wishes = text_field("Souhaits du jeune", required=False, rows=3)
    level = forms.ChoiceField(
        label="Niveau", choices=[("", "Non renseigné"), *Level.choices], required=False
    )

    def __init__(self, *args, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = assessors


class SolutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Solution) -> str:
        places = "complète" if obj.is_full else f"{obj.places_free} place(s) libre(s)"
        where = "" if getattr(obj, "is_own", True) else f", {obj.network.name}"
        return f"{obj.title} ({places}{where})"


class ProposalForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Type de proposition", choices=ProposalKind.choices)
    solution = SolutionChoiceField(
        label="Solution du catalogue (réseau du jeune, puis réseaux voisins)",
        queryset=Solution.objects.none(),
        required=False,
        empty_label="Aucune : formation décrite ci-dessous",
    )
    target = forms.CharField(
        label="Formation ou structure visée",
        max_length=200,
        required=False,
        help_text="À préciser si aucune solution du catalogue ne convient.",
    )
    proposed_on = date_field("Proposée le")

    def __init__(self, *args, solutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solution"].queryset = solutions


class ProposalDecisionForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label="Réponse du jeune",
        choices=[
            (ProposalDecision.ACCEPTED, "Le jeune accepte la proposition"),
            (ProposalDecision.REFUSED, "Le jeune refuse la proposition"),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = date_field("Date de la réponse")
    refusal_reason = text_field("Motif du refus", required=False, rows=3)


def override_capacity_field() -> forms.BooleanField:
    """The network lead's explicit choice to take a young person beyond the places."""
    return forms.BooleanField(
        label="En tant que responsable du réseau, j’accepte ce jeune au-delà des places "
        "prévues de la solution",
        required=False,
    )


class ContractForm(DsfrBaseForm):
    tutor = UserChoiceField(label="Tuteur", queryset=User.objects.none())
    starts_on = date_field("Début du parcours")
    ends_on = date_field("Fin prévue du parcours")
    review_every_weeks = forms.IntegerField(
        label="Rythme des bilans de situation (en semaines)", min_value=1, max_value=26
    )
    meaning = text_field("Sens du parcours et objectifs")
    schedule = text_field("Organisation et emploi du temps", required=False, rows=3)
    youth_commitments = text_field("Engagements du jeune", required=False, rows=3)
    family_commitments = text_field("Engagements de la famille", required=False, rows=3)
    tutor_commitments = text_field("Engagements du tuteur", required=False, rows=3)

    def __init__(self, *args, tutors, show_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tutor"].queryset = tutors
        self.fields["tutor"].help_text = (
            "Un personnel de l’Éducation nationale membre de l’équipe éducative d’un "
            "établissement du réseau."
        )
        if show_override:
            self.fields["override_capacity"] = override_capacity_field()

    def clean(self) -> dict:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", "La fin du parcours doit suivre son début.")
        return data


class SignatureForm(DsfrBaseForm):
    party = forms.ChoiceField(label="Signataire")
    signed_on = date_field("Date de signature")
    mode = forms.ChoiceField(label="Mode de signature", choices=SignatureMode.choices)

    def __init__(self, *args, parties: list[Party], show_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._parties = {party.key: party for party in parties}
        self.fields["party"].choices = [
            (party.key, f"{party.name} — {party.label}") for party in parties
        ]
        self.fields["signed_on"].initial = timezone.localdate()
        if show_override:
            self.fields["override_capacity"] = override_capacity_field()

    def clean_party(self) -> Party:
        return self._parties[self.cleaned_data["party"]]


class AmendmentForm(DsfrBaseForm):
    changes = text_field("Ce que l’avenant modifie")
    new_ends_on = date_field("Nouvelle fin du parcours", required=False)
    new_review_every_weeks = forms.IntegerField(
        label="Nouveau rythme des bilans (en semaines)",
        min_value=1,
        max_value=26,
        required=False,
    )


class ExitForm(DsfrBaseForm):
    outcome = forms.ChoiceField(label="Issue du parcours", choices=Outcome.choices)
    exited_on = date_field("Date de sortie")
    exit_reason = text_field(
        "Motif",
        required=False,
        rows=3,
        help_text="Obligatoire si le parcours s’interrompt avant son terme.",
    )


FLAT_SELECT_TEMPLATE = "contracts/widgets/select.html"


class ListedChoiceIterator(ModelChoiceIterator):
    """The choices read by one plain query, kept for the request. Django's own iterator
    streams them through a server-side cursor on PostgreSQL: three round trips each time
    the widget is drawn, for a list of a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ListedChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class ListedUserChoiceField(ListedChoiceField, UserChoiceField):
    pass


class YouthFilterForm(DsfrBaseForm):
    q = forms.CharField(label="Nom ou INE", required=False, max_length=100)
    step = forms.ChoiceField(label="Étape", choices=[("", "Toutes"), *Step.choices], required=False)
    establishment = ListedChoiceField(
        label="Établissement",
        queryset=Establishment.objects.none(),
        required=False,
        empty_label="Tous",
    )
    tutor = ListedUserChoiceField(
        label="Tuteur", queryset=User.objects.none(), required=False, empty_label="Tous"
    )
    school_year = forms.TypedChoiceField(
        label="Année scolaire du contact", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, establishments, tutors, listed=None, **kwargs):
        """`establishments` and `tutors`: functions giving the querysets that check a value
        sent and draw the options, built only when needed (building them costs more than
        the rest of the form). `listed`: {field name: rows}, the options `plain_fields`
        draws instead of reading the field's queryset."""
        super().__init__(*args, **kwargs)
        self.scoped = {"establishment": establishments, "tutor": tutors}
        self.listed = listed or {}
        self.fields["school_year"].choices = [("", "Toutes"), *school_year_choices()]
        # A network's tutors run to hundreds of options: one loop, not one include each.
        for name in ("step", "establishment", "tutor", "school_year"):
            self.fields[name].widget.template_name = FLAT_SELECT_TEMPLATE

    def _read_scoped(self, names) -> None:
        for name in names:
            if self.fields[name].queryset.query.is_empty():
                self.fields[name].queryset = self.scoped[name]()

    def full_clean(self):
        # An empty value is never looked up: only a value sent needs its queryset.
        if self.is_bound:
            self._read_scoped(n for n in self.scoped if self.data.get(self.add_prefix(n)))
        super().full_clean()

    def plain_fields(self) -> list[dict] | None:
        """The filters as the list draws them without the form machinery (the DSFR field
        group templates cost more than the rest of the page): label, id and either the
        text value or the options as HTML. None when the form shows errors: the template
        then renders the field groups, with their error messages."""
        if self.is_bound and self.errors:
            self._read_scoped(self.scoped)
            return None
        self._read_scoped(n for n in self.scoped if n not in self.listed)
        fields = []
        for bound in self:
            value = bound.value()
            field = {
                "name": bound.html_name,
                "id": bound.id_for_label,
                "label": bound.label,
                "mark": dsfr_mark_optionnal_fields(bound),
            }
            if isinstance(bound.field, forms.ChoiceField):
                chosen = "" if value is None else str(value)
                choices = bound.field.choices
                if bound.name in self.listed:
                    label_of = bound.field.label_from_instance
                    choices = [
                        ("", bound.field.empty_label),
                        *((obj.pk, label_of(obj)) for obj in self.listed[bound.name]),
                    ]
                field["options"] = format_html_join(
                    "",
                    '\n  <option value="{}"{}>{}</option>',
                    (
                        (key, mark_safe(" selected") if key == chosen else "", label)
                        for key, label in ((str(k), lbl) for k, lbl in choices)
                    ),
                )
            else:
                field["value"] = value or ""
                field["max_length"] = bound.field.max_length
            fields.append(field)
        return fields

    def filter(self, youths):
        if not self.is_valid():
            return youths
        data = self.cleaned_data
        if data["q"]:
            for word in data["q"].split():
                ine = normalize_ine(word)
                youths = youths.filter(
                    Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(ine=ine)
                )
        if data["step"]:
            youths = youths.filter(step=data["step"])
        if data["establishment"]:
            youths = youths.filter(establishment=data["establishment"])
        if data["tutor"]:
            youths = youths.filter(
                pk__in=Contract.objects.filter(tutor=data["tutor"]).values("youth_id")
            )
        if data["school_year"]:
            first, last = school_year_bounds(data["school_year"])
            youths = youths.filter(contacted_on__range=(first, last))
        return youths


def default_terms(proposal, today: dt.date) -> dict:
    """Sensible first values for a new contract, to be adapted with the young person."""
    solution = proposal.solution
    what = solution.title if solution else proposal.target
    ends_on = (
        solution.ends_on if solution and solution.ends_on and solution.ends_on > today else None
    )
    if ends_on is None:
        year_end = dt.date(today.year if today.month < 7 else today.year + 1, 6, 30)
        ends_on = (
            year_end if (year_end - today).days >= 60 else year_end.replace(year=year_end.year + 1)
        )
    return {
        "starts_on": today,
        "ends_on": ends_on,
        "review_every_weeks": 4,
        "meaning": f"Retour en formation : {what}. Le parcours vise une qualification "
        "reconnue et la construction d’un projet professionnel.",
        "youth_commitments": "Suivre la formation avec assiduité, prévenir en cas d’absence et "
        "participer à chaque bilan de situation.",
        "family_commitments": "Soutenir le jeune dans son parcours et rester en lien avec le "
        "tuteur.",
        "tutor_commitments": "Accompagner le jeune pendant tout le parcours, conduire les "
        "bilans de situation au rythme prévu et alerter le référent en cas de difficulté.",
    }
