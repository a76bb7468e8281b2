"""Forms of the operational actors page. They validate input; `services.py` writes."""

import datetime as dt

from django import forms
from django.db.models import Max, Min
from dsfr.forms import DsfrBaseForm

from foquale.inputs import BoundedInputMixin
from foquale.ordering import sort_naturally
from foquale.schoolyear import current_school_year, school_year_choices, year_options
from foquale.submissions.forms import SubmissionTokenMixin
from networks.forms import PERSON_HELP as ACCOUNT_HELP
from networks.forms import UserByEmailField
from networks.models import Establishment, Network

from .enums import AssessorFunction, TeamFunction
from .models import Referent


def _year_choices() -> list[tuple[int, str]]:
    return school_year_choices()


class SchoolYearFilterForm(DsfrBaseForm):
    annee = forms.TypedChoiceField(
        label="Année scolaire", coerce=int, choices=_year_choices, required=False
    )

    def __init__(self, *args, network: Network | None = None, **kwargs):
        """With `network`, the years offered are those of its référents, to the next one
        (référents are named ahead of the school year): `year_options`."""
        super().__init__(*args, **kwargs)
        if network is not None:
            years = Referent.objects.filter(network=network).aggregate(
                first=Min("school_year"), last=Max("school_year")
            )
            first_day = dt.date(years["first"], 9, 1) if years["first"] is not None else None
            last = max(current_school_year() + 1, years["last"] or 0)
            self.fields["annee"].choices = year_options(first_day, last=last)

    def year(self) -> int:
        """The chosen school year; the current one when none (or a bad one) is given."""
        if self.is_bound and self.is_valid() and self.cleaned_data["annee"]:
            return self.cleaned_data["annee"]
        return current_school_year()


class EstablishmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Establishment) -> str:
        return f"{obj.name} ({obj.uai})"


class _NetworkEstablishmentForm(SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm):
    """Offers only the member establishments of the network; a token, so that a second
    click names nobody twice."""

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
        field = sort_naturally(self.fields["establishment"])
        field.queryset = network.establishments.all()


class ReferentForm(_NetworkEstablishmentForm):
    user = UserByEmailField(label="Adresse électronique du référent", help_text=ACCOUNT_HELP)
    school_year = forms.TypedChoiceField(label="Année scolaire", coerce=int, choices=_year_choices)

    field_order = ["establishment", "user", "school_year"]


class TeamMemberForm(_NetworkEstablishmentForm):
    user = UserByEmailField(label="Adresse électronique du personnel", help_text=ACCOUNT_HELP)
    function = forms.ChoiceField(label="Fonction", choices=TeamFunction.choices)

    field_order = ["establishment", "user", "function"]


class AssessorForm(SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm):
    user = UserByEmailField(label="Adresse électronique de l’évaluateur", help_text=ACCOUNT_HELP)
    function = forms.ChoiceField(label="Fonction", choices=AssessorFunction.choices)


class MldsCoordinatorForm(SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm):
    user = UserByEmailField(
        label="Adresse électronique du coordinateur MLDS", help_text=ACCOUNT_HELP
    )
