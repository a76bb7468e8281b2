"""A young person's transfer to another network: asked by the lead of the youth's
network, answered by the receiving lead from their « À faire » page, cancelled by the
requester while it waits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit.enums import ReadKind, Role
from audit.services import read_log_record
from foquale.submissions.views import send_once

from .. import perms
from ..forms import TransferDecisionForm, TransferRequestForm
from ..forms.transfers import ACCEPT
from ..models import Transfer
from ..services.transfers import (
    NOT_PENDING,
    transfer_accept,
    transfer_cancel,
    transfer_refuse,
    transfer_request,
    transfer_targets,
    transferable_problem,
)
from .common import get_youth_for_user, show_errors


@login_required
def transfer_create(request: HttpRequest, youth_id: int) -> HttpResponse:
    youth = get_youth_for_user(request, youth_id)
    if not perms.can_request_transfer(request.user, youth):
        raise PermissionDenied
    problem = transferable_problem(youth)
    if not problem and youth.transfers.pending().exists():
        problem = "Un transfert de ce jeune attend déjà la réponse d’un réseau."
    form = TransferRequestForm(request.POST or None, targets=transfer_targets(youth))
    if problem and request.method != "POST":
        messages.error(request, problem)
        return redirect(youth)
    if request.method == "POST" and form.is_valid():

        def ask() -> str:
            transfer_request(youth=youth, by=request.user, **form.cleaned_data)
            return youth.get_absolute_url()

        try:
            return send_once(
                request,
                form,
                ask,
                "La demande de transfert est envoyée au responsable du réseau d’accueil. "
                "Le dossier reste dans votre réseau jusqu’à sa réponse.",
            )
        except ValidationError as error:
            show_errors(form, error)
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "youth": youth,
            "title": f"Transférer {youth} vers un autre réseau",
            "submit": "Demander le transfert",
            "lead": "Le responsable du réseau d’accueil accepte ou refuse la demande. S’il "
            "l’accepte, le dossier passe aussitôt à son réseau : votre réseau n’y a plus "
            "accès.",
        },
    )


@login_required
@require_POST
def transfer_cancel_view(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = get_object_or_404(
        Transfer.objects.select_related("youth"),
        pk=transfer_id,
        youth_id__in=perms.youths_for_user(request.user).values("pk"),
    )
    if not perms.can_cancel_transfer(request.user, transfer):
        raise PermissionDenied
    try:
        transfer_cancel(transfer=transfer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "La demande de transfert est annulée.")
    return redirect(transfer.youth)


@login_required
def transfer_decide(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = get_object_or_404(
        perms.case_scope(request.user)
        .transfers_to_decide()
        .select_related("youth__network", "from_network", "to_network", "requested_by"),
        pk=transfer_id,
    )
    if not transfer.is_pending:
        messages.info(request, NOT_PENDING)
        return redirect("contracts:todo")
    # The receiving lead reads the young person's identity before the file is theirs:
    # written to the access log of the network that follows them, as the lead's read.
    read_log_record(
        user=request.user,
        kind=ReadKind.YOUTH,
        role=Role.ADMIN if request.user.is_superuser else Role.LEAD,
        path=request.path,
        object_id=transfer.youth_id,
        youth_id=transfer.youth_id,
        network=transfer.youth.network,
    )
    form = TransferDecisionForm(
        request.POST or None,
        establishments=transfer.to_network.establishments.order_by("name", "pk"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == ACCEPT:
                transfer_accept(
                    transfer=transfer, establishment=data["establishment"], by=request.user
                )
            else:
                transfer_refuse(
                    transfer=transfer,
                    refusal_code=data["refusal_code"],
                    refusal_details=data["refusal_details"],
                    by=request.user,
                )
        except ValidationError as error:
            if getattr(error, "code", None) == "not_pending":
                messages.info(request, NOT_PENDING)
                return redirect("contracts:todo")
            show_errors(form, error)
        else:
            if data["decision"] == ACCEPT:
                messages.success(request, "Le jeune a rejoint votre réseau.")
                return redirect(transfer.youth)
            messages.success(request, "Le transfert est refusé ; le réseau demandeur le verra.")
            return redirect(reverse("contracts:todo"))
    return render(
        request,
        "contracts/transfer_decide.html",
        {"form": form, "transfer": transfer, "title": f"Transfert de {transfer.youth}"},
    )
