"""The steps before the contract: bilan, proposals and answers; and the exit."""

from django import forms
from dsfr.forms import DsfrBaseForm

from foquale.accounts.models import User
from foquale.inputs import BoundedInputMixin, ConditionalTextField, mark_conditional
from foquale.submissions.forms import SubmissionTokenMixin
from networks.models import Solution

from ..enums import ExitReason, Level, Outcome, ProposalDecision, ProposalKind, RefusalReason
from .fields import UserChoiceField, date_field, text_field


def conditional_choice(**kwargs) -> forms.ChoiceField:
    """A coded choice the service requires on some paths only (see `mark_conditional`)."""
    field = forms.ChoiceField(**kwargs)
    mark_conditional(field)
    return field


class AssessmentForm(SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm):
    assessor = UserChoiceField(
        label="Bilan conduit par", queryset=User.objects.none(), empty_label=None
    )
    held_on = date_field("Date du bilan")
    findings = text_field("Constats")
    wishes = text_field("Souhaits du jeune", required=False, rows=3)
    level = forms.ChoiceField(
        label="Niveau", choices=[("", "Non renseigné"), *Level.choices], required=False
    )
    wished_kind = forms.ChoiceField(
        label="Type de solution souhaitée",
        choices=[("", "Non précisé"), *ProposalKind.choices],
        required=False,
        help_text="Seul ce choix est compté dans l’analyse des besoins du réseau ; "
        "les souhaits détaillés restent dans le dossier.",
    )

    def __init__(self, *args, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = assessors


class SolutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Solution) -> str:
        places = "complète" if obj.is_full else f"{obj.places_free} place(s) libre(s)"
        where = "" if getattr(obj, "is_own", True) else f", {obj.network.name}"
        return f"{obj.title} ({places}{where})"


class ProposalForm(SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm):
    kind = forms.ChoiceField(label="Type de proposition", choices=ProposalKind.choices)
    solution = SolutionChoiceField(
        label="Solution du catalogue (réseau du jeune, puis réseaux voisins)",
        queryset=Solution.objects.none(),
        required=False,
        empty_label="Aucune : formation décrite ci-dessous",
    )
    target = ConditionalTextField(
        label="Formation ou structure visée",
        one_line=True,
        max_length=200,
        help_text="Obligatoire si aucune solution du catalogue ne convient.",
    )
    proposed_on = date_field("Proposée le")
    # Asked only when the chosen solution is full: a warning to confirm, not a refusal.
    confirm_full = forms.BooleanField(
        label="Je confirme cette proposition sur une solution complète",
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, solutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solution"].queryset = solutions
        self.full_warning = ""

    def clean(self):
        data = super().clean()
        solution = data.get("solution")
        confirmed = data.get("confirm_full")
        if solution is not None and solution.is_full and not confirmed and not self.errors:
            self.full_warning = (
                f"La solution « {solution.title} » est complète : {solution.places_taken} "
                f"place(s) occupée(s) sur {solution.places}. Le contrat n’entrera en vigueur "
                "que si le responsable du réseau accepte ce jeune au-delà des places prévues."
            )
            self.fields["confirm_full"].widget = forms.CheckboxInput()
            self.add_error(
                "confirm_full",
                "Cochez cette case pour confirmer la proposition malgré l’absence de place "
                "libre, ou choisissez une autre solution.",
            )
        return data

    def proposal_data(self) -> dict:
        """What `proposal_make` takes: the cleaned data without the confirmation."""
        return {k: v for k, v in self.cleaned_data.items() if k != "confirm_full"}


class ProposalDecisionForm(BoundedInputMixin, DsfrBaseForm):
    decision = forms.ChoiceField(
        label="Réponse du jeune",
        error_messages={"required": "Indiquez la réponse du jeune : il accepte ou il refuse."},
        choices=[
            (ProposalDecision.ACCEPTED, "Le jeune accepte la proposition"),
            (ProposalDecision.REFUSED, "Le jeune refuse la proposition"),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = date_field("Date de la réponse")
    refusal_code = conditional_choice(
        label="Motif du refus",
        choices=[("", "Choisir un motif"), *RefusalReason.choices],
        help_text="Obligatoire si le jeune refuse. Seul ce motif est compté dans les "
        "pages de synthèse.",
    )
    refusal_reason = text_field(
        "Précisions sur le refus (dossier du jeune uniquement)", required=False, rows=3
    )


class ExitForm(BoundedInputMixin, DsfrBaseForm):
    # No issue is chosen in advance: an exit cannot be undone, and a default would count
    # an untouched form as a success.
    outcome = forms.ChoiceField(
        label="Issue du parcours",
        choices=[("", "Choisissez l’issue du parcours"), *Outcome.choices],
        error_messages={"required": "Choisissez l’issue du parcours."},
    )
    exited_on = date_field("Date de sortie")
    exit_reason_code = conditional_choice(
        label="Motif de la sortie anticipée",
        choices=[("", "Choisir un motif"), *ExitReason.choices],
        help_text="Obligatoire si le parcours s’interrompt avant son terme. Seul ce motif "
        "est compté dans les pages de synthèse.",
    )
    exit_reason = text_field(
        "Précisions sur la sortie (dossier du jeune uniquement)", required=False, rows=3
    )
