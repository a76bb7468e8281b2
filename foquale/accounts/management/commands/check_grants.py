"""Recompute the grants the memberships imply and report any difference (`--fix` repairs)."""

from django.core.management.base import BaseCommand, CommandError

from foquale.grants import check_all, drift_report


class Command(BaseCommand):
    help = "Compare the django-guardian grants with the memberships; --fix repairs them."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="repair the differences found")

    def handle(self, *args, fix: bool = False, **options):
        found = check_all(fix=fix)
        if not found:
            self.stdout.write("Droits conformes aux rôles : aucune différence.")
            return
        for line in drift_report(found):
            self.stdout.write(line)
        total = sum(len(d.missing) + len(d.stale) for d in found.values())
        if fix:
            self.stdout.write(f"{total} différence(s) réparée(s).")
            return
        raise CommandError(f"{total} différence(s) : relancez avec --fix pour réparer.")
