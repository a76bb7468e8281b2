"""An invitation by e-mail: the account is created without a usable password, and a link
lets the person choose one.

The link carries Django's password-reset token (`default_token_generator`): it expires
after PASSWORD_RESET_TIMEOUT and works once, since the token is bound to the password
hash and the last log-in, which choosing a password changes. The token is never stored,
never logged (`foquale.redact` hides it in access logs), and the outbox erases the body of
the e-mail once it has left (`secret_body`).
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from foquale.outbox.services import email_queue

from .models import User

logger = logging.getLogger(__name__)


def invitation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:invitation_accept", args=[uid, token])


def awaits_first_log_in(user: User) -> bool:
    """Invited and not come yet: no usable password, never logged in."""
    return not user.has_usable_password() and user.last_login is None


@transaction.atomic
def account_invite(
    *, email: str, first_name: str, last_name: str, invited_by: User, purpose: str
) -> tuple[User, bool]:
    """The account of `email`, created when there is none, and (True) an invitation sent
    when the person has not come yet. `purpose` says in the e-mail why they are invited
    (« siéger au comité du réseau FOQUALE Lyon »). An existing active account gets no
    e-mail; a disabled one is refused."""
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_active:
        raise ValidationError(
            {
                "email": "Le compte de cette adresse est désactivé : adressez-vous à l’administrateur."
            }
        )
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, first_name=first_name.strip(), last_name=last_name.strip()
        )
    elif not awaits_first_log_in(user):
        return user, False
    email_queue(
        kind="account_invitation",
        to=[user.email],
        template="accounts/emails/invitation",
        context={
            "user": user,
            "invited_by": invited_by,
            "purpose": purpose,
            "link_url": invitation_url(user),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
        secret_body=True,
    )
    logger.info("account=%s invited by user=%s", user.pk, invited_by.pk)
    return user, True
