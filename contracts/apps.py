from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Parcours et contrats"

    def ready(self) -> None:
        from . import grants  # noqa: F401  (registers the grant rule)
        from .reviews import admin  # noqa: F401  (registers the reviews' admin pages)
