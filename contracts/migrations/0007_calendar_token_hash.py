"""Calendar secrets stored as their SHA-256, as family links are.

The clear tokens already handed out are hashed in place: a tutor's subscribed calendar keeps
working. Going back cannot recover a clear secret: the rows are deleted on the way down
(0008) and each tutor makes a new address.
"""

import hashlib

from django.db import migrations, models


def hash_plain_tokens(apps, schema_editor):
    CalendarToken = apps.get_model("contracts", "CalendarToken")
    for row in CalendarToken.objects.only("pk", "token").iterator():
        CalendarToken.objects.filter(pk=row.pk).update(
            token_hash=hashlib.sha256(row.token.encode()).hexdigest()
        )


class Migration(migrations.Migration):

    dependencies = [
        ("contracts", "0006_perf_case_list_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendartoken",
            name="token_hash",
            field=models.CharField(max_length=64, null=True, verbose_name="empreinte du jeton"),
        ),
        migrations.RunPython(hash_plain_tokens, migrations.RunPython.noop),
    ]
