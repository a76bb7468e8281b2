"""Forms of the corrections: the corrected fields and the reason, always required."""

from django import forms
from dsfr.forms import DsfrBaseForm

from .steps import AssessmentForm, ExitForm


def reason_field() -> forms.CharField:
    return forms.CharField(
        label="Motif de la correction",
        max_length=500,
        help_text="Gardé dans l’historique du dossier avec votre nom et la date.",
        error_messages={"required": "Indiquez le motif de la correction."},
    )


class CorrectionReasonForm(DsfrBaseForm):
    """The cancellation of a record: only the reason."""

    reason = reason_field()


class AssessmentCorrectForm(AssessmentForm):
    reason = reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, assessors=None, **kwargs)
        # Who held the bilan is not corrected: a bilan of another assessor is a new one.
        del self.fields["assessor"]


class ExitCorrectForm(ExitForm):
    reason = reason_field()
