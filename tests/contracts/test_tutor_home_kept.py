"""The tutor's home tables are kept a short while for the tutor (foquale/kept.py): their
own changes show at once, others' within the delay, and each day is read afresh."""

import datetime as dt

import pytest
from django.urls import reverse

from contracts.models import Contract

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_a_minute")]


def home(client) -> str:
    response = client.get(reverse("contracts:tutor_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_tables_follow_the_tutor_s_own_changes(client, path):
    contract = path.active(last_name="Suivi")
    client.force_login(path.tutor)
    first = dt.date.today() + dt.timedelta(days=20)
    Contract.objects.filter(pk=contract.pk).update(next_review_on=first)
    assert f"{first:%d/%m/%Y}" in home(client)
    later = first + dt.timedelta(days=7)
    Contract.objects.filter(pk=contract.pk).update(next_review_on=later)  # someone else
    assert f"{first:%d/%m/%Y}" in home(client)
    client.post(reverse("reviews:calendar_renew"))  # any change of the tutor's own
    assert f"{later:%d/%m/%Y}" in home(client)


def test_a_new_day_reads_the_tables_afresh(client, path, monkeypatch):
    contract = path.active(last_name="Suivi")
    client.force_login(path.tutor)
    due = dt.date.today() + dt.timedelta(days=3)
    Contract.objects.filter(pk=contract.pk).update(next_review_on=due)
    assert "En retard" not in home(client)
    tomorrow = dt.date.today() + dt.timedelta(days=20)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: tomorrow)
    assert "En retard" in home(client)
