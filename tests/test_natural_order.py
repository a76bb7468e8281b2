"""Platforms, networks and establishments in natural order (« n° 2 » before « n° 10 »)
in every list and select, not only the dashboard: one helper, `foquale.ordering`."""

import re
from html import unescape

import pytest
from django.urls import reverse

from foquale.ordering import natural_key, natural_sorted
from networks.grants import refresh_network_grants
from tests.contracts.factories import YouthFactory
from tests.factories import EstablishmentFactory, NetworkFactory, PlatformFactory, UserFactory
from tests.referents.factories import ReferentFactory

pytestmark = pytest.mark.django_db

NAMES = ["n° 10", "n° 2", "n° 1"]
ORDERED = ["n° 1", "n° 2", "n° 10"]


def _order(html: str, labels: list[str]) -> list[str]:
    """The labels in the order the page shows them."""
    html = unescape(html)
    return sorted(labels, key=lambda label: html.index(label))


def test_the_helper_sorts_names_with_numbers_in_french():
    names = ["Réseau n° 10", "réseau n° 2", "Écrins", "Bassin", "Réseau n° 1"]
    assert sorted(names, key=natural_key) == [
        "Bassin",
        "Écrins",
        "Réseau n° 1",
        "réseau n° 2",
        "Réseau n° 10",
    ]

    class Row:
        def __init__(self, platform, name):
            self.platform, self.name = platform, name

    rows = [Row("PSAD 10", "A"), Row("PSAD 2", "B 10"), Row("PSAD 2", "B 9")]
    assert [(r.platform, r.name) for r in natural_sorted(rows, lambda r: (r.platform, r.name))] == [
        ("PSAD 2", "B 9"),
        ("PSAD 2", "B 10"),
        ("PSAD 10", "A"),
    ]


def test_the_networks_list_and_its_platform_filter(client, network, steering):
    platforms = [PlatformFactory(academy=network.academy, name=f"PSAD {n}") for n in NAMES]
    for platform in platforms:
        for n in NAMES:
            refresh_network_grants(
                NetworkFactory(
                    academy=network.academy, platform=platform, name=f"Réseau {platform.name} {n}"
                )
            )
    client.force_login(steering)
    html = client.get(reverse("networks:list")).content.decode()
    select = html[
        html.index('name="plateforme"') : html.index("</select>", html.index('name="plateforme"'))
    ]
    assert _order(select, [f"PSAD {n}<" for n in NAMES]) == [f"PSAD {n}<" for n in ORDERED]
    table = html[html.index("<tbody") :]
    expected = [f"Réseau PSAD {p} {n}<" for p in ORDERED for n in ORDERED]
    assert _order(table, expected) == expected


def test_establishments_on_the_actors_page_and_in_its_selects(client, network, lead):
    for n in NAMES:
        network.establishments.add(
            EstablishmentFactory(academy=network.academy, name=f"Lycée {n}", kind="lp")
        )
    client.force_login(lead)
    labels = [f"Lycée {n}" for n in ORDERED]
    page = client.get(reverse("referents:actors", args=[network.pk])).content.decode()
    assert _order(page[page.index("<main") :], labels) == labels
    for name in ("referent_add", "team_member_add"):
        form = client.get(reverse(f"referents:{name}", args=[network.pk])).content.decode()
        assert _order(form[form.index("<main") :], labels) == labels
    seat = client.get(
        reverse("networks:seat_create", args=[network.pk, "chef-etablissement-lp"])
    ).content.decode()
    assert _order(seat[seat.index("<main") :], labels) == labels


def test_the_case_list_filter_and_the_placement_select(client, network):
    user = UserFactory()
    schools = [EstablishmentFactory(academy=network.academy, name=f"Collège {n}") for n in NAMES]
    for school in schools:
        network.establishments.add(school)
        ReferentFactory(network=network, establishment=school, user=user)
    for school in schools:
        YouthFactory(network=network, establishment=school)
    client.force_login(user)
    labels = [f"Collège {n}" for n in ORDERED]
    listed = client.get(reverse("contracts:youth_list")).content.decode()
    select = listed[listed.index('name="establishment"') :]
    assert _order(select[: select.index("</select>")], labels) == labels
    create = client.get(reverse("contracts:youth_create")).content.decode()
    select = create[create.index('name="placement"') :]
    assert _order(select[: select.index("</select>")], labels) == labels
    # With a value sent, the options are drawn by the field: the same order.
    filtered = client.get(
        reverse("contracts:youth_list"), {"establishment": schools[0].pk, "step": "bad"}
    )
    html = filtered.content.decode()
    select = html[html.index('name="establishment"') :]
    assert _order(select[: select.index("</select>")], labels) == labels
    assert re.search(r"Collège n° 1\b", html)
