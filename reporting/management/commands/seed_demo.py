"""The demo académie, every app's part of it. Here, in the top app, because it calls the
demo seed of each app below (networks, audit, referents, contracts, reviews, solutions)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.demo import seed_dpo
from contracts.demo import seed_paths, seed_transfer
from contracts.reviews.demo import seed_reviews
from intake.demo import seed_list_manager
from networks.demo import (
    ADMIN_LOGIN,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    demo_email,
    seed_organisation,
)
from referents.demo import seed_actors
from solutions.demo import seed_solutions

NOT_PRODUCTION = "--i-know-this-is-not-production"


class Command(BaseCommand):
    help = (
        "Crée (ou complète) l’académie de démonstration. Idempotent ; mode démo seulement, "
        f"et hors DEBUG seulement avec {NOT_PRODUCTION}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            NOT_PRODUCTION,
            action="store_true",
            dest="not_production",
            help="Confirme, hors DEBUG, que la base n’est pas celle de la production.",
        )

    def handle(self, *args, **options):
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError(
                "Les comptes de démonstration ne sont créés qu’en mode démo (DEMO=true)."
            )
        if not settings.DEBUG and not options["not_production"]:
            raise CommandError(
                "DEBUG est désactivé : cette base est peut-être celle de la production. La "
                "démonstration y créerait des comptes au mot de passe publié. Sur une base "
                f"de démonstration seulement, relancez avec {NOT_PRODUCTION}."
            )
        org = seed_organisation()
        seed_dpo(org["academy"], org["users"]["dpo"])
        seed_list_manager(org["networks"][0].platform, org["users"]["plateforme"])
        seed_actors(org["networks"][0])
        seed_solutions(org["networks"], org["users"])
        created = seed_paths(org["networks"][0])
        self.stdout.write(f"Parcours de démonstration : {created} jeune(s) ajouté(s).")
        seed_reviews(org["networks"][0])
        seed_transfer(org["networks"][0], org["networks"][1])
        self.stdout.write(self.style.SUCCESS("Académie de démonstration prête."))
        self.stdout.write(f"Comptes (mot de passe « {DEMO_PASSWORD} ») :")
        for login in DEMO_ACCOUNTS:
            if login == ADMIN_LOGIN and not settings.DEBUG:
                continue
            self.stdout.write(f"  {demo_email(login)}")
        if not settings.DEBUG:
            admin = demo_email(ADMIN_LOGIN)
            self.stdout.write(
                f"  {admin} (administrateur) : sans mot de passe hors DEBUG ; donnez-lui-en "
                f"un avec « python manage.py changepassword {admin} »."
            )
