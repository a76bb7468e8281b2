"""Who reads the access log, derived from the access scope (`foquale.access`) only.

- a data protection officer (`audit_academy` on an académie): every row of the académie;
- a network lead: the rows of their network's files, on the network's page (the network
  is loaded through `networks.perms`);
- an administrator: everything.
"""

from django.db.models import QuerySet

from foquale.access import scope_for
from foquale.accounts.models import User
from networks.models import Network
from networks.perms import can_lead_network

from .grants import DPO_PERMISSION
from .models import ReadLog


def dpo_academy_ids(user: User) -> frozenset[int]:
    """The académies where the user is DPO (not every académie for an administrator)."""
    return scope_for(user).ids(DPO_PERMISSION)


def can_read_academy_log(user: User) -> bool:
    """The DPO's page: a data protection officer, or an administrator."""
    scope = scope_for(user)
    return scope.everything or scope.has(DPO_PERMISSION)


def is_dpo_of(user: User, academy_id: int) -> bool:
    return scope_for(user).has(DPO_PERMISSION, academy_id)


def read_log_for_user(user: User) -> QuerySet[ReadLog]:
    """The rows the user reads on the DPO's page."""
    scope = scope_for(user)
    if scope.everything:
        return ReadLog.objects.all()
    return ReadLog.objects.filter(academy_id__in=sorted(scope.ids(DPO_PERMISSION)))


def can_read_network_log(user: User, network: Network) -> bool:
    """The lead of a visible network reads its files' log (the DPO reads it on their page)."""
    return can_lead_network(user, network)
