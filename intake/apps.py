from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Listes de la plateforme (SIEI / RIO)"

    def ready(self) -> None:
        from . import grants  # noqa: F401  (registers the grant rule)
