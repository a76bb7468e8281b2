from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "foquale.accounts"
    label = "accounts"
    verbose_name = "Comptes"
