"""The contract as a French A4 PDF (WeasyPrint), from `contracts/pdf/contract.html`.

Signed versions are rendered once, when signed, and stored (`ContractDocument`); the draft
of a contract awaiting signatures is rendered on request, once per version of what it
shows, then served from the cache (`draft_contract_pdf`). The stylesheet and the font
configuration are built once per process: parsing the CSS and setting up fontconfig cost
as much as laying out a page.
"""

import datetime as dt
import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from referents.models import TeamMember

from .models import Amendment, Contract, Signature
from .models.contract import terms_digest
from .signing import parties_on, signature_state

# WeasyPrint reports each rendering step at INFO: noise in the application's logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


CONTRACT_TEMPLATE = "contracts/pdf/contract.html"

# Three years of weekly reviews: the longest calendar a contract may have. A bound here keeps
# a mistyped end (year 9999) from stalling the PDF, whatever the data already stored.
MAX_CALENDAR_DATES = 160


def review_calendar(first: dt.date, every_weeks: int, until: dt.date) -> list[dt.date]:
    """The due dates of the situation reviews: `first`, then every `every_weeks` weeks,
    up to the end of the path (at most MAX_CALENDAR_DATES of them)."""
    dates = []
    day = first
    step = dt.timedelta(weeks=max(every_weeks, 1))
    while day <= until and len(dates) < MAX_CALENDAR_DATES:
        dates.append(day)
        try:
            day += step
        except OverflowError:
            break
    return dates


def contract_calendar(contract: Contract, amendment: Amendment | None = None) -> list[dt.date]:
    step = dt.timedelta(weeks=contract.review_every_weeks)
    try:
        if amendment is None or amendment.signed_on is None:
            first = contract.starts_on + step
        else:
            # After an amendment, the reviews already due keep their date; the new rhythm
            # runs from the next one.
            first = contract.next_review_on
            if first is None or first <= amendment.signed_on:
                first = amendment.signed_on + step
    except OverflowError:
        return []
    return review_calendar(first, contract.review_every_weeks, contract.ends_on)


def _signatures(contract: Contract, *, draft: bool, amendment: Amendment | None) -> list:
    # A draft is left blank for signatures: no need to read them.
    if draft and amendment is None:
        return []
    return list(
        Signature.objects.filter(contract=contract)
        .select_related("guardian")
        .order_by("amendment_id", "signed_on", "id")
    )


def _signed_parties(contract: Contract, guardians: list, signatures: list, draft: bool) -> list:
    """(party, signature or None) for each party to the contract itself."""
    if draft:
        return [(party, None) for party in parties_on(contract, guardians, timezone.localdate())]
    state = signature_state(
        contract,
        guardians=guardians,
        signatures=[s for s in signatures if s.amendment_id is None],
    )
    return state.parties


def _amendments(
    contract: Contract, amendment: Amendment | None, guardians: list, signatures: list
) -> list[tuple]:
    """(amendment, its parties) for the amendments up to `amendment`, none without one."""
    if amendment is None:
        return []
    amendments = []
    for item in contract.amendments.filter(number__lte=amendment.number).order_by("number"):
        item_state = signature_state(
            contract,
            item,
            guardians=guardians,
            signatures=[s for s in signatures if s.amendment_id == item.pk],
        )
        amendments.append((item, item_state.parties))
    return amendments


def contract_pdf_context(
    contract: Contract,
    *,
    version: int | None = None,
    amendment: Amendment | None = None,
    draft: bool = False,
) -> dict:
    contract = Contract.objects.select_related(
        "youth__network__academy",
        "youth__establishment",
        "tutor",
        "proposal__solution__host",
    ).get(pk=contract.pk)
    youth = contract.youth
    guardians = list(youth.guardians.all())
    signatures = _signatures(contract, draft=draft, amendment=amendment)
    signed_parties = _signed_parties(contract, guardians, signatures, draft)
    amendments = _amendments(contract, amendment, guardians, signatures)
    tutor_roles = TeamMember.objects.filter(
        user=contract.tutor, establishment__networks=youth.network
    ).select_related("establishment")
    certificate = []
    if not draft:
        certificate = amendments[-1][1] if amendments else signed_parties
    return {
        "contract": contract,
        "youth": youth,
        "guardians": guardians,
        "certificate": certificate,
        "verify_url": settings.SITE_URL + reverse("contracts:contract_verify"),
        "minor": youth.is_minor_on(contract.activated_on or timezone.localdate()),
        "proposal": contract.proposal,
        "solution": contract.proposal.solution,
        "tutor_roles": tutor_roles,
        "version": version,
        "amendment": amendment,
        "amendments": amendments,
        "calendar": contract_calendar(contract, amendment),
        "signed_parties": signed_parties,
        "draft": draft,
        "generated_at": timezone.localtime(),
    }


@functools.cache
def _pdf_setup():
    """(font configuration, parsed stylesheet), shared by every render of the process."""
    # Heavy, and chatty at import: loaded when a PDF is needed.
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    stylesheet = weasyprint.CSS(
        string=render_to_string("contracts/pdf/contract.css"), font_config=font_config
    )
    return font_config, stylesheet


def write_pdf(html: str) -> bytes:
    """WeasyPrint's render of a page of HTML, with the contract's stylesheet and fonts."""
    import weasyprint

    font_config, stylesheet = _pdf_setup()
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[stylesheet], font_config=font_config
    )


def render_pdf(template: str, context: dict) -> bytes:
    """A French A4 PDF from a template, with the contract's stylesheet and fonts."""
    return write_pdf(render_to_string(template, context))


def render_contract_pdf(
    contract: Contract,
    *,
    version: int | None = None,
    amendment: Amendment | None = None,
    draft: bool = False,
) -> bytes:
    return render_pdf(
        CONTRACT_TEMPLATE,
        contract_pdf_context(contract, version=version, amendment=amendment, draft=draft),
    )


# A draft's render is kept a day at most: the key names the day's content anyway (the
# parties, whether the young person is a minor, change with the date).
DRAFT_CACHE_SECONDS = 24 * 3600


def draft_contract_pdf(contract: Contract) -> bytes:
    """The draft of a contract awaiting signatures, rendered by WeasyPrint once per version.

    The cache key is the SHA-256 of the contract's terms (`terms_digest`, what a signature
    records) and of the page as filled in, less the time it was produced: any change of
    the contract, of its parties (the young person, their legal guardians, the tutor and
    their roles, the establishment, the network) or of the path gives another key, and
    costs one render. Filling the page in is the cheap part (a few queries and a template);
    the layout by WeasyPrint is the costly one.
    """
    context = contract_pdf_context(contract, draft=True)
    html = render_to_string(CONTRACT_TEMPLATE, context)
    produced = date_format(context["generated_at"], "d/m/Y à H:i")
    digest = hashlib.sha256(
        "\x1f".join([terms_digest(context["contract"]), html.replace(produced, "")]).encode()
    ).hexdigest()
    key = f"contract-draft-pdf:{contract.pk}:{digest}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = write_pdf(html)
        cache.set(key, pdf, DRAFT_CACHE_SECONDS)
    return pdf
