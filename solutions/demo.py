"""Demo catalogue, yearly evaluations and shared practices. Idempotent.

The entry "CAP cuisine en un an" has 2 places only: it shows as full as soon as the demo
path data put two active contracts on it (see `DEMO_SMALL_SOLUTION`). The entry "Retour en
première professionnelle" was last reviewed 400 days ago, so it is flagged as stale.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from foquale.accounts.models import User
from foquale.schoolyear import current_school_year
from networks.enums import EstablishmentKind, SolutionKind, SolutionStatus
from networks.models import (
    ActivityReport,
    EvaluationDecision,
    NeedsAnalysis,
    Network,
    Practice,
    Solution,
    SolutionEntryDate,
    SolutionEvaluation,
)

DEMO_SMALL_SOLUTION = "CAP cuisine en un an"
DEMO_STALE_SOLUTION = "Retour en première professionnelle"
STALE_AGE_DAYS = 400


def _host(network: Network, kind: str):
    return network.academy.establishments.filter(kind=kind).order_by("id").first()


def _solution(network: Network, title: str, entry_dates: list[dt.date], **fields) -> Solution:
    solution, created = Solution.objects.get_or_create(
        network=network, title=title, defaults=fields
    )
    if created:
        SolutionEntryDate.objects.bulk_create(
            SolutionEntryDate(solution=solution, day=day) for day in entry_dates
        )
    return solution


@transaction.atomic
def seed_solutions(networks: list[Network], users: dict[str, User]) -> dict[str, Solution]:
    year = current_school_year()
    solutions = {
        **_main_catalogue(networks[0], users, year),
        **_other_entries(networks, year),
    }
    old = timezone.now() - dt.timedelta(days=STALE_AGE_DAYS)
    Solution.objects.filter(pk=solutions["stale"].pk, reviewed_by__isnull=True).update(
        reviewed_at=old
    )
    _last_year(networks[0], solutions, users, year - 1)
    _practices(networks, users)
    return solutions


def _main_catalogue(main: Network, users: dict[str, User], year: int) -> dict[str, Solution]:
    """The main network's published entries of the year, one with two places only."""
    start, end = dt.date(year, 9, 1), dt.date(year + 1, 6, 30)
    return {
        "micro": _solution(
            main,
            "Micro-lycée : retour au baccalauréat",
            [dt.date(year, 9, 15), dt.date(year + 1, 1, 5)],
            kind=SolutionKind.MICRO_LYCEE,
            host=_host(main, EstablishmentKind.MICRO_LYCEE),
            audience="Jeunes de 16 à 25 ans ayant quitté le lycée depuis plus de six mois, "
            "sans baccalauréat. Entretien préalable avec l’équipe.",
            places=12,
            starts_on=start,
            ends_on=end,
            contact="Secrétariat du micro-lycée, 04 72 00 00 01",
            description="Petits groupes, emploi du temps aménagé, tutorat par un enseignant "
            "référent ; préparation du baccalauréat général ou technologique.",
            status=SolutionStatus.PUBLISHED,
            reviewed_by=users["comite"],
        ),
        "cap": _solution(
            main,
            DEMO_SMALL_SOLUTION,
            [dt.date(year, 10, 2)],
            kind=SolutionKind.UFA,
            host=_host(main, EstablishmentKind.UFA) or _host(main, EstablishmentKind.LP),
            audience="Jeunes de 16 à 25 ans, projet dans la restauration confirmé par un stage.",
            places=2,
            starts_on=start,
            ends_on=end,
            contact="Chef de travaux, 04 72 00 00 02",
            description="CAP cuisine préparé en un an en apprentissage, avec un employeur "
            "trouvé par l’UFA.",
            status=SolutionStatus.PUBLISHED,
            reviewed_by=users["responsable"],
        ),
        "mlds": _solution(
            main,
            "Action MLDS « Remobilisation »",
            [dt.date(year, 11, 4), dt.date(year + 1, 2, 3), dt.date(year + 1, 4, 7)],
            kind=SolutionKind.MLDS,
            host=_host(main, EstablishmentKind.LP),
            audience="Jeunes sans solution, pour reprendre un rythme et construire un projet.",
            places=15,
            starts_on=start,
            ends_on=end,
            contact="Coordonnatrice MLDS du bassin",
            description="Six semaines de remobilisation : ateliers, stages de découverte, "
            "entretiens avec la PsyEN.",
            status=SolutionStatus.PUBLISHED,
            reviewed_by=users["comite"],
        ),
    }


def _other_entries(networks: list[Network], year: int) -> dict[str, Solution]:
    """A stale entry and a draft in the main network, one entry in a neighbouring network
    (same platform) and one in a network of another platform."""
    main, neighbour, other = networks[0], networks[1], networks[2]
    return {
        "stale": _solution(
            main,
            DEMO_STALE_SOLUTION,
            [],
            kind=SolutionKind.ESTABLISHMENT,
            host=_host(main, EstablishmentKind.LP),
            audience="Jeunes ayant validé une seconde professionnelle.",
            places=4,
            contact="Proviseur adjoint",
            status=SolutionStatus.PUBLISHED,
        ),
        "partner": _solution(
            main,
            "Accompagnement intensif — Mission locale",
            [],
            kind=SolutionKind.PARTNER,
            partner="Mission locale de Lyon",
            audience="Jeunes de 16 à 25 ans, en lien avec la plateforme.",
            places=10,
            contact="Conseillère référente FOQUALE de la mission locale",
            status=SolutionStatus.DRAFT,
        ),
        "neighbour": _solution(
            neighbour,
            "CFA public : CAP agricole",
            [dt.date(year, 9, 8)],
            kind=SolutionKind.CFA,
            host=_host(neighbour, EstablishmentKind.CFA),
            audience="Jeunes de 16 à 25 ans intéressés par les métiers de la vigne.",
            places=8,
            starts_on=dt.date(year, 9, 1),
            ends_on=dt.date(year + 1, 7, 3),
            contact="Accueil du CFA",
            status=SolutionStatus.PUBLISHED,
        ),
        "other": _solution(
            other,
            "Lycée de la nouvelle chance",
            [],
            kind=SolutionKind.MICRO_LYCEE,
            host=_host(other, EstablishmentKind.MICRO_LYCEE),
            audience="Jeunes de 18 à 25 ans.",
            places=20,
            contact="Accueil du lycée",
            status=SolutionStatus.PUBLISHED,
        ),
    }


def _last_year(
    main: Network, solutions: dict[str, Solution], users: dict[str, User], past: int
) -> None:
    """Last school year's evaluations, needs analysis and activity report."""
    for key, decision, comment in (
        (
            "micro",
            EvaluationDecision.KEEP,
            "Bonne accroche des jeunes ; maintenir les deux rentrées.",
        ),
        (
            "cap",
            EvaluationDecision.ADAPT,
            "Demande forte et deux places seulement : chercher un second employeur.",
        ),
        (
            "mlds",
            EvaluationDecision.KEEP,
            "Utile avant une entrée en formation ; mieux préparer la sortie.",
        ),
    ):
        SolutionEvaluation.objects.get_or_create(
            solution=solutions[key],
            school_year=past,
            defaults={"decision": decision, "comment": comment, "recorded_by": users["comite"]},
        )
    NeedsAnalysis.objects.get_or_create(
        network=main,
        school_year=past,
        defaults={
            "findings": "Beaucoup de jeunes de niveau CAP attendent une place en "
            "restauration ; peu de solutions pour les jeunes de plus de 18 ans.",
            "recorded_by": users["comite"],
        },
    )
    ActivityReport.objects.get_or_create(
        network=main,
        school_year=past,
        defaults={
            "summary": "Année de mise en place du catalogue ; priorité l’an prochain à "
            "l’offre pour les plus de 18 ans."
        },
    )


def _practices(networks: list[Network], users: dict[str, User]) -> None:
    """Two shared practices, from the main and the neighbouring network."""
    main, neighbour = networks[0], networks[1]
    published = timezone.now() - dt.timedelta(days=30)
    for network, title, context, actions, results, contact, author in (
        (
            main,
            "Un binôme PsyEN – CPE pour le premier entretien",
            "Beaucoup de jeunes contactés ne venaient pas au bilan.",
            "Le premier entretien se fait à deux, au lycée d’origine, dans les 15 jours, "
            "avec un rappel par SMS la veille.",
            "Deux jeunes sur trois viennent désormais au bilan, contre un sur trois avant.",
            "Camille Comité, comité du réseau Lyon Centre",
            users["comite"],
        ),
        (
            neighbour,
            "Des stages de découverte avant l’entrée en CFA",
            "Des abandons dans les premières semaines de CFA.",
            "Une semaine de stage chez un employeur partenaire avant la signature du contrat.",
            "Les sorties anticipées pendant le premier trimestre ont diminué de moitié.",
            "Rachida Responsable, responsable du réseau Beaujolais",
            users["responsable2"],
        ),
    ):
        Practice.objects.get_or_create(
            network=network,
            title=title,
            defaults={
                "context": context,
                "actions": actions,
                "results": results,
                "contact": contact,
                "is_published": True,
                "published_at": published,
                "created_by": author,
            },
        )
