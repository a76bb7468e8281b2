from django import forms
from dsfr.forms import DsfrBaseForm

from foquale.inputs import BoundedInputMixin

from ..models.reviews import SituationReview


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class SituationReviewForm(BoundedInputMixin, DsfrBaseForm, forms.ModelForm):
    """What the tutor writes after a review; the service checks dates against the contract."""

    class Meta:
        model = SituationReview
        fields = [
            "held_on",
            "due_on",
            "youth_present",
            "attendance",
            "progress",
            "difficulties",
            "decisions",
        ]
        widgets = {
            "held_on": DateInput(),
            "due_on": DateInput(),
            "attendance": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.Textarea(attrs={"rows": 3}),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"due_on": "Échéance à laquelle ce bilan répond"}
        help_texts = {
            "held_on": "Le jour de l’entretien : ni dans le futur, ni avant le début du parcours.",
            "due_on": "Proposée d’après le rythme des bilans fixé par le contrat.",
        }
        error_messages = {
            "held_on": {"required": "Indiquez la date du bilan.", "invalid": "Date invalide."},
            "due_on": {"required": "Indiquez l’échéance.", "invalid": "Date invalide."},
        }


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label="Motif de la correction",
        max_length=500,
        help_text="Gardé dans l’historique avec votre nom et la date.",
        error_messages={"required": "Indiquez le motif de la correction."},
    )


class ReviewCorrectForm(DsfrBaseForm, forms.ModelForm):
    """What a bilan de situation says, corrected; its due date stays."""

    reason = _reason_field()

    class Meta(SituationReviewForm.Meta):
        fields = [
            "held_on",
            "youth_present",
            "attendance",
            "progress",
            "difficulties",
            "decisions",
        ]

    def _post_clean(self):
        # The service corrects the review; the form does not write on the instance.
        pass


class ReviewCancelForm(DsfrBaseForm):
    reason = _reason_field()
