"""Committee seats: seating, replacing and ending a member, and who may sit where."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from networks import perms, services
from networks.enums import EstablishmentKind, SeatRole
from networks.grants import refresh_network_grants
from networks.models import CommitteeSeat
from tests.factories import (
    CommitteeSeatFactory,
    EstablishmentFactory,
    NetworkFactory,
    PlatformFactory,
    SteeringMemberFactory,
    UserFactory,
)

from .conftest import DAY, _visible

pytestmark = pytest.mark.django_db


def test_seating_a_member_grants_view(network, today):
    member = UserFactory()
    seat = services.committee_seat(
        network=network, role=SeatRole.HEAD_COLLEGE, user=member, started_on=DAY
    )
    assert seat.ended_on is None
    assert _visible(member, network)
    assert not perms.can_edit_network(member, network)
    assert "Chef d’établissement représentant les collèges" not in network.composition_message()


def test_a_second_holder_of_a_single_seat_is_refused(network, committee_member, today):
    with pytest.raises(ValidationError) as error:
        services.committee_seat(
            network=network, role=SeatRole.HEAD_LP, user=UserFactory(), started_on=DAY
        )
    assert error.value.messages == ["Ce siège a déjà un titulaire."]
    assert network.seats.count() == 1


def test_the_database_constraint_backs_the_single_seat_check(
    network, committee_member, today, monkeypatch
):
    """Two requests racing past the check: the constraint refuses, in French, cleanly."""
    monkeypatch.setattr(services, "SINGLE_SEATS", ())
    newcomer = UserFactory()
    with pytest.raises(ValidationError, match="Ce siège a déjà un titulaire."):
        services.committee_seat(
            network=network, role=SeatRole.HEAD_LP, user=newcomer, started_on=DAY
        )
    assert network.seats.count() == 1
    assert not _visible(newcomer, network)


def test_associated_members_may_be_several_but_not_twice_the_same(network, today):
    first, second = UserFactory(), UserFactory()
    for user in (first, second):
        services.committee_seat(network=network, role=SeatRole.OTHER, user=user, started_on=DAY)
    with pytest.raises(ValidationError, match="siège déjà au comité de ce réseau"):
        services.committee_seat(network=network, role=SeatRole.OTHER, user=first, started_on=DAY)
    assert network.seats.filter(role=SeatRole.OTHER).count() == 2


def test_one_person_holds_one_seat_per_committee(network, today):
    person = UserFactory()
    services.committee_seat(network=network, role=SeatRole.MLDS_PILOT, user=person, started_on=DAY)
    with pytest.raises(ValidationError) as refused:
        services.committee_seat(
            network=network, role=SeatRole.CIO_DIRECTOR, user=person, started_on=DAY
        )
    assert "n’occupe qu’un siège" in refused.value.message_dict["user"][0]
    assert network.seats.filter(user=person).count() == 1
    # The database says the same when a request slips past the check.
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSeat.objects.create(
            network=network, role=SeatRole.CIO_DIRECTOR, user=person, started_on=DAY
        )
    # Another network's committee is another matter.
    other = NetworkFactory(academy=network.academy)
    services.committee_seat(network=other, role=SeatRole.CIO_DIRECTOR, user=person, started_on=DAY)


@pytest.mark.parametrize("other_role", ["lead", "seat", "coordinator", "steering"])
def test_a_member_from_another_academy_is_refused(network, other_role, today):
    user = UserFactory()
    elsewhere = NetworkFactory()
    if other_role == "lead":
        elsewhere.lead, elsewhere.lead_appointed_on = user, DAY
        elsewhere.save()
        refresh_network_grants(elsewhere)
    elif other_role == "seat":
        CommitteeSeatFactory(network=elsewhere, user=user)
    elif other_role == "coordinator":
        PlatformFactory(academy=elsewhere.academy).coordinators.create(user=user)
    else:
        SteeringMemberFactory(committee__academy=elsewhere.academy, user=user)
    with pytest.raises(ValidationError, match="autre académie"):
        services.committee_seat(
            network=network, role=SeatRole.CIO_DIRECTOR, user=user, started_on=DAY
        )
    assert not network.seats.filter(user=user).exists()


def test_a_former_member_elsewhere_may_be_seated(network, today):
    """Only current roles tie a person to an academy."""
    user = UserFactory()
    CommitteeSeatFactory(user=user, ended_on=dt.date(2026, 12, 1))
    services.committee_seat(network=network, role=SeatRole.CIO_DIRECTOR, user=user, started_on=DAY)
    assert _visible(user, network)


def test_the_represented_establishment_must_belong_to_the_network(network, today):
    outside = EstablishmentFactory(academy=network.academy, kind=EstablishmentKind.COLLEGE)
    with pytest.raises(ValidationError, match="membre du réseau"):
        services.committee_seat(
            network=network,
            role=SeatRole.HEAD_COLLEGE,
            user=UserFactory(),
            establishment=outside,
            started_on=DAY,
        )
    network.establishments.add(outside)
    seat = services.committee_seat(
        network=network,
        role=SeatRole.HEAD_COLLEGE,
        user=UserFactory(),
        establishment=outside,
        started_on=DAY,
    )
    assert seat.establishment == outside


WRONG_KIND = (
    "Le siège « Chef d’établissement représentant les LP » représente un établissement de "
    "type « Lycée professionnel (LP) » ou « Lycée polyvalent » ; « Collège Jean Moulin » est "
    "de type « Collège »."
)


def _member_establishment(network, kind, name=None):
    establishment = EstablishmentFactory(academy=network.academy, kind=kind)
    if name:
        establishment.name = name
        establishment.save(update_fields=["name"])
    network.establishments.add(establishment)
    return establishment


def test_a_seat_represents_an_establishment_of_its_kind(network, today):
    college = _member_establishment(network, EstablishmentKind.COLLEGE, "Collège Jean Moulin")
    newcomer = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.committee_seat(
            network=network,
            role=SeatRole.HEAD_LP,
            user=newcomer,
            establishment=college,
            started_on=DAY,
        )
    assert error.value.messages == [WRONG_KIND]
    assert not network.seats.filter(user=newcomer).exists()
    assert not _visible(newcomer, network)
    # A lycée polyvalent stands for the LEGT (and the LP); an associated member represents
    # any establishment of the network.
    polyvalent = _member_establishment(network, EstablishmentKind.LPO)
    seat = services.committee_seat(
        network=network,
        role=SeatRole.HEAD_LEGT,
        user=newcomer,
        establishment=polyvalent,
        started_on=DAY,
    )
    assert seat.establishment == polyvalent
    other = services.committee_seat(
        network=network,
        role=SeatRole.OTHER,
        user=UserFactory(),
        establishment=college,
        started_on=DAY,
    )
    assert other.establishment == college


def test_replacing_with_an_establishment_of_the_wrong_kind_changes_nothing(
    network, committee_member, today
):
    seat = network.seats.get()
    college = _member_establishment(network, EstablishmentKind.COLLEGE, "Collège Jean Moulin")
    newcomer = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.committee_seat_replace(seat=seat, user=newcomer, on=DAY, establishment=college)
    assert error.value.messages == [WRONG_KIND]
    seat.refresh_from_db()
    assert seat.ended_on is None
    assert network.seats.count() == 1
    assert _visible(committee_member, network)
    assert not _visible(newcomer, network)


def test_a_seat_edited_in_the_admin_is_checked_too(network):
    college = _member_establishment(network, EstablishmentKind.COLLEGE, "Collège Jean Moulin")
    seat = CommitteeSeat(
        network=network,
        role=SeatRole.HEAD_LP,
        user=UserFactory(),
        establishment=college,
        started_on=DAY,
    )
    with pytest.raises(ValidationError) as error:
        seat.full_clean()
    assert error.value.message_dict["establishment"] == [WRONG_KIND]


def test_an_unknown_role_is_refused(network, today):
    with pytest.raises(ValidationError, match="n’existe pas"):
        services.committee_seat(network=network, role="king", user=UserFactory(), started_on=DAY)


def test_replacing_ends_the_seat_and_moves_the_grants(network, committee_member, today):
    seat = network.seats.get()
    newcomer = UserFactory()
    new_seat = services.committee_seat_replace(seat=seat, user=newcomer, on=DAY)
    seat.refresh_from_db()
    assert seat.ended_on == DAY
    assert (new_seat.role, new_seat.user, new_seat.started_on) == (SeatRole.HEAD_LP, newcomer, DAY)
    assert _visible(newcomer, network)
    assert not _visible(committee_member, network)


@pytest.mark.parametrize(
    ("on", "message"),
    [(dt.date(2026, 9, 1), "précéder l’entrée en fonction"), (dt.date(2027, 2, 1), "postérieure")],
)
def test_replacing_with_a_bad_date_changes_nothing(network, committee_member, today, on, message):
    seat = network.seats.get()
    with pytest.raises(ValidationError, match=message):
        services.committee_seat_replace(seat=seat, user=UserFactory(), on=on)
    seat.refresh_from_db()
    assert seat.ended_on is None
    assert network.seats.count() == 1


def test_replacing_by_someone_from_another_academy_changes_nothing(network, today):
    seat = network.seats.get()
    stranger = NetworkFactory(lead=UserFactory()).lead
    with pytest.raises(ValidationError, match="autre académie"):
        services.committee_seat_replace(seat=seat, user=stranger, on=DAY)
    seat.refresh_from_db()
    assert seat.ended_on is None


def test_replacing_by_the_holder_is_refused(network, committee_member, today):
    with pytest.raises(ValidationError, match="occupe déjà"):
        services.committee_seat_replace(seat=network.seats.get(), user=committee_member, on=DAY)


def test_ending_a_seat_revokes_only_what_it_gave(network, lead, committee_member, today):
    lead_seat = services.committee_seat(
        network=network, role=SeatRole.OTHER, user=lead, started_on=DAY
    )
    services.committee_seat_end(seat=network.seats.get(user=committee_member), on=DAY)
    services.committee_seat_end(seat=lead_seat, on=DAY)
    assert not _visible(committee_member, network)
    assert perms.can_edit_network(lead, network)
    assert network.seats.active().count() == 0
    assert "Chef d’établissement représentant les LP" in network.composition_message()


def test_ending_an_ended_seat_is_refused(network, today):
    seat = network.seats.get()
    services.committee_seat_end(seat=seat, on=DAY)
    with pytest.raises(ValidationError, match="déjà été libéré"):
        services.committee_seat_end(seat=seat, on=DAY)
    assert CommitteeSeat.objects.get(pk=seat.pk).ended_on == DAY
