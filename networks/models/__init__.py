from .attachments import MeetingAttachment
from .governance import Action, CommitteeSeat, GovernanceCorrection, Meeting, Objective
from .grants import (
    AcademyGroupObjectPermission,
    AcademyUserObjectPermission,
    NetworkEstablishmentGroupObjectPermission,
    NetworkEstablishmentUserObjectPermission,
    NetworkGroupObjectPermission,
    NetworkUserObjectPermission,
)
from .organisation import (
    Academy,
    Basin,
    Establishment,
    Network,
    NetworkEstablishment,
    Platform,
    PlatformCoordinator,
    SteeringCommittee,
    SteeringMember,
)
from .people import AccountInvitation
from .reports import ActivityReport, Practice
from .solutions import (
    EvaluationDecision,
    NeedsAnalysis,
    Solution,
    SolutionEntryDate,
    SolutionEvaluation,
)

__all__ = [
    "AccountInvitation",
    "MeetingAttachment",
    "Academy",
    "AcademyGroupObjectPermission",
    "AcademyUserObjectPermission",
    "NetworkEstablishment",
    "NetworkEstablishmentGroupObjectPermission",
    "NetworkEstablishmentUserObjectPermission",
    "Action",
    "ActivityReport",
    "Basin",
    "CommitteeSeat",
    "GovernanceCorrection",
    "Establishment",
    "EvaluationDecision",
    "Meeting",
    "NeedsAnalysis",
    "Network",
    "NetworkGroupObjectPermission",
    "NetworkUserObjectPermission",
    "Objective",
    "Platform",
    "PlatformCoordinator",
    "Practice",
    "Solution",
    "SolutionEntryDate",
    "SolutionEvaluation",
    "SteeringCommittee",
    "SteeringMember",
]
