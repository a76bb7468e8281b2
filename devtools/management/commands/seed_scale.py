import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools.scale import BENCH_DOMAIN, BENCH_PASSWORD, SCALES, ScaleSeeder


class Command(BaseCommand):
    help = (
        "Génère des données de volume (académie ou France entière) pour mesurer les "
        "performances. À lancer sur une base dédiée ; mode démo seulement."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="academy")
        parser.add_argument("--seed", type=int, default=2013)

    def handle(self, *args, scale: str, seed: int, **options):
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError(
                "Les données de volume ne sont créées qu’en mode démo (DEMO=true), "
                "sur une base dédiée."
            )
        if ScaleSeeder.already_seeded():
            self.stdout.write("Données de volume déjà présentes : rien à faire.")
            return
        started = time.monotonic()
        self.stdout.write(f"Génération à l’échelle « {scale} » : {SCALES[scale]}")
        seeder = ScaleSeeder(SCALES[scale], seed=seed, out=self.stdout.write)
        seeder.run()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # As autovacuum leaves a live database: statistics, and the visibility map
                # that lets the planner answer from an index alone. VACUUM cannot run in a
                # transaction (a test's): statistics only there.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Données de volume prêtes en {time.monotonic() - started:.0f} s.")
        )
        self.stdout.write(
            f"Comptes de mesure (mot de passe « {BENCH_PASSWORD} ») : "
            f"pilotage, ien-io, responsable, comite, evaluateur, referent, tuteur "
            f"@{BENCH_DOMAIN}"
        )
