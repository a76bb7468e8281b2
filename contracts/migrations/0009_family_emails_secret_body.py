"""Family e-mails carry a personal link: those already stored are marked so (emptied once
sent), and the bodies of those already sent are emptied now rather than after
OUTBOX_KEEP_DAYS."""

from django.db import migrations

FAMILY_KIND = "family_contract"
ERASED = "(Contenu effacé dès l’envoi : il contenait un lien d’accès personnel.)"


def mark_and_erase(apps, schema_editor):
    OutboxEmail = apps.get_model("outbox", "OutboxEmail")
    family = OutboxEmail.objects.filter(kind=FAMILY_KIND)
    family.update(secret_body=True)
    # A pruned row (empty body) stays as it is.
    family.filter(status="sent").exclude(body_text="").update(body_text=ERASED, body_html="")


class Migration(migrations.Migration):

    dependencies = [
        ("contracts", "0008_calendar_token_drop_plain"),
        ("outbox", "0003_outbox_secret_body"),
    ]

    operations = [
        migrations.RunPython(mark_and_erase, migrations.RunPython.noop),
    ]
