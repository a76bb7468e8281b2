"""Who may read the dashboard, and over which networks.

Aggregates only, so everyone who may open a network reads its figures: the steering
committee (its academy), the IEN-IO (the networks of the platforms they coordinate), the
network lead and the committee members (their network): `networks.perms.networks_for_user`.
Tutors, référents and assessors work on files, not on these figures: they get a 404.
"""

from foquale.accounts.models import User
from networks.models import Network
from networks.perms import networks_for_user

from .indicators import natural_key


def dashboard_networks_for_user(user: User) -> list[Network]:
    """The networks the user may open, with their platform, by platform and name in
    natural order (« n° 2 » before « n° 10 »)."""
    networks = networks_for_user(user).select_related("platform")
    return sorted(networks, key=lambda n: (natural_key(n.platform.name), natural_key(n.name), n.pk))
