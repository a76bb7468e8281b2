"""Signing online: the confirmation code sent to the party's address, the signature given
through a personal link or by the tutor logged in, and the proof kept with it."""

import datetime as dt
import ipaddress

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from foquale.accounts.models import User
from foquale.inputs import name_key
from foquale.outbox.services import email_queue

from ..enums import SignatoryRole, SignatureMode
from ..models import Amendment, Contract, Signature, SigningInvitation
from ..models.esign import CODE_MAX_ATTEMPTS, CODE_MAX_SENDS, hash_code
from .invitations import invitation_party_name
from .signatures import signature_record

CODE_MINUTES = 10
USER_AGENT_MAX = 300
NAME_MISMATCH = (
    "Le nom saisi ne correspond pas à celui du contrat : tapez votre prénom et votre nom "
    "tels qu’ils figurent sur le contrat."
)
NOT_ACCEPTED = "Cochez la case pour indiquer que vous avez lu le contrat et l’acceptez."


class InvitationGone(Exception):
    """The link is no longer usable (signed, withdrawn, declined, locked or expired): the
    page answers 404, as for an unknown link."""


def truncate_ip(address: str) -> str:
    """The network of the address, not the address: IPv4 to /24, IPv6 to /48."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def names_match(typed: str, first_name: str, last_name: str) -> bool:
    """The full name as in the contract, in either order, accents and case aside."""
    key = name_key(typed)
    return bool(key) and key in {
        name_key(f"{first_name} {last_name}"),
        name_key(f"{last_name} {first_name}"),
    }


def _check_confirmation(typed_name: str, accepted: bool, person) -> None:
    errors = {}
    if not names_match(typed_name, person.first_name, person.last_name):
        errors["full_name"] = NAME_MISMATCH
    if not accepted:
        errors["accept"] = NOT_ACCEPTED
    if errors:
        raise ValidationError(errors)


def _locked_pending(invitation: SigningInvitation) -> SigningInvitation:
    locked = (
        # Only the invitation's row: PostgreSQL locks no nullable side of an outer join.
        SigningInvitation.objects.select_for_update(of=("self",))
        .select_related("contract__youth", "guardian", "amendment", "created_by")
        .get(pk=invitation.pk)
    )
    if not locked.is_pending:
        raise InvitationGone
    return locked


def _person(invitation: SigningInvitation):
    return invitation.guardian or invitation.contract.youth


def code_send(*, invitation: SigningInvitation, typed_name: str, accepted: bool) -> None:
    """Check the name and the box, then mail a new 6-digit code to the invitation's address
    (valid CODE_MINUTES; the former code stops working). Only its keyed hash is stored."""
    with transaction.atomic():
        invitation = _locked_pending(invitation)
        _check_confirmation(typed_name, accepted, _person(invitation))
        too_many = invitation.codes_sent >= CODE_MAX_SENDS
        if too_many:
            invitation.locked_at = timezone.now()
            invitation.save(update_fields=["locked_at"])
        else:
            code = SigningInvitation.new_code()
            invitation.codes_sent += 1
            invitation.code_hash = hash_code(invitation.pk, code)
            invitation.code_expires_at = timezone.now() + dt.timedelta(minutes=CODE_MINUTES)
            invitation.save(update_fields=["codes_sent", "code_hash", "code_expires_at"])
            email_queue(
                kind="esign_code",
                to=[invitation.email],
                template="contracts/emails/esign_code",
                context={
                    "name": invitation_party_name(invitation),
                    "code": code,
                    "minutes": CODE_MINUTES,
                    "youth_first_name": invitation.contract.youth.first_name,
                },
                dedupe_key=f"esign_code:{invitation.pk}:{invitation.codes_sent}",
                secret_body=True,
            )
    if too_many:
        raise ValidationError(
            "Trop de codes ont été demandés pour ce lien : il est verrouillé. Demandez au "
            "référent de vous envoyer un nouveau lien."
        )


def _proof(email: str, typed_name: str, ip: str, user_agent: str) -> dict:
    return {
        "signed_at": timezone.now(),
        "email": email,
        "typed_name": typed_name.strip()[:300],
        "ip_truncated": truncate_ip(ip),
        "user_agent": (user_agent or "")[:USER_AGENT_MAX],
    }


def signature_online(
    *,
    invitation: SigningInvitation,
    typed_name: str,
    accepted: bool,
    code: str,
    ip: str,
    user_agent: str,
) -> Signature:
    """The party signs through their link: name, box and the code last sent. A wrong code
    counts; the CODE_MAX_ATTEMPTS-th locks the link until the référent sends a new one.
    Two tabs signing at once give one signature: the invitation's row is locked and used."""
    with transaction.atomic():
        invitation = _locked_pending(invitation)
        _check_confirmation(typed_name, accepted, _person(invitation))
        now = timezone.now()
        fresh = invitation.code_hash and invitation.code_expires_at > now
        if fresh and constant_time_compare(
            invitation.code_hash, hash_code(invitation.pk, (code or "").strip())
        ):
            invitation.used_at = now
            invitation.code_hash = ""
            invitation.save(update_fields=["used_at", "code_hash"])
            return signature_record(
                contract=invitation.contract,
                amendment=invitation.amendment,
                role=invitation.role,
                guardian=invitation.guardian,
                signed_on=timezone.localdate(),
                mode=SignatureMode.ONLINE,
                recorded_by=invitation.created_by,
                seen_sha256=invitation.terms_sha256,
                proof=_proof(invitation.email, typed_name, ip, user_agent),
            )
        if fresh:
            invitation.failed_attempts += 1
            left = CODE_MAX_ATTEMPTS - invitation.failed_attempts
            if left <= 0:
                invitation.locked_at = now
            invitation.save(update_fields=["failed_attempts", "locked_at"])
    if not fresh:
        message = "Ce code n’est plus valable : demandez un nouveau code."
    elif left > 0:
        message = f"Ce code est erroné. Il vous reste {left} essai{'s' if left > 1 else ''}."
    else:
        message = (
            "Code erroné pour la cinquième fois : ce lien est verrouillé. Demandez au "
            "référent de vous envoyer un nouveau lien."
        )
    raise ValidationError({"code": message})


def signature_by_tutor(
    *,
    contract: Contract,
    user: User,
    typed_name: str,
    accepted: bool,
    ip: str,
    user_agent: str,
    amendment: Amendment | None = None,
    seen_sha256: str | None = None,
) -> Signature:
    """The tutor signs logged in: the same confirmation, no code (the session is the proof
    of who they are)."""
    if contract.tutor_id != user.pk:
        raise ValidationError("Seul le tuteur du contrat le signe en ligne.")
    _check_confirmation(typed_name, accepted, user)
    return signature_record(
        contract=contract,
        amendment=amendment,
        role=SignatoryRole.TUTOR,
        signed_on=timezone.localdate(),
        mode=SignatureMode.ONLINE,
        recorded_by=user,
        seen_sha256=seen_sha256,
        proof=_proof(user.email, typed_name, ip, user_agent),
    )
