"""The filters of the access log: who, which young person, which period."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from audit.models import ReadLog
from foquale.validators import normalize_ine

from ..models import Youth
from .fields import date_field


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class ReadLogFilterForm(DsfrBaseForm):
    utilisateur = forms.CharField(
        label="Utilisateur",
        help_text="Nom ou adresse électronique",
        required=False,
        max_length=100,
    )
    jeune = forms.CharField(
        label="Jeune",
        help_text="Nom, INE ou numéro de dossier",
        required=False,
        max_length=100,
    )
    du = date_field("Du", required=False)
    au = date_field("Au", required=False)

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["du"] > data["au"]:
            raise ValidationError("La date de début doit précéder la date de fin.")
        return data

    def youths(self, searchable: QuerySet[Youth]) -> QuerySet[Youth] | None:
        """The young people the search names, among those the reader may search; None
        without a search."""
        if not self.is_valid() or not self.cleaned_data["jeune"]:
            return None
        youths = searchable
        for word in self.cleaned_data["jeune"].split():
            match = (
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(ine=normalize_ine(word))
            )
            if word.isdigit():
                match |= Q(pk=int(word))
            youths = youths.filter(match)
        return youths

    def filter(self, rows: QuerySet[ReadLog], searchable: QuerySet[Youth]) -> QuerySet[ReadLog]:
        if not self.is_valid():
            return rows.none()
        data = self.cleaned_data
        for word in data["utilisateur"].split():
            rows = rows.filter(
                Q(user__email__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__first_name__icontains=word)
            )
        youths = self.youths(searchable)
        if youths is not None:
            rows = rows.filter(youth_id__in=youths.values("pk"))
        if data["du"]:
            rows = rows.filter(at__gte=_day_start(data["du"]))
        if data["au"]:
            rows = rows.filter(at__lt=_day_start(data["au"] + dt.timedelta(days=1)))
        return rows
