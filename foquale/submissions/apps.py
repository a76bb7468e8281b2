from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "foquale.submissions"
    label = "submissions"
    verbose_name = "envois de formulaires"
    default_auto_field = "django.db.models.BigAutoField"
