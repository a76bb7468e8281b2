"""Online signature: the référent's choice of channel, the party's confirmation, the
refusal, and the public check of a contract's copy."""

import re

from django import forms
from dsfr.forms import DsfrBaseForm

from foquale.inputs import LINE_MAX, TEXT_MAX, BoundedInputMixin, mark_conditional
from foquale.submissions.forms import SubmissionTokenMixin

from ..enums import SigningChannel
from ..models import SigningInvitation
from ..signing import Party
from .fields import text_field

KEEP = "keep"
ACCEPT_LABEL = "J’ai lu le contrat et je l’accepte"
VERIFY_MAX_BYTES = 10 * 1024 * 1024
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class SigningChannelsForm(SubmissionTokenMixin, DsfrBaseForm):
    """One choice per party still to sign: online (a personal link, or for the tutor a
    message to sign logged in), or paper (recorded by the référent as before)."""

    def __init__(
        self,
        *args,
        parties: list[Party],
        emails: dict[str, str],
        live: dict[str, SigningInvitation],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.party_fields = []
        for party in parties:
            online_label = "Signature en ligne"
            if party.key == "tutor":
                online_label += " (connecté à FOQUALE, sans code)"
            elif emails.get(party.key):
                online_label += f" (lien personnel envoyé à {emails[party.key]})"
            else:
                online_label += " (impossible : pas d’adresse électronique au dossier)"
            choices = [
                (SigningChannel.ONLINE, online_label),
                (SigningChannel.PAPER, "Signature sur papier, enregistrée par le référent"),
            ]
            initial = SigningChannel.ONLINE if emails.get(party.key) else SigningChannel.PAPER
            invitation = live.get(party.key)
            if invitation is not None and invitation.is_pending:
                choices.insert(
                    0,
                    (
                        KEEP,
                        f"Garder le lien envoyé le {invitation.created_at:%d/%m/%Y} "
                        f"(valable jusqu’au {invitation.expires_at:%d/%m/%Y})",
                    ),
                )
                choices[1] = (SigningChannel.ONLINE, "Envoyer un nouveau lien (l’ancien cesse)")
                initial = KEEP
            name = f"channel_{party.key}"
            self.fields[name] = forms.ChoiceField(
                label=f"{party.name} — {party.label}",
                choices=choices,
                initial=initial,
                widget=forms.RadioSelect,
            )
            self.party_fields.append(name)

    def channels(self) -> dict[str, str]:
        return {
            name.removeprefix("channel_"): self.cleaned_data[name] for name in self.party_fields
        }


class ConfirmForm(BoundedInputMixin, DsfrBaseForm):
    full_name = forms.CharField(
        label="Votre prénom et votre nom, tels qu’ils figurent sur le contrat",
        max_length=LINE_MAX,
    )
    accept = forms.BooleanField(label=ACCEPT_LABEL, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required, but the service says so in its own words (no « Optionnel »).
        for name in ("accept", "code"):
            if name in self.fields:
                mark_conditional(self.fields[name])


class CodeConfirmForm(ConfirmForm):
    code = forms.CharField(
        label="Code de confirmation à 6 chiffres reçu par courriel",
        max_length=6,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_code(self) -> str:
        code = (self.cleaned_data.get("code") or "").strip()
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("Saisissez le code à 6 chiffres reçu par courriel.")
        return code


class DeclineForm(BoundedInputMixin, DsfrBaseForm):
    reason = text_field("Pourquoi refusez-vous de signer ?", max_length=TEXT_MAX, rows=3)


class VerifyForm(DsfrBaseForm):
    document = forms.FileField(
        label="Le document PDF à vérifier",
        required=False,
        help_text="Fichier PDF de 10 Mo au plus.",
    )
    sha256 = forms.CharField(
        label="Ou son empreinte SHA-256",
        required=False,
        max_length=80,
        help_text="64 caractères hexadécimaux (0 à 9, a à f).",
    )

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload is not None and upload.size > VERIFY_MAX_BYTES:
            raise forms.ValidationError(
                "Ce fichier dépasse 10 Mo : ce n’est pas un contrat FOQUALE."
            )
        return upload

    def clean_sha256(self) -> str:
        value = (self.cleaned_data.get("sha256") or "").strip().lower()
        if value and not SHA256.match(value):
            raise forms.ValidationError(
                "Une empreinte SHA-256 compte 64 caractères, chiffres de 0 à 9 et lettres de a à f."
            )
        return value

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("document") and not data.get("sha256"):
            raise forms.ValidationError(
                "Choisissez un fichier PDF ou collez une empreinte SHA-256."
            )
        return data
