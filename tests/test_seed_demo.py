"""The demo never lands on a production database by accident, and never leaves a
superuser with the password printed in the README on a server."""

import pytest
from django.core.management import CommandError, call_command

from foquale.accounts.models import User
from networks.demo import DEMO_PASSWORD, demo_user, seed_organisation

pytestmark = pytest.mark.django_db
NOT_PRODUCTION = "--i-know-this-is-not-production"


def test_refused_without_debug_unless_told_it_is_not_production(settings):
    settings.DEBUG, settings.DEMO = False, True
    with pytest.raises(CommandError, match="DEBUG est désactivé") as refused:
        call_command("seed_demo")
    assert NOT_PRODUCTION in str(refused.value)
    assert not User.objects.exists()


def test_refused_outside_demo_mode(settings):
    settings.DEBUG, settings.DEMO = False, False
    with pytest.raises(CommandError, match="DEMO=true"):
        call_command("seed_demo", NOT_PRODUCTION)
    assert not User.objects.exists()


def test_outside_debug_the_demo_admin_has_no_known_password(settings, capsys):
    settings.DEBUG, settings.DEMO = False, True
    call_command("seed_demo", NOT_PRODUCTION)
    admin = demo_user("admin")
    assert admin.is_superuser and not admin.has_usable_password()
    assert demo_user("responsable").check_password(DEMO_PASSWORD)
    out = capsys.readouterr().out
    assert "changepassword admin@demo.foquale.fr" in out


def test_a_demo_admin_left_with_the_known_password_loses_it_outside_debug(settings):
    settings.DEBUG = True
    seed_organisation()
    assert demo_user("admin").check_password(DEMO_PASSWORD)  # a developer's machine

    settings.DEBUG = False
    seed_organisation()
    assert not demo_user("admin").has_usable_password()
    assert demo_user("tuteur").check_password(DEMO_PASSWORD)
