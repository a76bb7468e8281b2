from django.apps import AppConfig


class ReferentsConfig(AppConfig):
    name = "referents"
    verbose_name = "Acteurs opérationnels"
