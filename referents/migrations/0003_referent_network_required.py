# Separate from 0002: on PostgreSQL a table with pending row updates cannot be altered in
# the same transaction.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("referents", "0002_referent_network")]

    operations = [
        migrations.AlterField(
            model_name="referent",
            name="network",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="referents",
                to="networks.network",
                verbose_name="réseau",
            ),
        ),
        migrations.AddConstraint(
            model_name="referent",
            constraint=models.UniqueConstraint(
                fields=("network", "establishment", "user", "school_year"),
                name="referent_unique",
            ),
        ),
    ]
