"""Walking one demo young person through the real services, up to a step of the plan."""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from foquale.accounts.models import User
from networks.demo import demo_user
from networks.models import Network, Solution
from referents.models import Referent

from .. import services
from ..enums import (
    Level,
    Origin,
    Outcome,
    RefusalReason,
    SignatoryRole,
    SignatureMode,
    SigningChannel,
    Step,
)
from ..models import Contract, Proposal, Youth
from ..selectors import with_occupancy
from .plan import WISH_KINDS


@dataclass
class Actors:
    network: Network
    referent: User
    assessor: User
    home: object
    others: list
    tutors: dict[str, User]


def _actors(network: Network) -> Actors:
    referent = demo_user("referent")
    home = (
        Referent.objects.filter(user=referent)
        .select_related("establishment")
        .latest("school_year")
        .establishment
    )
    return Actors(
        network=network,
        referent=referent,
        assessor=demo_user("evaluateur"),
        home=home,
        others=list(network.establishments.exclude(pk=home.pk).order_by("id")[:3]),
        tutors={login: demo_user(login) for login in ("tuteur", "tuteur2")},
    )


def _free_solution(network: Network, rng: random.Random) -> Solution | None:
    """A published solution of the network with a free place, if the catalogue has one."""
    free = [
        s
        for s in with_occupancy(Solution.objects.filter(network=network).published())
        if not s.is_full
    ]
    return rng.choice(free) if free else None


def _walk(
    actors: Actors, d: dict, establishment, target, tutor: User | None, rng: random.Random
) -> None:
    """Takes one young person through the services, up to `target` (a step of `PLAN`)."""
    if target == Step.TO_CONTACT:
        _youth_receive(actors, d, establishment)
        return
    youth = _youth_create(actors, d, establishment)
    if target == Step.CONTACT:
        return
    if target == "early_exit":
        outcome, reason_code, reason = d["early_exit"]
        services.youth_exit(
            youth=youth,
            outcome=outcome,
            reason_code=reason_code,
            reason=reason,
            exited_on=d["contacted_on"] + dt.timedelta(days=20),
            by=actors.referent,
        )
        return
    services.assessment_record(
        youth=youth,
        assessor=actors.assessor,
        held_on=d["contacted_on"] + dt.timedelta(days=7),
        findings="Entretien approfondi : motivation réelle, besoin d’un cadre rassurant.",
        wishes=d["wish"],
        level=d["level"],
        wished_kind=WISH_KINDS[d["wish"]],
        by=actors.assessor,
    )
    if target == Step.ASSESSMENT:
        return
    proposal = _proposals(actors, youth, d, target, rng)
    if target in ("pending", "refused_then_pending"):
        return
    decided = proposal.proposed_on + dt.timedelta(days=4)
    services.proposal_decide(
        proposal=proposal, accepted=True, decided_on=decided, by=actors.referent
    )
    if target == "accepted":
        return
    _contract(actors, youth, proposal, d, decided, target, tutor, rng)


def _youth_receive(actors: Actors, d: dict, establishment) -> Youth:
    """A young person of the platform's monthly list, given to the network, not reached."""
    received = timezone.localdate() - dt.timedelta(days=3 + 9 * (int(d["ine"][-2]) % 2))
    (youth,) = services.youths_receive(
        youths=[
            Youth(
                network=actors.network,
                establishment=establishment,
                last_name=d["last_name"],
                first_name=d["first_name"],
                birth_date=received - (d["contacted_on"] - d["birth_date"]),
                sex=d["sex"],
                ine=d["ine"],
                email=d["email"],
                phone=d["phone"],
                origin=Origin.SIEI,
                highest_level=d["level"],
                left_on=received - dt.timedelta(days=120),
            )
        ],
        received_on=received,
        by=actors.referent,
    )
    return youth


def _youth_create(actors: Actors, d: dict, establishment) -> Youth:
    """The young person as first contacted, with a guardian when a minor."""
    contacted = d["contacted_on"]
    youth = services.youth_create(
        network=actors.network,
        establishment=establishment,
        last_name=d["last_name"],
        first_name=d["first_name"],
        birth_date=d["birth_date"],
        origin=d["origin"],
        contacted_on=contacted,
        contact_channel=d["channel"],
        created_by=actors.referent,
        sex=d["sex"],
        ine=d["ine"],
        email=d["email"],
        phone=d["phone"],
        highest_level=d["level"],
        last_class="Seconde professionnelle" if d["level"] != Level.BAC_LEVEL else "Terminale",
        left_on=contacted - dt.timedelta(days=120),
    )
    if youth.is_minor_on(contacted):
        services.guardian_add(
            youth=youth,
            last_name=d["last_name"],
            first_name=d["guardian"][1],
            link=d["guardian"][0],
            email=f"famille.{d['ine'].lower()}@example.org",
            by=actors.referent,
        )
    return youth


def _proposals(actors: Actors, youth: Youth, d: dict, target, rng: random.Random) -> Proposal:
    """The proposal awaiting an answer, after a refused one for `refused_then_pending`."""
    proposal_day = d["contacted_on"] + dt.timedelta(days=14)
    if target == "refused_then_pending":
        refused = _propose(actors, youth, d, proposal_day, rng)
        services.proposal_decide(
            proposal=refused,
            accepted=False,
            decided_on=proposal_day + dt.timedelta(days=5),
            refusal_code=RefusalReason.DISTANCE,
            refusal_reason="Le jeune souhaite une formation plus proche de chez lui.",
            by=actors.referent,
        )
        proposal_day += dt.timedelta(days=10)
    return _propose(actors, youth, d, proposal_day, rng)


def _contract(
    actors: Actors,
    youth: Youth,
    proposal: Proposal,
    d: dict,
    decided: dt.date,
    target,
    tutor: User | None,
    rng: random.Random,
) -> None:
    """The contract of an accepted proposal, signed up to `target`, ended for `ended`."""
    today = timezone.localdate()
    starts_on = max(today - dt.timedelta(days=d["start_ago"]), decided + dt.timedelta(days=3))
    contract = services.contract_create(
        proposal=proposal,
        tutor=tutor,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(weeks=rng.choice([26, 30, 36])),
        meaning=f"Retour en formation : {proposal}. Objectif : {d['wish'][0].lower()}"
        f"{d['wish'][1:]}, et construire un projet professionnel réaliste.",
        schedule="Cours du lundi au jeudi, une demi-journée par semaine de remise à niveau, "
        "stage en entreprise au deuxième trimestre.",
        youth_commitments="Être assidu(e), prévenir en cas d’absence, venir à chaque bilan.",
        family_commitments="Encourager le jeune et rester en lien avec le tuteur.",
        tutor_commitments="Rencontrer le jeune à chaque bilan et alerter le référent en cas "
        "de difficulté.",
        review_every_weeks=4,
        created_by=actors.referent,
    )
    # Signed in the days before the start, as a référent would arrange it.
    sign_day = min(max(decided, starts_on - dt.timedelta(days=4)), today)
    _sign(actors, contract, SignatoryRole.TUTOR, sign_day)
    if target == Step.CONTRACT:
        _invite_online(actors, contract, sign_day)
        return
    _sign(actors, contract, SignatoryRole.YOUTH, sign_day)
    if youth.is_minor_on(sign_day):
        for guardian in youth.guardians.all():
            _sign(actors, contract, SignatoryRole.GUARDIAN, sign_day, guardian)
    if target == "ended":
        services.youth_exit(
            youth=youth,
            outcome=Outcome.QUALIFICATION,
            reason="CAP obtenu à la session de juin.",
            exited_on=today,
            by=actors.referent,
        )


def _propose(actors: Actors, youth: Youth, d: dict, day: dt.date, rng: random.Random) -> Proposal:
    solution = _free_solution(actors.network, rng)
    kind, target = d["target"]
    return services.proposal_make(
        youth=youth,
        kind=kind,
        solution=solution,
        target="" if solution else target,
        proposed_on=day,
        by=actors.referent,
    )


def _invite_online(actors: Actors, contract: Contract, day: dt.date) -> None:
    """The young person signed on paper; each guardian is invited to sign online."""
    _sign(actors, contract, SignatoryRole.YOUTH, day)
    services.invitations_send(
        contract=contract,
        by=actors.referent,
        channels={
            f"guardian-{guardian.pk}": SigningChannel.ONLINE
            for guardian in contract.youth.guardians.all()
        },
    )


def _sign(actors: Actors, contract: Contract, role: str, day: dt.date, guardian=None) -> None:
    services.signature_record(
        contract=contract,
        role=role,
        guardian=guardian,
        signed_on=day,
        mode=SignatureMode.IN_PERSON,
        recorded_by=actors.referent,
    )
