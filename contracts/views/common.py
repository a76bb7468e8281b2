"""Helpers shared by the path's views: scoped loading (404 out of scope), service errors
shown on the form."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .. import perms
from ..enums import Step
from ..models import Contract, Youth

PAGE_SIZE = 25


def get_youth_for_user(request: HttpRequest, youth_id: int) -> Youth:
    return get_object_or_404(
        perms.youths_for_user(request.user).select_related(
            "network", "establishment", "last_establishment"
        ),
        pk=youth_id,
    )


PAGE_RELATED = (
    "youth__network",
    "youth__establishment",
    "tutor",
    "proposal__solution",
    "capacity_overridden_by",
)


def get_contract_for_user(
    request: HttpRequest, contract_id: int, *, related: tuple[str, ...] = PAGE_RELATED
) -> Contract:
    """The contract if the user may see it, else 404. `related`: what the page shows with
    it (a PDF view reads its own, `related=("youth__network",)`: a join of eight tables costs more
    to plan than to run)."""
    return get_object_or_404(
        perms.contracts_for_user(request.user).select_related(*related),
        pk=contract_id,
    )


def get_managed_contract(request: HttpRequest, contract_id: int) -> Contract:
    contract = get_contract_for_user(request, contract_id)
    if not perms.can_manage_youth(request.user, contract.youth):
        raise PermissionDenied
    return contract


def show_errors(form: Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


STEP_BADGES = {Step.ACTIVE: "fr-badge--success", Step.CONTRACT: "fr-badge--new", Step.EXITED: ""}


def step_badge_class(step: str) -> str:
    """The colour of a step's badge, as `contracts/includes/step_badge.html` draws it."""
    return STEP_BADGES.get(step, "fr-badge--info")
