from .contract import (
    Amendment,
    Contract,
    ContractDocument,
    ContractGroupObjectPermission,
    ContractUserObjectPermission,
    Signature,
)
from .corrections import Correction
from .esign import SigningInvitation
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
    "Correction",
    "FamilyLink",
    "Guardian",
    "Proposal",
    "Signature",
    "SigningInvitation",
    "SituationReview",
    "StepTransition",
    "Youth",
]
