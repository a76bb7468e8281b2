"""Writes for the networks app: the lead, committee seats, objectives, actions, meetings.

Every membership change refreshes the person's grants in the same transaction, so an
access never outlives a role. Bad input raises `ValidationError` with a French message
before anything is written (or rolls the transaction back); views show it as a form error.
"""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from foquale.accounts.models import User

from ..enums import SINGLE_SEATS, SeatRole
from ..grants import refresh_user_grants
from ..models import CommitteeSeat, Establishment, Network
from ..models.governance import represented_kind_error
from .common import (  # noqa: F401 (the readers' and forms' entry point)
    FUTURE_DATE,
    OTHER_ACADEMY,
    _check_not_future,
    _check_person,
    _save,
    holds_role_in_other_academy,
    network_people,
    seat_establishments,
)

logger = logging.getLogger(__name__)

SEAT_TAKEN = "Ce siège a déjà un titulaire."


# --- the lead ---


@transaction.atomic
def network_appoint_lead(
    *, network: Network, user: User, appointed_on: dt.date, by: User
) -> Network:
    """Name the lead (decided by the recteur); the previous lead loses the lead's grants."""
    if network.lead_id == user.pk:
        raise ValidationError("Cette personne est déjà responsable de ce réseau.")
    _check_person(network, user)
    _check_not_future(appointed_on)
    previous = network.lead
    network.lead = user
    network.lead_appointed_on = appointed_on
    network.save(update_fields=["lead", "lead_appointed_on"])
    refresh_user_grants(network, user)
    if previous is not None:
        refresh_user_grants(network, previous)
    logger.info("network=%s lead=%s appointed by user=%s", network.pk, user.pk, by.pk)
    return network


# --- committee seats ---


@transaction.atomic
def committee_seat(
    *,
    network: Network,
    role: str,
    user: User,
    establishment: Establishment | None = None,
    started_on: dt.date,
) -> CommitteeSeat:
    """Seat a member of the comité de réseau."""
    if role not in SeatRole.values:
        raise ValidationError("Ce siège n’existe pas dans le comité de réseau.")
    _check_person(network, user)
    _check_not_future(started_on, "started_on")
    _check_represented(network, role, establishment)
    active = network.seats.active()
    if role in SINGLE_SEATS and active.filter(role=role).exists():
        raise ValidationError(SEAT_TAKEN)
    held = active.filter(user=user).first()
    if held is not None:
        raise ValidationError({"user": one_seat_message(held)})
    try:
        # A concurrent request may have filled the seat since the check: the database
        # constraint decides, and the savepoint keeps the outer transaction usable.
        with transaction.atomic():
            seat = CommitteeSeat.objects.create(
                network=network,
                role=role,
                user=user,
                establishment=establishment,
                started_on=started_on,
            )
    except IntegrityError as error:
        held = network.seats.active().filter(user=user).first()
        raise ValidationError({"user": one_seat_message(held)} if held else SEAT_TAKEN) from error
    refresh_user_grants(network, user)
    logger.info("network=%s seat=%s role=%s filled", network.pk, seat.pk, role)
    return seat


def one_seat_message(seat: CommitteeSeat) -> str:
    return (
        f"{seat.user.get_full_name()} siège déjà au comité de ce réseau "
        f"(siège « {seat.get_role_display()} ») : une personne n’occupe qu’un siège."
    )


def _check_represented(network: Network, role: str, establishment: Establishment | None) -> None:
    if establishment is None:
        return
    if not network.establishments.filter(pk=establishment.pk).exists():
        raise ValidationError(
            {"establishment": "L’établissement représenté doit être membre du réseau."}
        )
    message = represented_kind_error(role, establishment)
    if message:
        raise ValidationError({"establishment": message})


def _close(seat: CommitteeSeat, on: dt.date) -> CommitteeSeat:
    locked = CommitteeSeat.objects.select_for_update().get(pk=seat.pk)
    if locked.ended_on is not None:
        raise ValidationError("Ce siège a déjà été libéré.")
    _check_not_future(on)
    if on < locked.started_on:
        raise ValidationError(
            "La date de fin ne peut pas précéder l’entrée en fonction du titulaire "
            f"({locked.started_on:%d/%m/%Y})."
        )
    locked.ended_on = on
    locked.save(update_fields=["ended_on"])
    return locked


_SAME = object()


@transaction.atomic
def committee_seat_replace(
    *,
    seat: CommitteeSeat,
    user: User,
    on: dt.date,
    establishment: Establishment | None | object = _SAME,
) -> CommitteeSeat:
    """End the seat on `on` and give it to `user` from that day; the history stays.

    The new holder represents the same establishment unless another one is given.
    """
    if seat.user_id == user.pk:
        raise ValidationError({"user": "Cette personne occupe déjà ce siège."})
    _check_person(seat.network, user)
    _close(seat, on)
    new_seat = committee_seat(
        network=seat.network,
        role=seat.role,
        user=user,
        establishment=seat.establishment if establishment is _SAME else establishment,
        started_on=on,
    )
    refresh_user_grants(seat.network, seat.user)
    return new_seat


@transaction.atomic
def committee_seat_end(*, seat: CommitteeSeat, on: dt.date) -> CommitteeSeat:
    """Free the seat from `on`: the member keeps no access they held only through it."""
    ended = _close(seat, on)
    refresh_user_grants(seat.network, seat.user)
    logger.info("network=%s seat=%s ended", seat.network_id, seat.pk)
    return ended


# Objectives, actions and meetings: the committee's planning.
from .attachments import meeting_attachment_add  # noqa: E402, F401
from .planning import *  # noqa: E402, F403
