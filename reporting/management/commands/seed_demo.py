"""The demo académie, every app's part of it. Here, in the top app, because it calls the
demo seed of each app below (networks, audit, referents, contracts, reviews, solutions)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.demo import seed_dpo
from contracts.demo import seed_paths
from contracts.reviews.demo import seed_reviews
from networks.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_email, seed_organisation
from referents.demo import seed_actors
from solutions.demo import seed_solutions


class Command(BaseCommand):
    help = "Crée (ou complète) l’académie de démonstration. Idempotent ; mode démo seulement."

    def handle(self, *args, **options):
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError(
                "Les comptes de démonstration ne sont créés qu’en mode démo (DEMO=true)."
            )
        org = seed_organisation()
        seed_dpo(org["academy"], org["users"]["dpo"])
        seed_actors(org["networks"][0])
        seed_solutions(org["networks"], org["users"])
        created = seed_paths(org["networks"][0])
        self.stdout.write(f"Parcours de démonstration : {created} jeune(s) ajouté(s).")
        seed_reviews(org["networks"][0])
        self.stdout.write(self.style.SUCCESS("Académie de démonstration prête."))
        self.stdout.write(f"Comptes (mot de passe « {DEMO_PASSWORD} ») :")
        for login in DEMO_ACCOUNTS:
            self.stdout.write(f"  {demo_email(login)}")
