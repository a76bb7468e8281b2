"""A young person's transfer to another network: the request and the answer."""

from django import forms
from dsfr.forms import DsfrBaseForm

from foquale.inputs import BoundedInputMixin, mark_conditional
from foquale.submissions.forms import SubmissionTokenMixin
from networks.models import Establishment, Network

from ..enums import TransferReason, TransferRefusal
from .fields import text_field
from .steps import conditional_choice


class NetworkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Network) -> str:
        return f"{obj.name} ({obj.platform.name})"


class TransferRequestForm(SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm):
    to_network = NetworkChoiceField(
        label="Réseau d’accueil",
        queryset=Network.objects.none(),
        empty_label="Choisir un réseau de l’académie",
        error_messages={"required": "Choisissez le réseau qui accueillera le jeune."},
    )
    reason_code = forms.ChoiceField(
        label="Motif du transfert",
        choices=[("", "Choisir un motif"), *TransferReason.choices],
        error_messages={"required": "Choisissez le motif du transfert."},
        help_text="Seul ce motif est compté dans les pages de synthèse.",
    )
    reason_details = text_field(
        "Précisions sur le motif (dossier du jeune uniquement)", required=False, rows=3
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_network"].queryset = targets


ACCEPT, REFUSE = "accept", "refuse"


class TransferDecisionForm(BoundedInputMixin, DsfrBaseForm):
    decision = forms.ChoiceField(
        label="Votre réponse",
        choices=[
            (ACCEPT, "J’accepte : le jeune rejoint mon réseau"),
            (REFUSE, "Je refuse le transfert"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez si vous acceptez ou refusez le transfert."},
    )
    establishment = forms.ModelChoiceField(
        label="Établissement dont le référent suivra le jeune",
        queryset=Establishment.objects.none(),
        empty_label="Choisir un établissement du réseau",
        help_text="Obligatoire si vous acceptez.",
    )
    refusal_code = conditional_choice(
        label="Motif du refus",
        choices=[("", "Choisir un motif"), *TransferRefusal.choices],
        help_text="Obligatoire si vous refusez.",
    )
    refusal_details = text_field("Précisions sur le refus", required=False, rows=3)

    def __init__(self, *args, establishments, **kwargs):
        super().__init__(*args, **kwargs)
        mark_conditional(self.fields["establishment"])
        self.fields["establishment"].queryset = establishments
        self.fields["establishment"].label_from_instance = lambda e: f"{e.name} ({e.uai})"

    def clean(self):
        data = super().clean()
        if data.get("decision") == ACCEPT and not data.get("establishment"):
            self.add_error(
                "establishment", "Choisissez l’établissement dont le référent suivra le jeune."
            )
        if data.get("decision") == REFUSE and not data.get("refusal_code"):
            self.add_error("refusal_code", "Indiquez le motif du refus.")
        return data
