from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "foquale.outbox"
    label = "outbox"
    verbose_name = "Courriels"
