"""Fields and widgets shared by the path's forms."""

from django import forms
from django.forms.models import ModelChoiceIterator

from foquale.accounts.models import User


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
