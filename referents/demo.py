"""Demo operational actors in the demo network of `responsable`."""

from django.db import transaction

from foquale.schoolyear import current_school_year
from networks.demo import demo_user
from networks.enums import EstablishmentKind
from networks.models import Network

from .enums import AssessorFunction, TeamFunction
from .models import Referent, TeamMember
from .services import assessor_add


@transaction.atomic
def seed_actors(network: Network) -> None:
    establishments = list(
        network.establishments.filter(
            kind__in=[EstablishmentKind.LP, EstablishmentKind.LPO, EstablishmentKind.COLLEGE]
        ).order_by("id")
    )
    home = establishments[0]
    Referent.objects.get_or_create(
        establishment=home, user=demo_user("referent"), school_year=current_school_year()
    )
    assessor = demo_user("evaluateur")
    if not network.assessors.filter(user=assessor).exists():
        assessor_add(network=network, user=assessor, function=AssessorFunction.PSYEN)
    TeamMember.objects.get_or_create(
        establishment=home, user=demo_user("tuteur"), function=TeamFunction.CPE
    )
    TeamMember.objects.get_or_create(
        establishment=establishments[-1], user=demo_user("tuteur2"), function=TeamFunction.TEACHER
    )
