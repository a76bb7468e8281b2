"""Demo paths in the network of `responsable`: about forty young people at every step, walked
through the real services so that transitions, signatures and signed PDFs are all there.

Idempotent: each demo young person has a fixed INE; one already present is left alone.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from foquale.accounts.models import User
from foquale.demo_names import DemoNames
from networks.demo import demo_user
from networks.models import Network, Solution
from referents.models import Referent

from . import services
from .enums import (
    ContactChannel,
    ExitReason,
    GuardianLink,
    Level,
    Origin,
    Outcome,
    ProposalKind,
    RefusalReason,
    SignatoryRole,
    SignatureMode,
    SigningChannel,
    Step,
    TransferReason,
)
from .models import Contract, Proposal, Transfer, Youth
from .selectors import with_occupancy
from .services.transfers import transfer_request

TARGETS = [
    (ProposalKind.MICRO_LYCEE, "Micro-lycée de Lyon — préparation au baccalauréat"),
    (ProposalKind.ESTABLISHMENT, "CAP Équipier polyvalent du commerce"),
    (ProposalKind.CFA, "CAP Cuisine en apprentissage"),
    (ProposalKind.UFA, "Bac pro Maintenance des véhicules en apprentissage"),
    (ProposalKind.PARTNER, "École de la deuxième chance"),
]
WISHES = [
    "Reprendre un CAP dans la vente",
    "Travailler dans la mécanique automobile",
    "Obtenir le baccalauréat",
    "Entrer en apprentissage en cuisine",
    "Découvrir les métiers du soin",
]
# The coded kind of solution each wish points to: what the needs page counts.
WISH_KINDS = {
    "Reprendre un CAP dans la vente": ProposalKind.ESTABLISHMENT,
    "Travailler dans la mécanique automobile": ProposalKind.CFA,
    "Obtenir le baccalauréat": ProposalKind.MICRO_LYCEE,
    "Entrer en apprentissage en cuisine": ProposalKind.UFA,
    "Découvrir les métiers du soin": ProposalKind.PARTNER,
}
EARLY_EXITS = [
    (Outcome.MOVED, ExitReason.MOVED, "La famille a déménagé dans une autre académie."),
    (
        Outcome.STOPPED,
        ExitReason.LOST_CONTACT,
        "Ne répond plus aux sollicitations depuis six semaines.",
    ),
    (Outcome.JOB, "", "A trouvé un emploi saisonnier et ne souhaite pas reprendre."),
    (Outcome.CIVIC_SERVICE, "", "Engagé(e) en service civique."),
    (Outcome.MOVED, ExitReason.MOVED, "Suivi transféré à une autre plateforme."),
    (Outcome.STOPPED, ExitReason.MOTIVATION, "Souhaite faire une pause dans son projet."),
]

# Days since the start of a contract whose first review (after 4 weeks) is past the grace
# period and whose second is still to come.
LATE_START_AGO = 45
# (target step, tutor login or None, how many)
PLAN = [
    (Step.CONTACT, None, 5),
    (Step.ASSESSMENT, None, 5),
    ("pending", None, 3),
    ("refused_then_pending", None, 2),
    ("accepted", None, 3),
    (Step.CONTRACT, "tuteur", 1),
    (Step.ACTIVE, "tuteur", 7),
    (Step.ACTIVE, "tuteur2", 7),
    ("ended", "tuteur", 1),
    ("early_exit", None, 6),
    # Last, so the others keep their draws: received from the platform's list, not reached
    # yet (« à contacter », the 15-day clock running: 3 and 12 days in).
    (Step.TO_CONTACT, None, 2),
]


@dataclass
class Actors:
    network: Network
    referent: User
    assessor: User
    home: object
    others: list
    tutors: dict[str, User]


def demo_ine(index: int) -> str:
    return f"{9_900_000_000 + index}{'ABCDEFGHJK'[index % 10]}"


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


def seed_paths(network: Network, seed: int = 2013) -> int:
    """Create the demo young people that are missing; returns how many were created."""
    rng = random.Random(seed)
    names = DemoNames(seed)
    actors = _actors(network)
    today = timezone.localdate()
    created = 0
    index = 0
    for target, tutor_login, count in PLAN:
        for position in range(count):
            index += 1
            # Draw every random value, even for a young person already there, so that the
            # others keep the same names and dates from one run to the next.
            draw = _draw(rng, names, index, today, target)
            if target == Step.ACTIVE and position == 0:
                # Each tutor's first running contract started long enough ago for one of
                # its reviews to be late (README: one late review per tutor).
                draw["start_ago"] = LATE_START_AGO
            if target == Step.CONTRACT:
                # The contract waiting for signatures is a minor's: the guardian is asked
                # to sign online (README: one online signature waiting for a guardian).
                draw["birth_date"] = today - dt.timedelta(days=16 * 365 + 100)
            if Youth.objects.filter(ine=demo_ine(index)).exists():
                continue
            establishment = actors.home if index % 5 else actors.others[index % len(actors.others)]
            with transaction.atomic():
                _walk(
                    actors, draw, establishment, target, actors.tutors.get(tutor_login or ""), rng
                )
            created += 1
    return created


def _draw(rng: random.Random, names: DemoNames, index: int, today: dt.date, target) -> dict:
    contacted = today - dt.timedelta(
        days=rng.randint(70, 160) if target != Step.CONTACT else rng.randint(2, 20)
    )
    age_days = rng.randint(16 * 365 + 30, 21 * 365)
    sex = rng.choice(["F", "M"])
    first = names.first_name(sex)
    last = names.last_name()
    return {
        "ine": demo_ine(index),
        "first_name": first,
        "last_name": last,
        "sex": sex,
        "birth_date": contacted - dt.timedelta(days=age_days),
        "contacted_on": contacted,
        "email": f"{slugify(first)}.{slugify(last)}.{index}@example.org",
        # 06 40 to 06 89: mobile ranges in use (the phone validator refuses unassigned ones);
        # the same draws as before, so the rest of the demo does not move.
        "phone": f"06 {40 + rng.randint(10, 99) % 50} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "guardian": rng.choice(
            [
                (GuardianLink.MOTHER, names.first_name("F")),
                (GuardianLink.FATHER, names.first_name("M")),
            ]
        ),
        "level": rng.choice([Level.NONE, Level.DNB, Level.CAP_LEVEL, Level.BAC_LEVEL]),
        "origin": rng.choice(Origin.values),
        "channel": rng.choice(ContactChannel.values),
        "wish": rng.choice(WISHES),
        "target": rng.choice(TARGETS),
        "start_ago": rng.randint(5, 40),
        "early_exit": rng.choice(EARLY_EXITS),
    }


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


def seed_transfer(source: Network, target: Network) -> bool:
    """One pending transfer of a demo young person at the contact step, from `source` (the
    network of `responsable`) to `target` (that of `responsable2`): it waits on the
    receiving lead's « À faire » page. Once only, whatever happened to it since."""
    youth = Youth.objects.filter(ine=demo_ine(1), network=source, step=Step.CONTACT).first()
    if youth is None or target.lead_id is None or Transfer.objects.filter(youth=youth).exists():
        return False
    transfer_request(
        youth=youth,
        to_network=target,
        reason_code=TransferReason.MOVED,
        reason_details="La famille s’installe à Villefranche-sur-Saône.",
        by=source.lead,
    )
    return True
