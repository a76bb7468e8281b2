"""The role under which someone reads figures of the networks (the dashboard's exports),
from the codenames of their scope. The roles on a youth's file are worked out by
`contracts.perms`, which knows the case rule."""

from foquale.access import Scope

from .enums import Role

# Strongest first: a person holding several roles is logged under the first one.
_GOVERNANCE = (
    ("steer_academy", Role.STEERING),
    ("lead_network", Role.LEAD),
    ("contribute_network", Role.COMMITTEE),
    ("view_network", Role.IEN_IO),
)


def governance_role(scope: Scope) -> Role:
    if scope.everything:
        return Role.ADMIN
    for codename, role in _GOVERNANCE:
        if scope.has(codename):
            return role
    return Role.IEN_IO
