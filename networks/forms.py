"""Forms of the network pages. They validate input; the services in `services.py` write."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from dsfr.forms import DsfrBaseForm

from foquale.accounts.models import User
from foquale.inputs import LONG_TEXT_MAX, BoundedInputMixin
from foquale.ordering import sort_naturally
from foquale.schoolyear import current_school_year, school_year_choices
from foquale.submissions.forms import SubmissionTokenMixin
from foquale.versioning import VersionedFormMixin

from .models import Action, CommitteeSeat, Establishment, Meeting, Network, Objective, Platform
from .services import seat_establishments


class DateInput(forms.DateInput):
    """The browser's date picker; without it the field still accepts jj/mm/aaaa."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PersonInput(forms.TextInput):
    """The address of an account, with a search by name among the académie's accounts:
    suggestions as the person types (`static/foquale/people.js` fills a `<datalist>` from
    the network's JSON search), and without JavaScript a link to the search page, whose
    choice comes back here. `enable_people_search` turns both on for one network."""

    template_name = "networks/widgets/person_input.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.search_page = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_page"] = self.search_page
        return context


class UserByEmailField(forms.EmailField):
    """An existing account, found by its e-mail address (or chosen by name through the
    académie's directory, which fills the address in).

    One database holds the whole country: a list of every account would be unusable.
    """

    widget = PersonInput

    default_error_messages = {
        "unknown": (
            "Aucun compte actif ne correspond à cette adresse électronique. Cherchez la "
            "personne par son nom, ou invitez-la par courriel depuis la recherche."
        ),
    }

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        return user


PERSON_HELP = (
    "Tapez le nom pour chercher parmi les comptes de l’académie, ou l’adresse électronique."
)


def enable_people_search(form: forms.Form, network, request, field: str = "user") -> None:
    """Turn on the directory search of `field` for `network`, and take the person chosen
    on the search page (`?user=…` on the way back) as the field's initial value."""
    widget = form.fields[field].widget
    widget.attrs["data-people-search"] = reverse("networks:people_json", args=[network.pk])
    widget.attrs["list"] = f"{form.auto_id % field if form.auto_id else field}-people"
    widget.search_page = (
        reverse("networks:people_search", args=[network.pk])
        + "?"
        + urlencode({"suivant": request.get_full_path().split("?")[0], "champ": field})
    )
    chosen = request.GET.get(field)
    if not form.is_bound and chosen:
        form.initial[field] = chosen


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


def initial_from(instance: Model, form_class: type[forms.ModelForm]) -> dict:
    """Initial values for editing `instance`.

    Edit forms get values, not the instance: a ModelForm copies its input onto its instance
    while validating, and the services must see the row as it was to check the change.
    """
    return model_to_dict(instance, fields=form_class._meta.fields)


def _today():
    return timezone.localdate()


class SeatForm(SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm):
    user = UserByEmailField(
        label="Adresse électronique du membre",
        help_text=PERSON_HELP,
    )
    establishment = forms.ModelChoiceField(
        label="Établissement représenté",
        queryset=Establishment.objects.none(),
        required=False,
        empty_label="Aucun",
    )
    started_on = forms.DateField(label="Membre depuis le", widget=DateInput(), initial=_today)

    def __init__(self, *args, network: Network, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        sort_naturally(self.fields["establishment"]).queryset = seat_establishments(network, role)


class SeatReplaceForm(SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm):
    user = UserByEmailField(
        label="Adresse électronique du nouveau membre",
        help_text=PERSON_HELP,
    )
    establishment = forms.ModelChoiceField(
        label="Établissement représenté",
        queryset=Establishment.objects.none(),
        required=False,
        empty_label="Aucun",
    )
    on = forms.DateField(label="Remplacement à compter du", widget=DateInput(), initial=_today)

    def __init__(self, *args, seat: CommitteeSeat, **kwargs):
        kwargs.setdefault("initial", {"establishment": seat.establishment_id})
        super().__init__(*args, **kwargs)
        sort_naturally(self.fields["establishment"]).queryset = seat_establishments(
            seat.network, seat.role
        )


class SeatEndForm(BoundedInputMixin, DsfrBaseForm):
    on = forms.DateField(label="Fin du mandat le", widget=DateInput(), initial=_today)


class LeadForm(BoundedInputMixin, DsfrBaseForm):
    user = UserByEmailField(
        label="Adresse électronique du responsable de réseau",
        help_text="Le compte doit déjà exister dans FOQUALE.",
    )
    appointed_on = forms.DateField(
        label="Nommé(e) par le recteur le", widget=DateInput(), initial=_today
    )


class NetworkFilterForm(DsfrBaseForm):
    STATUS_CHOICES = [
        ("", "Tous les réseaux"),
        ("incomplet", "Composition incomplète"),
        ("sans-responsable", "Sans responsable nommé"),
    ]

    plateforme = forms.ModelChoiceField(
        label="Plateforme (PSAD)",
        queryset=Platform.objects.none(),
        required=False,
        empty_label="Toutes les plateformes",
    )
    etat = forms.ChoiceField(label="État", choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, platforms: QuerySet[Platform], **kwargs):
        super().__init__(*args, **kwargs)
        sort_naturally(self.fields["plateforme"]).queryset = platforms


class ObjectiveForm(
    VersionedFormMixin, SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm, forms.ModelForm
):
    school_year = forms.TypedChoiceField(
        label="Année scolaire", coerce=int, choices=school_year_choices
    )

    class Meta:
        model = Objective
        fields = ["school_year", "title", "description", "indicator", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].initial = current_school_year()


class ActionForm(
    VersionedFormMixin, SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm, forms.ModelForm
):
    owner = PersonChoiceField(
        label="Pilote de l’action",
        queryset=User.objects.none(),
        required=False,
        empty_label="Non désigné",
        help_text="Le responsable ou un membre du comité.",
    )

    class Meta:
        model = Action
        fields = ["title", "description", "owner", "due_on", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput()}

    def __init__(self, *args, people: QuerySet[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class MeetingForm(
    VersionedFormMixin, SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm, forms.ModelForm
):
    text_limits = {"minutes": LONG_TEXT_MAX}

    held_on = forms.DateField(
        label="Date de la réunion",
        widget=DateInput(),
        error_messages={"required": "Indiquez la date de la réunion."},
    )
    attendees = PeopleChoiceField(
        label="Présents",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez les membres du comité présents.",
    )

    class Meta:
        model = Meeting
        fields = ["held_on", "title", "agenda", "attendees", "minutes", "decisions"]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, people: QuerySet[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = people
