from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Journal des accès"

    def ready(self) -> None:
        from . import grants  # noqa: F401  (registers the grant rule)
