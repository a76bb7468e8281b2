from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "foquale.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from .middleware import stamp_session
        from .security import record_login_failure

        user_login_failed.connect(record_login_failure, dispatch_uid="foquale-login-failure")
        user_logged_in.connect(stamp_session, dispatch_uid="foquale-session-stamp")
