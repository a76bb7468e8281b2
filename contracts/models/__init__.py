from .attachments import ContractAttachment
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
from .reviews import ReviewDue, SituationReview
from .transfer import Transfer
from .youth import Guardian, Youth

__all__ = [
    "ContractAttachment",
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
    "ReviewDue",
    "Signature",
    "SigningInvitation",
    "SituationReview",
    "StepTransition",
    "Transfer",
    "Youth",
]
