"""The référent's choice of channel, party by party, and the life of the personal links:
sending, reminders on days 3 and 7, withdrawal when the text changes, refusal by a party.

The clear token only travels in the e-mail; the row keeps its SHA-256 (`hash_token`)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from foquale.accounts.models import User
from foquale.inputs import TEXT_MAX, clean_text
from foquale.outbox.services import email_queue
from networks.perms import referent_emails

from ..enums import ContractStatus, SignatoryRole, SigningChannel
from ..models import Amendment, Contract, SigningInvitation
from ..models.contract import terms_digest
from ..models.family import hash_token
from ..signing import Party, signature_state

INVITATION_DAYS = 14
# A party who has not signed gets a reminder this many days after the invitation.
REMINDER_DAYS = (3, 7)


def signing_url(token: str) -> str:
    return settings.SITE_URL + reverse("contracts:esign_page", args=[token])


def party_email(party: Party, contract: Contract) -> str:
    if party.role == SignatoryRole.TUTOR:
        return contract.tutor.email
    if party.guardian is not None:
        return party.guardian.email
    return contract.youth.email


def _what(amendment: Amendment | None) -> str:
    return f"l’avenant n° {amendment.number} au contrat" if amendment else "le contrat"


def _check_open(contract: Contract, amendment: Amendment | None) -> None:
    if amendment is None and contract.status != ContractStatus.AWAITING_SIGNATURES:
        raise ValidationError("Ce contrat n’attend plus de signatures.")
    if amendment is not None and (
        amendment.signed_on is not None or contract.status != ContractStatus.ACTIVE
    ):
        raise ValidationError("Cet avenant n’attend plus de signatures.")


def _live(contract: Contract, amendment: Amendment | None, party: Party):
    live = SigningInvitation.objects.filter(
        contract=contract, amendment=amendment, role=party.role, revoked_at__isnull=True
    )
    return live.filter(guardian=party.guardian) if party.guardian else live


@transaction.atomic
def invitations_send(
    *,
    contract: Contract,
    by: User,
    channels: dict[str, str],
    amendment: Amendment | None = None,
) -> int:
    """Apply the référent's choice for each party still to sign (`channels`: party key →
    `SigningChannel`). An online party gets a new personal link (the former one is
    withdrawn), the tutor a message to sign logged in; a paper party's link is withdrawn.
    Returns the number of e-mails sent."""
    Contract.objects.select_for_update().get(pk=contract.pk)
    contract.refresh_from_db()
    if amendment is not None:
        amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    _check_open(contract, amendment)
    state = signature_state(contract, amendment)
    missing = [party for party, signature in state.parties if signature is None]
    errors = {}
    for party in missing:
        if channels.get(party.key) == SigningChannel.ONLINE and not party_email(party, contract):
            errors[f"channel_{party.key}"] = (
                f"{party.name} n’a pas d’adresse électronique au dossier : ajoutez-la, ou "
                "choisissez la signature sur papier."
            )
    if errors:
        raise ValidationError(errors)
    digest = terms_digest(contract, amendment)
    now = timezone.now()
    sent = 0
    for party in missing:
        channel = channels.get(party.key)
        if channel not in SigningChannel.values:
            continue
        _live(contract, amendment, party).filter(used_at__isnull=True).update(revoked_at=now)
        if channel == SigningChannel.PAPER:
            continue
        if party.role == SignatoryRole.TUTOR:
            sent += _tutor_notify(contract, amendment, by)
            continue
        _invite(contract, amendment, party, digest, by)
        sent += 1
    return sent


def _tutor_notify(contract: Contract, amendment: Amendment | None, by: User) -> int:
    tutor = contract.tutor
    if not tutor.is_active or not tutor.email:
        return 0
    sign_url = (
        reverse("contracts:amendment_sign_online", args=[contract.pk, amendment.number])
        if amendment
        else reverse("contracts:tutor_sign", args=[contract.pk])
    )
    email_queue(
        kind="esign_tutor",
        to=[tutor.email],
        template="contracts/emails/esign_tutor",
        context={
            "name": tutor.get_full_name(),
            "what": _what(amendment),
            "contract": contract,
            "youth_first_name": contract.youth.first_name,
            "sign_url": settings.SITE_URL + sign_url,
            "by": by.get_full_name(),
        },
    )
    return 1


def _invite(
    contract: Contract, amendment: Amendment | None, party: Party, digest: str, by: User
) -> SigningInvitation:
    token = SigningInvitation.new_token()
    now = timezone.now()
    invitation = SigningInvitation.objects.create(
        contract=contract,
        amendment=amendment,
        role=party.role,
        guardian=party.guardian,
        email=party_email(party, contract),
        terms_sha256=digest,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
        created_by=by,
    )
    _mail_link(invitation, token, party.name, template="esign_invitation")
    return invitation


def _mail_link(invitation: SigningInvitation, token: str, name: str, *, template: str) -> None:
    contract = invitation.contract
    email_queue(
        kind=template,
        to=[invitation.email],
        template=f"contracts/emails/{template}",
        context={
            "name": name,
            "what": _what(invitation.amendment),
            "youth_first_name": contract.youth.first_name,
            "contract": contract,
            "link_url": signing_url(token),
            "expires_at": invitation.expires_at,
            "by": invitation.created_by.get_full_name(),
        },
        dedupe_key=f"{template}:{invitation.pk}:{invitation.reminders_sent}",
        secret_body=True,
    )


def invitation_party_name(invitation: SigningInvitation) -> str:
    person = invitation.guardian or invitation.contract.youth
    return f"{person.first_name} {person.last_name}"


def invitations_remind(*, now: dt.datetime | None = None) -> int:
    """Remind the parties who have not signed 3 and 7 days after their invitation, with a
    fresh link (the former one stops working). Idempotent: each reminder is claimed by a
    conditional update of the invitation's counter. Returns the number of reminders."""
    now = now or timezone.now()
    sent = 0
    # The later reminder first: an invitation missed on day 3 gets only the day-7 one.
    for level, days in reversed(list(enumerate(REMINDER_DAYS, start=1))):
        due = SigningInvitation.objects.pending().filter(
            reminders_sent__lt=level, created_at__lte=now - dt.timedelta(days=days)
        )
        for pk in due.values_list("pk", flat=True):
            sent += _remind(pk, level)
    return sent


@transaction.atomic
def _remind(pk: int, level: int) -> int:
    token = SigningInvitation.new_token()
    claimed = (
        SigningInvitation.objects.pending()
        .filter(pk=pk, reminders_sent__lt=level)
        .update(reminders_sent=level, token_hash=hash_token(token))
    )
    if not claimed:
        return 0
    invitation = SigningInvitation.objects.select_related(
        "contract__youth", "guardian", "amendment", "created_by"
    ).get(pk=pk)
    _mail_link(invitation, token, invitation_party_name(invitation), template="esign_reminder")
    return 1


def invitations_withdraw(*, contract: Contract, by: User) -> int:
    """The text of a contract changed: its invitations are withdrawn (the signatures, by
    `contract_update`), and each party invited is told. Returns the number told."""
    now = timezone.now()
    invitations = list(
        SigningInvitation.objects.filter(
            contract=contract, amendment__isnull=True, revoked_at__isnull=True
        ).select_related("contract__youth", "guardian", "created_by")
    )
    SigningInvitation.objects.filter(pk__in=[i.pk for i in invitations]).update(revoked_at=now)
    for invitation in invitations:
        email_queue(
            kind="esign_withdrawn",
            to=[invitation.email],
            template="contracts/emails/esign_withdrawn",
            context={
                "name": invitation_party_name(invitation),
                "youth_first_name": contract.youth.first_name,
                "contract": contract,
                "signed": invitation.used_at is not None,
                "by": by.get_full_name(),
            },
            dedupe_key=f"esign_withdrawn:{invitation.pk}",
        )
    return len(invitations)


@transaction.atomic
def invitation_decline(*, invitation: SigningInvitation, reason: str) -> SigningInvitation:
    """A party refuses to sign, with a reason: the référents are told at once."""
    reason = clean_text(reason, field="reason", max_length=TEXT_MAX, multiline=True)
    if not reason:
        raise ValidationError({"reason": "Indiquez pourquoi vous refusez de signer."})
    invitation = SigningInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError("Ce lien n’est plus valable.")
    invitation.declined_at = timezone.now()
    invitation.decline_reason = reason
    invitation.save(update_fields=["declined_at", "decline_reason"])
    contract = invitation.contract
    youth = contract.youth
    pair = (youth.network_id, youth.establishment_id)
    recipients = set(referent_emails({pair}).get(pair, []))
    if invitation.created_by.is_active:
        recipients.add(invitation.created_by.email)
    for address in sorted(recipients):
        email_queue(
            kind="esign_declined",
            to=[address],
            template="contracts/emails/esign_declined",
            context={
                "contract": contract,
                "youth": youth,
                "what": _what(invitation.amendment),
                "party": invitation.get_role_display(),
                "party_name": invitation_party_name(invitation),
                "reason": reason,
                "contract_url": settings.SITE_URL + contract.get_absolute_url(),
            },
            dedupe_key=f"esign_declined:{invitation.pk}:{address}",
        )
    return invitation
