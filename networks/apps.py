from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = "Réseaux FOQUALE"

    def ready(self) -> None:
        from . import grants  # noqa: F401  (registers the grant rules)
