"""Who may do what with a network's operational actors. Views call only these."""

from foquale.accounts.models import User
from networks.models import Network
from networks.perms import can_edit_network


def can_manage_network_actors(user: User, network: Network) -> bool:
    """The network lead names and removes the operational actors.

    Whoever may open the network (committee members, IEN-IO, steering) reads them.
    """
    return can_edit_network(user, network)
