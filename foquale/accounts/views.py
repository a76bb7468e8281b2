"""Log-in and password reset, with the limits per address and per account."""

import logging

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render

from .security import (
    LOGIN_FAILURES_PER_ADDRESS,
    RESET_REQUESTS_PER_ACCOUNT,
    RESET_REQUESTS_PER_ADDRESS,
    client_ip,
)

logger = logging.getLogger(__name__)
TOO_MANY_RESETS = (
    "Trop de demandes de réinitialisation ont été faites depuis votre adresse réseau. "
    "Réessayez dans une heure."
)


class LoginView(auth_views.LoginView):
    """An address with too many failed log-ins, whatever the accounts, is refused before
    any password is checked. The accounts themselves stay open from other addresses."""

    def post(self, request, *args, **kwargs):
        if LOGIN_FAILURES_PER_ADDRESS.exceeded(client_ip(request)):
            logger.warning("log-in refused: too many failures from one address")
            return render(request, "accounts/lockout.html", {"by_address": True}, status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """At most PASSWORD_RESET_PER_ADDRESS requests an hour from one address (the page says
    so) and PASSWORD_RESET_PER_ACCOUNT mails an hour to one address, counted whether an
    account exists or not: past it the page answers as usual and nothing is sent, so it
    tells nothing about the accounts."""

    def form_valid(self, form):
        if RESET_REQUESTS_PER_ADDRESS.hit(client_ip(self.request)) > (
            RESET_REQUESTS_PER_ADDRESS.limit
        ):
            logger.warning("password reset refused: too many requests from one address")
            form.add_error(None, TOO_MANY_RESETS)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        email = form.cleaned_data["email"].strip().lower()
        if RESET_REQUESTS_PER_ACCOUNT.hit(email) > RESET_REQUESTS_PER_ACCOUNT.limit:
            logger.info("password reset not sent: too many requests for one account")
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The link of an invitation (`invitations.py`): the invited person chooses a password,
    then logs in. Same token as a reset: it expires, and choosing a password spends it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            "Votre mot de passe est enregistré : connectez-vous avec votre adresse électronique.",
        )
        return response
