"""The gestionnaire des listes: a membership named in the admin, a derived grant, a home
space; a refreshed scope on every path."""

import pytest
from django.urls import reverse

from foquale.access import load_scope
from intake.grants import MANAGE_LISTS
from intake.models import ListManager
from intake.perms import managed_platforms, manages_lists
from reporting.home import spaces_for
from tests.factories import PlatformFactory, UserFactory

from .factories import ListManagerFactory

pytestmark = pytest.mark.django_db


def test_membership_gives_the_grant_and_its_removal_takes_it(db):
    manager = ListManagerFactory()
    assert load_scope(manager.user).ids(MANAGE_LISTS) == {manager.platform_id}
    assert list(managed_platforms(manager.user)) == [manager.platform]
    assert [space.url for space in spaces_for(manager.user)] == [reverse("intake:home")]
    other = PlatformFactory()
    assert not managed_platforms(manager.user).filter(pk=other.pk).exists()


def test_admin_names_and_removes_a_manager(admin_client):
    platform = PlatformFactory()
    user = UserFactory()
    response = admin_client.post(
        reverse("admin:intake_listmanager_add"), {"platform": platform.pk, "user": user.pk}
    )
    assert response.status_code == 302
    assert manages_lists(user)
    manager = ListManager.objects.get()
    admin_client.post(
        reverse("admin:intake_listmanager_delete", args=[manager.pk]), {"post": "yes"}
    )
    assert not manages_lists(user)


def test_demo_account_exists(db, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    from networks.demo import demo_user

    assert manages_lists(demo_user("plateforme"))
