from django import forms
from dsfr.forms import DsfrBaseForm

from .models import Practice


class PracticeForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Practice
        fields = ["title", "context", "actions", "results", "contact", "is_published"]
        labels = {"is_published": "Publier : visible par tous les réseaux de l’académie"}
        widgets = {
            "context": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "context": "Le territoire, le public, le besoin de départ.",
            "results": "Ce qui a changé, chiffres à l’appui si possible (sans nommer de jeune).",
            "contact": "Personne à contacter pour en savoir plus.",
        }


class PracticeSearchForm(forms.Form):
    q = forms.CharField(label="Rechercher une expérience", required=False, max_length=200)
