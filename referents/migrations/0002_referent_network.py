"""A référent is named for a (network, establishment) pair.

Existing rows were valid for the establishment in every network it belongs to: each row is
kept for each of those networks, so nobody loses a case on the day of the upgrade; the
leads then remove what they did not mean. A row whose establishment is in no network is
dropped (it gave no case).
"""

import django.db.models.deletion
from django.db import migrations, models


def pair_with_networks(apps, schema_editor):
    Referent = apps.get_model("referents", "Referent")
    Link = apps.get_model("networks", "Network").establishments.through
    networks_of: dict[int, list[int]] = {}
    for network_id, establishment_id in Link.objects.values_list("network_id", "establishment_id"):
        networks_of.setdefault(establishment_id, []).append(network_id)
    for referent in Referent.objects.filter(network__isnull=True):
        networks = sorted(networks_of.get(referent.establishment_id, []))
        if not networks:
            referent.delete()
            continue
        referent.network_id = networks[0]
        referent.save(update_fields=["network"])
        for network_id in networks[1:]:
            Referent.objects.create(
                network_id=network_id,
                establishment_id=referent.establishment_id,
                user_id=referent.user_id,
                school_year=referent.school_year,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0003_access_grants"),
        ("referents", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="referent", name="referent_unique"),
        migrations.AddField(
            model_name="referent",
            name="network",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="referents",
                to="networks.network",
                verbose_name="réseau",
            ),
        ),
        migrations.RunPython(pair_with_networks, migrations.RunPython.noop),
    ]
