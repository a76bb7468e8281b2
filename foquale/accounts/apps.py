from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "foquale.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_delete, post_save

        from .backends import forget_user
        from .middleware import stamp_session
        from .security import record_login_failure

        user_login_failed.connect(record_login_failure, dispatch_uid="foquale-login-failure")
        user_logged_in.connect(stamp_session, dispatch_uid="foquale-session-stamp")
        for signal in (post_save, post_delete):
            signal.connect(forget_user, sender=get_user_model(), dispatch_uid="foquale-user-cache")
