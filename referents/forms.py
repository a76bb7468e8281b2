"""Forms of the operational actors page. They validate input; `services.py` writes."""

from django import forms
from dsfr.forms import DsfrBaseForm

from foquale.inputs import BoundedInputMixin
from foquale.schoolyear import current_school_year, school_year_choices
from networks.forms import PERSON_HELP as ACCOUNT_HELP
from networks.forms import UserByEmailField
from networks.models import Establishment, Network

from .enums import AssessorFunction, TeamFunction


def _year_choices() -> list[tuple[int, str]]:
    return school_year_choices()


class SchoolYearFilterForm(DsfrBaseForm):
    annee = forms.TypedChoiceField(
        label="Année scolaire", coerce=int, choices=_year_choices, required=False
    )

    def year(self) -> int:
        """The chosen school year; the current one when none (or a bad one) is given."""
        if self.is_bound and self.is_valid() and self.cleaned_data["annee"]:
            return self.cleaned_data["annee"]
        return current_school_year()


class EstablishmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Establishment) -> str:
        return f"{obj.name} ({obj.uai})"


class _NetworkEstablishmentForm(BoundedInputMixin, DsfrBaseForm):
    """Offers only the member establishments of the network."""

    establishment = EstablishmentField(
        label="Établissement",
        queryset=Establishment.objects.none(),
        empty_label="Choisir un établissement",
        error_messages={
            "required": "Choisissez l’établissement.",
            "invalid_choice": "Choisissez un établissement membre du réseau.",
        },
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = network.establishments.order_by("name")


class ReferentForm(_NetworkEstablishmentForm):
    user = UserByEmailField(label="Adresse électronique du référent", help_text=ACCOUNT_HELP)
    school_year = forms.TypedChoiceField(label="Année scolaire", coerce=int, choices=_year_choices)

    field_order = ["establishment", "user", "school_year"]


class TeamMemberForm(_NetworkEstablishmentForm):
    user = UserByEmailField(label="Adresse électronique du personnel", help_text=ACCOUNT_HELP)
    function = forms.ChoiceField(label="Fonction", choices=TeamFunction.choices)

    field_order = ["establishment", "user", "function"]


class AssessorForm(BoundedInputMixin, DsfrBaseForm):
    user = UserByEmailField(label="Adresse électronique de l’évaluateur", help_text=ACCOUNT_HELP)
    function = forms.ChoiceField(label="Fonction", choices=AssessorFunction.choices)


class MldsCoordinatorForm(BoundedInputMixin, DsfrBaseForm):
    user = UserByEmailField(
        label="Adresse électronique du coordinateur MLDS", help_text=ACCOUNT_HELP
    )
