from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit.enums import ReadKind

from ..access_log import log_case_read
from ..enums import ContractStatus
from ..models import Contract
from . import perms, selectors
from .forms import ReviewCancelForm, ReviewCorrectForm, SituationReviewForm
from .ics import AllDayEvent, calendar
from .schedule import due_state
from .services import calendar_token_renew, review_record
from .services import review_cancel as review_cancel_service
from .services import review_correct as review_correct_service


def _get_contract_for_user(request: HttpRequest, contract_id: int) -> Contract:
    return get_object_or_404(
        perms.contracts_for_user(request.user).select_related("youth__network", "tutor"),
        pk=contract_id,
    )


def _breadcrumb(contract: Contract, *last: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Accueil", reverse("home")),
        (f"{contract} — {contract.youth}", reverse("reviews:list", args=[contract.pk])),
        *last,
    ]


@login_required
def review_list(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _get_contract_for_user(request, contract_id)
    today = timezone.localdate()
    next_state = due_state(contract.next_review_on, today) if contract.next_review_on else None
    log_case_read(request, ReadKind.REVIEWS, contract.youth, object_id=contract.pk)
    reviews = list(selectors.contract_reviews(contract))
    for review in reviews:
        review.contract = contract
        review.correctable = review.cancelled_at is None and perms.can_correct_review(
            request.user, review
        )
    return render(
        request,
        "contracts/reviews/review_list.html",
        {
            "contract": contract,
            "reviews": reviews,
            "corrections": selectors.review_corrections(contract, reviews),
            "dues": selectors.contract_dues(contract),
            "grace_days": settings.REVIEW_GRACE_DAYS,
            "next_state": next_state,
            "can_record": perms.can_record_review(request.user, contract),
            "title": f"Bilans de situation — {contract.youth}",
            "breadcrumb": [
                ("Accueil", reverse("home")),
                (f"Bilans de situation — {contract.youth}", ""),
            ],
        },
    )


@login_required
def review_create(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _get_contract_for_user(request, contract_id)
    if not perms.is_tutor_of(request.user, contract):
        raise PermissionDenied
    today = timezone.localdate()
    form = SituationReviewForm(
        request.POST or None,
        initial={"held_on": today, "due_on": contract.next_review_on or today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = review_record(contract=contract, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Bilan de situation du {review.held_on:%d/%m/%Y} enregistré."
                + (
                    f" Prochain bilan prévu le {contract.next_review_on:%d/%m/%Y}."
                    if contract.next_review_on
                    else " Plus aucun bilan n’est prévu avant la fin du contrat."
                ),
            )
            return redirect("reviews:list", contract.pk)
    return render(
        request,
        "contracts/reviews/review_form.html",
        {
            "contract": contract,
            "form": form,
            "is_active": contract.status == ContractStatus.ACTIVE,
            "open_dues": selectors.open_dues(contract, today=today),
            "title": f"Nouveau bilan de situation — {contract.youth}",
            "breadcrumb": _breadcrumb(contract, ("Nouveau bilan", "")),
        },
    )


def _review_to_correct(request: HttpRequest, contract_id: int, review_id: int):
    contract = _get_contract_for_user(request, contract_id)
    review = get_object_or_404(
        contract.reviews.filter(cancelled_at__isnull=True).select_related("author"),
        pk=review_id,
    )
    review.contract = contract
    if not perms.can_correct_review(request.user, review):
        raise PermissionDenied
    return contract, review


def _correction_page(request, contract, form, title, submit, lead) -> HttpResponse:
    return render(
        request,
        "contracts/reviews/review_form.html",
        {
            "contract": contract,
            "form": form,
            "is_active": True,
            "title": title,
            "submit": submit,
            "lead": lead,
            "breadcrumb": _breadcrumb(contract, (title, "")),
        },
    )


@login_required
def review_correct(request: HttpRequest, contract_id: int, review_id: int) -> HttpResponse:
    contract, review = _review_to_correct(request, contract_id, review_id)
    form = ReviewCorrectForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ReviewCorrectForm.Meta.fields}
        try:
            review_correct_service(
                review=review, by=request.user, reason=form.cleaned_data["reason"], **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Le bilan de situation est corrigé ; la correction est tracée."
            )
            return redirect(f"{reverse('reviews:list', args=[contract.pk])}#bilan-{review.pk}")
    return _correction_page(
        request,
        contract,
        form,
        f"Corriger le bilan de situation de l’échéance du {review.due_on:%d/%m/%Y}",
        "Enregistrer la correction",
        "L’historique gardera votre nom, la date, le motif et les valeurs avant et après.",
    )


@login_required
def review_cancel(request: HttpRequest, contract_id: int, review_id: int) -> HttpResponse:
    contract, review = _review_to_correct(request, contract_id, review_id)
    form = ReviewCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_cancel_service(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Le bilan de situation de l’échéance du {review.due_on:%d/%m/%Y} est annulé : "
                "il n’est plus compté et l’échéance est de nouveau à tenir.",
            )
            return redirect("reviews:list", contract.pk)
    return _correction_page(
        request,
        contract,
        form,
        f"Annuler le bilan de situation de l’échéance du {review.due_on:%d/%m/%Y}",
        "Annuler le bilan de situation",
        "Un bilan annulé reste visible, barré ; il n’est plus compté et son échéance est de "
        "nouveau à tenir.",
    )


@login_required
def tutor_due(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contracts/reviews/tutor_due.html",
        {
            "due_reviews": selectors.tutor_reviews_due(request.user),
            "grace_days": settings.REVIEW_GRACE_DAYS,
            "title": "Mes bilans de situation à faire",
        },
    )


def _calendar_page(request: HttpRequest, *, feed_url: str = "") -> HttpResponse:
    response = render(
        request,
        "contracts/reviews/calendar.html",
        {
            "token": selectors.calendar_token_of(request.user),
            "feed_url": feed_url,
            "title": "Mon agenda des bilans",
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request)


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    """The new address is shown in the answer to this POST, and never again: only its hash
    is stored (a redirect would have to keep it somewhere in between)."""
    had_one = selectors.calendar_token_of(request.user) is not None
    token = calendar_token_renew(user=request.user)
    messages.success(
        request,
        "Nouvelle adresse d’agenda créée : l’ancienne ne fonctionne plus."
        if had_one
        else "Votre adresse d’agenda est prête.",
    )
    feed_url = request.build_absolute_uri(reverse("reviews:calendar_feed", args=[token]))
    return _calendar_page(request, feed_url=feed_url)


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: the secret in the address is the only credential."""
    user = selectors.calendar_owner(token)
    if user is None:
        raise Http404("Adresse d’agenda inconnue.")
    events = [
        AllDayEvent(
            uid=f"bilan-{row.contract_id}-{row.due_on:%Y%m%d}@foquale",
            day=row.due_on,
            # Calendar services fetch and keep the feed on their servers: the short name.
            summary=f"Bilan de situation — {row.youth_short_name}"
            + (" (en retard)" if row.is_late else ""),
            description="Enregistrer le bilan : " + request.build_absolute_uri(row.record_url),
            url=request.build_absolute_uri(row.history_url),
        )
        for row in selectors.tutor_reviews_due(user)
    ]
    body = calendar(
        name="FOQUALE — mes bilans de situation",
        events=events,
        stamp=timezone.now(),
        product="-//FOQUALE//Bilans de situation//FR",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="foquale-bilans.ics"'
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
