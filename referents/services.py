"""Writes for operational actors. Each keeps network grants in step with memberships."""

from django.db import transaction

from foquale.accounts.models import User
from networks.grants import refresh_user_grants
from networks.models import Network

from .models import Assessor


@transaction.atomic
def assessor_add(*, network: Network, user: User, function: str) -> Assessor:
    assessor, _ = Assessor.objects.get_or_create(
        network=network, user=user, defaults={"function": function}
    )
    refresh_user_grants(network, user)
    return assessor


@transaction.atomic
def assessor_remove(*, assessor: Assessor) -> None:
    network, user = assessor.network, assessor.user
    assessor.delete()
    refresh_user_grants(network, user)
