"""The filters of the cases list."""

from django import forms
from django.db.models import Q
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from dsfr.forms import DsfrBaseForm
from dsfr.templatetags.dsfr_tags import dsfr_mark_optionnal_fields

from foquale.accounts.models import User
from foquale.inputs import name_key
from foquale.ordering import natural_sorted, sort_naturally
from foquale.schoolyear import school_year_bounds, year_options
from foquale.validators import normalize_ine
from networks.models import Establishment

from ..enums import ContractStatus, Step
from ..models import Contract
from .fields import FLAT_SELECT_TEMPLATE, ListedChoiceField, ListedUserChoiceField

LATE = "retard"


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
    reviews = forms.ChoiceField(
        label="Bilans de situation",
        choices=[("", "Tous"), (LATE, "En retard")],
        required=False,
    )

    def __init__(
        self,
        *args,
        establishments,
        tutors,
        listed=None,
        late_since=None,
        first_contact=None,
        **kwargs,
    ):
        """`establishments` and `tutors`: functions giving the querysets that check a value
        sent and draw the options, built only when needed (building them costs more than
        the rest of the form). `listed`: {field name: rows}, the options `plain_fields`
        draws instead of reading the field's queryset. `late_since`: a review due on or
        before this day and not held is late (`contracts.reviews.schedule.late_since`).
        `first_contact`: the earliest contact in sight, from which the years are offered."""
        super().__init__(*args, **kwargs)
        self.scoped = {"establishment": establishments, "tutor": tutors}
        self.listed = listed or {}
        self.late_since = late_since
        self.fields["school_year"].choices = [("", "Toutes"), *year_options(first_contact)]
        # A network's tutors run to hundreds of options: one loop, not one include each.
        for name in ("step", "establishment", "tutor", "school_year", "reviews"):
            self.fields[name].widget.template_name = FLAT_SELECT_TEMPLATE
        sort_naturally(self.fields["establishment"])

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
                    rows = self.listed[bound.name]
                    if bound.name == "establishment":
                        rows = natural_sorted(rows)
                    choices = [
                        ("", bound.field.empty_label),
                        *((obj.pk, label_of(obj)) for obj in rows),
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
                key = name_key(word)
                found = Q(ine=ine)
                if key:
                    found |= Q(last_name_key__contains=key) | Q(first_name_key__contains=key)
                youths = youths.filter(found)
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
        if data["reviews"] == LATE and self.late_since is not None:
            late = Contract.objects.filter(
                status=ContractStatus.ACTIVE, next_review_on__lte=self.late_since
            )
            youths = youths.filter(pk__in=late.values("youth_id"))
        return youths
