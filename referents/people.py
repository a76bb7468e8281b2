"""The operational actors in the académie's directory (`networks.people`): référents,
educational teams, assessors and MLDS coordinators, with their establishment."""

from networks.people import Source, register_people_source

from .models import Assessor, MldsCoordinator, Referent, TeamMember


def register() -> None:
    register_people_source(
        Source(
            lambda academy_id: Referent.objects.filter(network__academy_id=academy_id),
            establishment="establishment__name",
        )
    )
    register_people_source(
        Source(
            lambda academy_id: TeamMember.objects.filter(establishment__academy_id=academy_id),
            establishment="establishment__name",
        )
    )
    register_people_source(
        Source(lambda academy_id: Assessor.objects.filter(network__academy_id=academy_id))
    )
    register_people_source(
        Source(lambda academy_id: MldsCoordinator.objects.filter(network__academy_id=academy_id))
    )
