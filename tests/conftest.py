import os
import shutil

import pytest
from django.core.cache import cache
from django.db import connection

from foquale.grants import check_all
from networks.grants import refresh_network_grants, refresh_platform_grants

from .factories import (
    CommitteeSeatFactory,
    NetworkFactory,
    SteeringMemberFactory,
    UserFactory,
)

CI = os.environ.get("CI", "").lower() == "true"
# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Log-in and reset counters, access scopes: nothing carries over from another test."""
    cache.clear()


@pytest.fixture
def kept_a_minute(settings):
    """Figures kept for a person as in production (`foquale.kept`, off in the test
    settings): a test of what is kept and when it is read afresh."""
    settings.KEPT_SECONDS = 60


@pytest.fixture(scope="session", autouse=True)
def _services_present():
    """With CI=true, a missing service fails the run instead of skipping tests."""
    if not CI:
        return
    missing = []
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        missing.append("DATABASE_URL (PostgreSQL)")
    if not os.environ.get("REDIS_URL"):
        missing.append("REDIS_URL")
    if not shutil.which("chromium"):
        missing.append("chromium")
    if missing:
        pytest.exit("CI=true but missing: " + ", ".join(missing), returncode=3)


@pytest.fixture(autouse=True)
def _grants_follow_memberships(request):
    """After every test that used the database: the grants are exactly what the memberships
    imply (`check_grants`). A test, service or factory that leaves a drift fails here."""
    if "_django_db_helper" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("_django_db_helper")  # torn down after this check
    yield
    if connection.needs_rollback:  # the test ended in a broken transaction on purpose
        return
    drift = check_all()
    assert not drift, f"grants drifted from the memberships: {drift}"


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def network(db):
    """A network with a lead, one committee member and grants in place."""
    lead = UserFactory()
    network = NetworkFactory(lead=lead)
    CommitteeSeatFactory(network=network)
    refresh_network_grants(network)
    return network


@pytest.fixture
def lead(network):
    return network.lead


@pytest.fixture
def committee_member(network):
    return network.seats.get().user


@pytest.fixture
def steering(network):
    return SteeringMemberFactory(committee__academy=network.academy).user


@pytest.fixture
def ien_io(network):
    user = UserFactory()
    network.platform.coordinators.create(user=user)
    refresh_platform_grants(network.platform_id)
    return user
