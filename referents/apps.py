from django.apps import AppConfig


class ReferentsConfig(AppConfig):
    name = "referents"
    verbose_name = "Acteurs opérationnels"

    def ready(self) -> None:
        from . import grants  # noqa: F401  (registers the grant rules)
        from .people import register

        register()  # the operational actors in the académie's directory
