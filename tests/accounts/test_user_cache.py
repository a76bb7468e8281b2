"""The signed-in person comes from the shared cache (foquale/accounts/backends.py) and
every change of the account reaches the next request."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from foquale.grants import grants_changed
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("_user_cache"),
]


@pytest.fixture
def _user_cache():
    cache.clear()
    with override_settings(
        USER_CACHE_SECONDS=60, SESSION_ENGINE="django.contrib.sessions.backends.cache"
    ):
        yield
    cache.clear()


def signed_in(client, **fields):
    user = UserFactory(**fields)
    client.force_login(user)
    assert client.get("/sante/").status_code == 200  # the row is cached
    return user


def test_a_signed_in_page_reads_no_row_once_the_person_is_cached(client, django_assert_num_queries):
    user = signed_in(client, first_name="Camille", last_name="Durand")
    with django_assert_num_queries(0):
        page = client.get("/sante/")
    assert user.get_full_name() in page.content.decode()


def test_a_renamed_person_is_seen_on_the_next_page(client):
    user = signed_in(client, first_name="Camille", last_name="Durand")
    user.last_name = "Martin"
    user.save()
    assert user.get_full_name() == "Camille MARTIN"
    assert "Camille MARTIN" in client.get("/sante/").content.decode()


def test_a_deactivated_account_is_signed_out_on_the_next_page(client):
    user = signed_in(client)
    user.is_active = False
    user.save()
    assert client.get(reverse("home")).url.startswith(reverse("accounts:login"))


def test_a_changed_password_ends_the_other_sessions(client):
    user = signed_in(client)
    user.set_password("un-autre-mot-de-passe-2026")
    user.save()
    assert client.get(reverse("home")).url.startswith(reverse("accounts:login"))


def test_a_deleted_account_is_signed_out(client):
    user = signed_in(client)
    user.delete()
    assert client.get(reverse("home")).url.startswith(reverse("accounts:login"))


def test_changed_grants_drop_the_cached_row_with_its_access_version(client):
    user = signed_in(client)
    before = user.access_version
    grants_changed([user.pk])
    with override_settings(USER_CACHE_SECONDS=60):
        from django.contrib.auth import get_user

        request = client.get("/sante/").wsgi_request
        assert get_user(request).access_version != before


def test_a_row_read_while_a_change_commits_is_not_used_again(client, monkeypatch):
    from django.contrib.auth.backends import ModelBackend

    from foquale.accounts.backends import CachedUserBackend, forget_users

    user = UserFactory(first_name="Avant")
    read = ModelBackend.get_user

    def read_then_changed(self, user_id):
        row = read(self, user_id)  # the row as it was
        forget_users([user_id])  # a change commits meanwhile
        return row

    backend = CachedUserBackend()
    monkeypatch.setattr(ModelBackend, "get_user", read_then_changed)
    assert backend.get_user(user.pk).first_name == "Avant"
    monkeypatch.setattr(ModelBackend, "get_user", read)
    type(user).objects.filter(pk=user.pk).update(first_name="Après")
    assert backend.get_user(user.pk).first_name == "Après"


def test_the_scope_comes_with_the_row_and_follows_the_grants(client, monkeypatch):
    from foquale import access

    user = signed_in(client)  # row and scope cached
    loads = []
    real_load = access.load_scope
    monkeypatch.setattr(access, "load_scope", lambda u: loads.append(u.pk) or real_load(u))
    request = client.get("/sante/").wsgi_request
    access.scope_for(access._request_user(request))
    assert loads == []  # from the cache, with the row
    grants_changed([user.pk])
    request = client.get("/sante/").wsgi_request
    access.scope_for(access._request_user(request))
    assert loads == [user.pk]  # another access_version: read afresh
