"""The contract: its terms, signatures and amendments."""

import datetime as dt

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from foquale.accounts.models import User
from foquale.inputs import BoundedInputMixin
from foquale.versioning import VersionedFormMixin

from ..enums import SignatureMode
from ..signing import Party
from .fields import UserChoiceField, date_field, text_field


def override_capacity_field() -> forms.BooleanField:
    """The network lead's explicit choice to take a young person beyond the places."""
    return forms.BooleanField(
        label="En tant que responsable du réseau, j’accepte ce jeune au-delà des places "
        "prévues de la solution",
        required=False,
    )


class ContractForm(BoundedInputMixin, DsfrBaseForm):
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


class ContractUpdateForm(VersionedFormMixin, ContractForm):
    """The correction of a contract not signed yet: carries the version it was opened on."""


class SignatureForm(BoundedInputMixin, DsfrBaseForm):
    party = forms.ChoiceField(label="Signataire")
    signed_on = date_field("Date de signature")
    # An online signature is given by the party on the signing page, never recorded here.
    mode = forms.ChoiceField(
        label="Mode de signature",
        choices=[(v, label) for v, label in SignatureMode.choices if v != SignatureMode.ONLINE],
    )

    # The digest of the text shown with this page (see `terms_digest`).
    seen_sha256 = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(
        self,
        *args,
        parties: list[Party],
        show_override: bool = False,
        seen_sha256: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["seen_sha256"].initial = seen_sha256
        self._parties = {party.key: party for party in parties}
        self.fields["party"].choices = [
            (party.key, f"{party.name} — {party.label}") for party in parties
        ]
        self.fields["signed_on"].initial = timezone.localdate()
        if show_override:
            self.fields["override_capacity"] = override_capacity_field()

    def clean_party(self) -> Party:
        return self._parties[self.cleaned_data["party"]]


class AmendmentForm(BoundedInputMixin, DsfrBaseForm):
    changes = text_field("Ce que l’avenant modifie")
    new_ends_on = date_field("Nouvelle fin du parcours", required=False)
    new_review_every_weeks = forms.IntegerField(
        label="Nouveau rythme des bilans (en semaines)",
        min_value=1,
        max_value=26,
        required=False,
    )


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
