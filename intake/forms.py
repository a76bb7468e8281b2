"""The gestionnaire's forms: the upload, the columns' mapping, the share-out."""

from django import forms
from django.conf import settings
from dsfr.forms import DsfrBaseForm

from foquale.submissions.forms import SubmissionTokenMixin
from networks.models import NetworkEstablishment

from .enums import REQUIRED_TARGETS, Target

NOT_MAPPED = ""


class UploadForm(SubmissionTokenMixin, DsfrBaseForm):
    platform = forms.TypedChoiceField(label="Plateforme", coerce=int)
    file = forms.FileField(
        label="Liste des jeunes (CSV ou XLSX)",
        help_text=f"CSV séparé par « ; » ou « , » (UTF-8 ou Windows-1252) ou classeur XLSX ; "
        f"{settings.IMPORT_MAX_ROWS} lignes et {settings.IMPORT_MAX_MB} Mo au plus.",
        error_messages={"required": "Choisissez le fichier de la liste."},
    )

    def __init__(self, *args, platforms, **kwargs):
        super().__init__(*args, **kwargs)
        self._platforms = {platform.pk: platform for platform in platforms}
        self.fields["platform"].choices = [(p.pk, p.name) for p in platforms]
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx,.txt"
        if len(platforms) == 1:
            self.fields["platform"].widget = forms.HiddenInput()
            self.fields["platform"].initial = platforms[0].pk

    def clean_platform(self):
        return self._platforms[self.cleaned_data["platform"]]


class MappingForm(DsfrBaseForm):
    """One choice per column the path needs: a header of the file, or none."""

    def __init__(self, *args, headers: list[str], mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NOT_MAPPED, "— Non reprise —"), *((h, h) for h in headers if h)]
        for target in Target:
            required = target in REQUIRED_TARGETS
            self.fields[target.value] = forms.ChoiceField(
                label=target.label,
                choices=choices,
                required=required,
                initial=mapping.get(target.value, NOT_MAPPED),
                error_messages={
                    "required": f"Choisissez la colonne « {target.label} » : elle est requise."
                },
            )

    def mapping(self) -> dict[str, str]:
        return {target: header for target, header in self.cleaned_data.items() if header}


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: NetworkEstablishment) -> str:
        return f"{obj.network.name} — {obj.establishment.name} ({obj.establishment.uai})"


class ShareForm(DsfrBaseForm):
    pending = forms.TypedMultipleChoiceField(
        label="Jeunes à répartir",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un jeune à répartir."},
    )
    membership = MembershipChoiceField(
        label="Réseau et établissement du référent qui les suivra",
        queryset=NetworkEstablishment.objects.none(),
        empty_label="Choisissez un réseau",
        error_messages={"required": "Choisissez le réseau qui recevra ces jeunes."},
    )

    def __init__(self, *args, pending_ids: list[int], memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pending"].choices = [(pk, str(pk)) for pk in pending_ids]
        self.fields["membership"].queryset = memberships
