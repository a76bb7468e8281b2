"""The clear calendar token column goes (0007 hashed every value)."""

from django.db import migrations, models


def forget_secrets(apps, schema_editor):
    """Backwards only: a hash gives no clear token back, so the addresses are revoked."""
    apps.get_model("contracts", "CalendarToken").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("contracts", "0007_calendar_token_hash"),
    ]

    operations = [
        migrations.RemoveField(model_name="calendartoken", name="token"),
        migrations.RunPython(migrations.RunPython.noop, forget_secrets),
        migrations.AlterField(
            model_name="calendartoken",
            name="token_hash",
            field=models.CharField(max_length=64, unique=True, verbose_name="empreinte du jeton"),
        ),
    ]
