"""Demo operational actors in the demo network of `responsable`."""

from django.db import transaction

from foquale.schoolyear import current_school_year
from networks.demo import demo_user
from networks.enums import EstablishmentKind
from networks.models import Network

from .enums import AssessorFunction, TeamFunction
from .models import Referent, TeamMember
from .services import assessor_add, referent_add


@transaction.atomic
def seed_actors(network: Network) -> None:
    establishments = list(
        network.establishments.filter(
            kind__in=[EstablishmentKind.LP, EstablishmentKind.LPO, EstablishmentKind.COLLEGE]
        ).order_by("id")
    )
    home = establishments[0]
    referent = demo_user("referent")
    if not Referent.objects.filter(network=network, user=referent).exists():
        referent_add(
            network=network,
            establishment=home,
            user=referent,
            school_year=current_school_year(),
            by=network.lead,
        )
    assessor = demo_user("evaluateur")
    if not network.assessors.filter(user=assessor).exists():
        assessor_add(
            network=network, user=assessor, function=AssessorFunction.PSYEN, by=network.lead
        )
    TeamMember.objects.get_or_create(
        establishment=home, user=demo_user("tuteur"), function=TeamFunction.CPE
    )
    TeamMember.objects.get_or_create(
        establishment=establishments[-1], user=demo_user("tuteur2"), function=TeamFunction.TEACHER
    )
