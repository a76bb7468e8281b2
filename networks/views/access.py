"""How network pages load their objects: out of scope is a 404, a forbidden write a 403."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from foquale.submissions.views import send_once

from .. import perms
from ..models import Network

T = TypeVar("T")


def network_for_user_or_404(request: HttpRequest, network_id: int) -> Network:
    return get_object_or_404(
        perms.networks_for_user(request.user).select_related("platform", "lead", "academy"),
        pk=network_id,
    )


def network_for_editor(request: HttpRequest, network_id: int) -> Network:
    """The network, if the user may edit it; a reader who is not the lead gets a 403."""
    network = network_for_user_or_404(request, network_id)
    if not perms.can_edit_network(request.user, network):
        raise PermissionDenied("Seul le responsable du réseau peut modifier ces informations.")
    return network


def show_service_error(form: Form, error: ValidationError) -> None:
    """A service's refusal on its field when the form has it, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def run_service(form: Form, service: Callable[..., T], **kwargs) -> T | None:
    """Call a service and return what it wrote (a model instance, so truthy).

    A refusal becomes a form error so that the page says why, and gives None.
    """
    try:
        return service(**kwargs)
    except ValidationError as error:
        show_service_error(form, error)
        return None


def create_once(
    request: HttpRequest,
    form: Form,
    service: Callable[..., T],
    *,
    url_of: Callable[[T], str],
    success: str | Callable[[], str],
    **kwargs,
) -> HttpResponse | None:
    """Call a create service once per rendered form (see `foquale.submissions`) and
    redirect to what it made; a second send of the same form goes to the first result.
    A refusal becomes a form error, and gives None."""
    try:
        return send_once(request, form, lambda: url_of(service(**kwargs)), success)
    except ValidationError as error:
        show_service_error(form, error)
        return None
