from .governance import Action, CommitteeSeat, Meeting, Objective
from .organisation import (
    Academy,
    Basin,
    Establishment,
    Network,
    NetworkGroupObjectPermission,
    NetworkUserObjectPermission,
    Platform,
    PlatformCoordinator,
    SteeringCommittee,
    SteeringMember,
)
from .solutions import Solution

__all__ = [
    "Academy",
    "Action",
    "Basin",
    "CommitteeSeat",
    "Establishment",
    "Meeting",
    "Network",
    "NetworkGroupObjectPermission",
    "NetworkUserObjectPermission",
    "Objective",
    "Platform",
    "PlatformCoordinator",
    "Solution",
    "SteeringCommittee",
    "SteeringMember",
]
