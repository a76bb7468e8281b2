"""Writes of the path of a young person: keyword-only `<entity>_<verb>` functions, each atomic;
every change of step is logged by `steps.step_move`."""

from .contracts import contract_create, contract_update
from .corrections import assessment_cancel, assessment_correct, exit_cancel, exit_correct
from .documents import (
    contract_attachment_add,
    document_issue,
    family_link_create,
    family_link_opened,
    family_send,
)
from .esign import InvitationGone, code_send, signature_by_tutor, signature_online
from .guardians import guardian_add, guardian_remove, guardian_update
from .invitations import invitation_decline, invitations_remind, invitations_send
from .path import assessment_record, proposal_decide, proposal_make
from .received import (
    youth_record_first_contact,
    youths_receive,
    youths_withdraw,
    youths_withdrawable,
)
from .signatures import amendment_create, amendment_sign, signature_record
from .youths import (
    PossibleDuplicate,
    youth_create,
    youth_duplicates,
    youth_exit,
    youth_update,
)

__all__ = [
    "amendment_create",
    "amendment_sign",
    "assessment_cancel",
    "assessment_correct",
    "assessment_record",
    "code_send",
    "InvitationGone",
    "invitation_decline",
    "invitations_remind",
    "invitations_send",
    "signature_by_tutor",
    "signature_online",
    "contract_create",
    "contract_update",
    "contract_attachment_add",
    "document_issue",
    "exit_cancel",
    "exit_correct",
    "family_link_create",
    "family_link_opened",
    "family_send",
    "guardian_add",
    "guardian_remove",
    "guardian_update",
    "proposal_decide",
    "proposal_make",
    "signature_record",
    "youth_create",
    "youth_duplicates",
    "PossibleDuplicate",
    "youth_exit",
    "youth_update",
    "youth_record_first_contact",
    "youths_receive",
    "youths_withdraw",
    "youths_withdrawable",
]
