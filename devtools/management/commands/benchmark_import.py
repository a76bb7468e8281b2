"""Measure an import of a platform's list at its limit (issue 12): 50,000 rows, read,
previewed and imported on the database in use (PostgreSQL for the figures of
docs/benchmarks.md). Times and the process's peak memory are printed."""

import random
import resource
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from foquale.accounts.models import User
from intake import services
from intake.models import ListImport
from networks.models import NetworkEstablishment, Platform

FIRST_NAMES = ("Léa", "Noah", "Inès", "Lucas", "Jade", "Hugo", "Chloé", "Enzo", "Zoé", "Théo")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_list(platform: Platform, rows: int, seed: int) -> bytes:
    """A list like the monthly ones: most rows with a member establishment's UAI, some
    without, some refused; every row a different young person."""
    rng = random.Random(seed)
    uais = list(
        NetworkEstablishment.objects.filter(network__platform=platform).values_list(
            "establishment__uai", flat=True
        )
    )
    today = timezone.localdate()
    lines = ["INE;NOM;PRENOM;DATE_NAISSANCE;SEXE;UAI;FORMATION;TELEPHONE;COURRIEL;COMMUNE"]
    for n in range(rows):
        birth = today.replace(year=today.year - 17 - rng.randrange(4)) - timezone.timedelta(
            days=rng.randrange(360)
        )
        uai = rng.choice(uais) if uais and rng.random() < 0.9 else ""
        date = "31/02/2009" if rng.random() < 0.01 else f"{birth:%d/%m/%Y}"
        lines.append(
            f";{rng.choice(LAST_NAMES)}-{seed}-{n};{rng.choice(FIRST_NAMES)};{date};"
            f"{rng.choice('FM')};{uai};CAP;06 12 {n // 10000 % 100:02d} {n // 100 % 100:02d} "
            f"{n % 100:02d};;Lyon"
        )
    return ("\n".join(lines) + "\n").encode()


class Command(BaseCommand):
    help = "Mesure l’import d’une liste de 50 000 lignes (base dédiée, mode démo seulement)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=12)
        parser.add_argument("--keep", action="store_true", help="Garder les jeunes importés.")

    def handle(self, *args, rows: int, seed: int, keep: bool, **options):
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("Mesure réservée au mode démo (DEMO=true), sur une base dédiée.")
        platform = Platform.objects.filter(networks__isnull=False).order_by("pk").first()
        if platform is None:
            raise CommandError("Aucune plateforme avec des réseaux : lancez seed_demo d’abord.")
        user = User.objects.order_by("pk").first()
        content = make_list(platform, rows, seed)
        self.stdout.write(f"Liste : {rows} lignes, {len(content) / 1e6:.1f} Mo ; {platform}")

        started = time.monotonic()
        list_import = services.list_upload(
            platform=platform, name="bench.csv", content=content, by=user
        )
        upload_s = time.monotonic() - started
        services.list_mapping_save(list_import=list_import, mapping=list_import.mapping, by=user)
        list_import.refresh_from_db()
        started = time.monotonic()
        plan = services.list_preview(list_import=list_import)
        preview_s = time.monotonic() - started
        counts = (plan.shared, plan.pending, len(plan.rows) - plan.shared - plan.pending)
        del plan
        ListImport.objects.filter(pk=list_import.pk).update(status="queued")
        started = time.monotonic()
        services.list_import_run(import_id=list_import.pk)
        import_s = time.monotonic() - started
        list_import.refresh_from_db()
        self.stdout.write(
            f"Dépôt (lecture) : {upload_s:.1f} s ; aperçu : {preview_s:.1f} s ; "
            f"import : {import_s:.1f} s ; mémoire maximale du processus : {peak_mb():.0f} Mo"
        )
        self.stdout.write(
            f"Répartis : {list_import.shared_count}, à répartir : {list_import.pending_count}, "
            f"déjà connus : {list_import.known_count}, refusés : {list_import.refused_count} "
            f"(aperçu : {counts})"
        )
        if not keep:
            with transaction.atomic():
                services.list_cancel(list_import=list_import, by=user)
            self.stdout.write("Import annulé (base remise en l’état).")
