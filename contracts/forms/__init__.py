"""Forms of the path. They validate input; the services check the business rules."""

from .contracts import (
    AmendmentForm,
    ContractForm,
    ContractUpdateForm,
    SignatureForm,
    default_terms,
)
from .corrections import AssessmentCorrectForm, CorrectionReasonForm, ExitCorrectForm
from .fields import (
    FLAT_SELECT_TEMPLATE,
    DateInput,
    ListedChoiceField,
    ListedChoiceIterator,
    ListedUserChoiceField,
    UserChoiceField,
    date_field,
    text_field,
)
from .filters import YouthFilterForm
from .steps import (
    AssessmentForm,
    ExitForm,
    ProposalDecisionForm,
    ProposalForm,
    SolutionChoiceField,
)
from .transfers import TransferDecisionForm, TransferRequestForm
from .youths import (
    FirstContactForm,
    GuardianForm,
    GuardianUpdateForm,
    YouthCreateForm,
    YouthForm,
    YouthUpdateForm,
)

__all__ = [
    "FLAT_SELECT_TEMPLATE",
    "FirstContactForm",
    "AmendmentForm",
    "AssessmentCorrectForm",
    "AssessmentForm",
    "ContractForm",
    "CorrectionReasonForm",
    "ContractUpdateForm",
    "DateInput",
    "ExitCorrectForm",
    "ExitForm",
    "GuardianForm",
    "GuardianUpdateForm",
    "ListedChoiceField",
    "ListedChoiceIterator",
    "ListedUserChoiceField",
    "ProposalDecisionForm",
    "ProposalForm",
    "SignatureForm",
    "SolutionChoiceField",
    "TransferDecisionForm",
    "TransferRequestForm",
    "UserChoiceField",
    "YouthCreateForm",
    "YouthFilterForm",
    "YouthForm",
    "YouthUpdateForm",
    "date_field",
    "default_terms",
    "text_field",
]
