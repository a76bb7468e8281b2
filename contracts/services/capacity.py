"""A solution's places: checked when a contract is drawn up, and again when its last
signature makes it active, since only active contracts hold a place."""

from django.core.exceptions import ValidationError

from foquale.accounts.models import User
from networks.models import Solution

from .. import perms
from ..models import Youth
from ..selectors import places_taken

ONLY_THE_LEAD = "Seul le responsable du réseau peut accepter un jeune au-delà des places prévues."


def capacity_check(
    *, solution_id: int | None, youth: Youth, by: User, override: bool, activating: bool = False
) -> User | None:
    """Refuse one more contract on a full solution, unless the network lead overrides the
    limit explicitly; returns who overrode it, if anyone.

    Call it inside the transaction that writes: it locks the solution's row, so that two
    contracts cannot take its last place together.
    """
    if solution_id is None:
        return None
    solution = Solution.objects.select_for_update().get(pk=solution_id)
    taken = places_taken([solution_id]).get(solution_id, 0)
    if taken < solution.places:
        return None
    if not override:
        consequence = " : ce contrat ne peut pas entrer en vigueur" if activating else ""
        raise ValidationError(
            f"La solution « {solution.title} » est complète ({taken} place(s) occupée(s) sur "
            f"{solution.places}){consequence}. {ONLY_THE_LEAD}"
        )
    if not perms.can_override_capacity(by, youth):
        raise ValidationError(ONLY_THE_LEAD)
    return by
