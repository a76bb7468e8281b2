from .contract import (
    Amendment,
    Contract,
    ContractDocument,
    ContractGroupObjectPermission,
    ContractUserObjectPermission,
    Signature,
)
from .family import FamilyLink
from .path import Assessment, Proposal, StepTransition
from .reviews import SituationReview
from .youth import Guardian, Youth

__all__ = [
    "Amendment",
    "Assessment",
    "Contract",
    "ContractDocument",
    "ContractGroupObjectPermission",
    "ContractUserObjectPermission",
    "FamilyLink",
    "Guardian",
    "Proposal",
    "Signature",
    "SituationReview",
    "StepTransition",
    "Youth",
]
