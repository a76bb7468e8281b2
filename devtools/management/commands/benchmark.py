import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from devtools.benchmark import runner
from devtools.scale import SCALES, ScaleSeeder


class Command(BaseCommand):
    help = (
        "Mesure le débit et la latence des pages principales sous gunicorn (127.0.0.1), "
        "rapportés à ceux d’une page nue, sur une base remplie par seed_scale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="academy")
        parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--seconds", type=float, default=10.0, help="durée par page")
        parser.add_argument("--max-requests", type=int, default=20_000, help="plafond par page")
        parser.add_argument("--pages", default="", help="clés des pages, séparées par des virgules")
        parser.add_argument("--output", default="", help="fichier où écrire le tableau (Markdown)")
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="ne pas relancer collectstatic (fichiers statiques déjà à jour)",
        )

    def handle(
        self,
        *args,
        scale,
        workers,
        concurrency,
        seconds,
        max_requests,
        pages,
        output,
        no_collectstatic,
        **o,
    ):
        if not ScaleSeeder.already_seeded():
            raise CommandError(
                "Aucune donnée de volume dans cette base : lancez d’abord "
                f"« manage.py seed_scale --scale {scale} » (DEMO=true)."
            )
        if not 0 < seconds <= 120 or not 0 < concurrency <= 64:
            raise CommandError(
                "Durée (1 à 120 s) ou nombre de requêtes simultanées (1 à 64) hors bornes."
            )
        report = runner.run(
            scale=scale,
            workers=workers,
            concurrency=concurrency,
            seconds=seconds,
            max_requests=max_requests,
            only={key.strip() for key in pages.split(",") if key.strip()} or None,
            out=self.stdout.write,
            collectstatic=not no_collectstatic,
        )
        table = report.markdown()
        self.stdout.write("")
        self.stdout.write(table)
        if output:
            Path(output).write_text(table + "\n", encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Tableau écrit dans {output}."))
