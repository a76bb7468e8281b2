"""Who reads and sends the activity report of a network."""

from foquale.accounts.models import User
from networks.models import Network
from networks.perms import can_lead_network
from solutions.perms import can_edit_reports, report_networks_for_user

__all__ = ["can_edit_reports", "report_networks_for_user"]


def can_send_activity_report(user: User, network: Network) -> bool:
    return can_lead_network(user, network)
