import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from foquale.inputs import BoundedInputMixin, mark_conditional
from foquale.ordering import sort_naturally
from foquale.submissions.forms import SubmissionTokenMixin
from foquale.versioning import VersionedFormMixin
from networks.models import (
    Action,
    Establishment,
    EvaluationDecision,
    Network,
    Objective,
    Practice,
    Solution,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ENTRY_DATE_SEPARATORS = re.compile(r"[\s,;]+")


def parse_entry_dates(text: str) -> tuple[list[dt.date], list[str]]:
    """Dates written jj/mm/aaaa (or aaaa-mm-jj), separated by line breaks, commas or
    spaces. Returns the sorted distinct dates and a French message per unreadable one."""
    dates: set[dt.date] = set()
    errors: list[str] = []
    for token in ENTRY_DATE_SEPARATORS.split(text.strip()):
        if not token:
            continue
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                dates.add(dt.datetime.strptime(token, pattern).date())
                break
            except ValueError:
                continue
        else:
            errors.append(f"« {token} » n’est pas une date valide : écrivez-la jj/mm/aaaa.")
    return sorted(dates), errors


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it,
    above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields else None
        for message in errors:
            form.add_error(target, message)


class SolutionForm(
    VersionedFormMixin, SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm, forms.ModelForm
):
    entry_dates = forms.CharField(
        label="Dates d’entrée",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une date par ligne, au format jj/mm/aaaa, comprise dans la période. "
        "Laissez vide pour des entrées tout au long de la période.",
    )

    class Meta:
        model = Solution
        fields = [
            "title",
            "kind",
            "host",
            "partner",
            "audience",
            "places",
            "starts_on",
            "ends_on",
            "entry_dates",
            "contact",
            "description",
            "status",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "audience": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "partner": "Pour une solution hors Éducation nationale : la structure partenaire.",
            "contact": "Personne ou service à contacter : nom, téléphone ou adresse électronique.",
        }

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.instance.network = network
        host = self.fields["host"]
        sort_naturally(host).queryset = Establishment.objects.filter(academy_id=network.academy_id)
        host.error_messages["invalid_choice"] = (
            "Cet établissement n’appartient pas à l’académie du réseau : choisissez un "
            "établissement de l’académie."
        )
        # One of the two is required (Solution.clean says which is missing).
        mark_conditional(host)
        mark_conditional(self.fields["partner"])
        host.help_text = "Obligatoire, sauf pour une solution portée par un partenaire."
        places = self.fields["places"]
        places.min_value = 1
        places.widget.attrs["min"] = 1
        places.error_messages["min_value"] = "Le nombre de places doit être d’au moins 1."
        if self.instance.pk and not self.is_bound:
            self.initial["entry_dates"] = "\n".join(
                f"{entry.day:%d/%m/%Y}" for entry in self.instance.entry_dates.all()
            )

    def clean_places(self) -> int:
        places = self.cleaned_data["places"]
        if places is not None and places < 1:
            raise forms.ValidationError("Le nombre de places doit être d’au moins 1.")
        return places

    def clean_entry_dates(self) -> list[dt.date]:
        dates, errors = parse_entry_dates(self.cleaned_data.get("entry_dates") or "")
        if errors:
            raise forms.ValidationError(errors)
        return dates

    def clean(self) -> dict:
        cleaned = super().clean()
        # Host, partner and period are checked by Solution.clean(); the entry dates are
        # not a model field, so their place in the period is checked here.
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if not (starts_on and ends_on and ends_on < starts_on) and "entry_dates" in cleaned:
            probe = Solution(starts_on=starts_on, ends_on=ends_on)
            for error in probe.entry_date_errors(cleaned["entry_dates"]):
                self.add_error("entry_dates", error)
        return cleaned


class PracticeForm(
    VersionedFormMixin, SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm, forms.ModelForm
):
    class Meta:
        model = Practice
        fields = ["title", "context", "actions", "results", "contact", "is_published"]
        labels = {"is_published": "Publier : visible par tous les réseaux de l’académie"}
        widgets = {
            "context": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "context": "Le territoire, le public, le besoin de départ.",
            "results": "Ce qui a changé, chiffres à l’appui si possible (sans nommer de jeune).",
            "contact": "Personne à contacter pour en savoir plus.",
        }


class PracticeSearchForm(forms.Form):
    q = forms.CharField(label="Rechercher une expérience", required=False, max_length=200)


class EvaluationForm(VersionedFormMixin, BoundedInputMixin, DsfrBaseForm):
    """The committee's yearly evaluation; carries the version it was opened on (0: none
    yet)."""

    decision = forms.ChoiceField(
        label="Décision du comité",
        choices=EvaluationDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez la décision du comité."},
    )
    comment = forms.CharField(
        label="Avis du comité",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Ce qui a marché, ce qui doit changer, et pourquoi.",
        error_messages={"required": "Écrivez l’avis du comité."},
    )


class NeedsAnalysisForm(VersionedFormMixin, BoundedInputMixin, DsfrBaseForm):
    """The committee's needs analysis; carries the version it was opened on (0: none
    yet)."""

    findings = forms.CharField(
        label="Besoins identifiés par le comité",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Décrivez les besoins identifiés par le comité."},
    )
    actions = forms.ModelMultipleChoiceField(
        label="Actions décidées",
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Actions des objectifs prioritaires du réseau qui répondent à ces besoins.",
    )
    new_action_title = forms.CharField(
        label="Nouvelle action (intitulé)", max_length=200, required=False
    )
    new_action_objective = forms.ModelChoiceField(
        label="Objectif prioritaire de la nouvelle action",
        queryset=Objective.objects.none(),
        required=False,
    )
    new_action_due_on = forms.DateField(
        label="Échéance de la nouvelle action",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = (
            Action.objects.filter(objective__network=network)
            .select_related("objective")
            .order_by("objective__school_year", "objective_id", "id")
        )
        self.fields["actions"].label_from_instance = lambda a: f"{a.title} ({a.objective.title})"
        self.fields["new_action_objective"].queryset = network.objectives.order_by(
            "-school_year", "id"
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("new_action_title") and not cleaned.get("new_action_objective"):
            self.add_error(
                "new_action_objective",
                "Choisissez l’objectif prioritaire auquel rattacher la nouvelle action.",
            )
        return cleaned
