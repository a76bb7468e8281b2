import datetime as dt

from django import forms
from dsfr.forms import DsfrBaseForm

from foquale.schoolyear import year_options
from networks.models import Network

from .indicators import natural_key


class DashboardFilterForm(DsfrBaseForm):
    """The dashboard's filters, sent by GET so that a filtered view can be bookmarked."""

    annee = forms.TypedChoiceField(label="Année scolaire", coerce=int)
    plateforme = forms.TypedChoiceField(
        label="Plateforme (PSAD)", coerce=int, required=False, empty_value=None
    )
    reseau = forms.TypedChoiceField(label="Réseau", coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        data=None,
        *,
        networks: list[Network],
        current_year: int,
        first_contact: dt.date | None = None,
        **kwargs,
    ):
        if data is not None and not data.get("annee"):
            # A link with only a network or a platform means this school year.
            data = data.copy()
            data["annee"] = str(current_year)
        super().__init__(data, **kwargs)
        # The years with data in view, and the current one (`first_contact`: the earliest).
        self.fields["annee"].choices = year_options(first_contact, last=current_year)
        self.fields["annee"].initial = current_year
        platforms = sorted(
            {n.platform_id: n.platform.name for n in networks}.items(),
            key=lambda item: natural_key(item[1]),
        )
        self.fields["plateforme"].choices = [("", "Toutes les plateformes"), *platforms]
        self.fields["reseau"].choices = [
            ("", "Tous les réseaux"),
            *((n.pk, n.name) for n in networks),
        ]

    def is_out_of_scope(self, name: str) -> bool:
        """A platform or network id the user may not see: answered by a 404, like a URL."""
        raw = self.data.get(name, "") if self.is_bound else ""
        return bool(raw) and not self.fields[name].valid_value(raw)
