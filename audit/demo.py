"""The demo académie's data protection officer (`dpo@demo.foquale.fr`)."""

from foquale.accounts.models import User
from networks.models import Academy

from .grants import refresh_dpo_grants
from .models import DataProtectionOfficer


def seed_dpo(academy: Academy, user: User) -> None:
    DataProtectionOfficer.objects.get_or_create(academy=academy, user=user)
    refresh_dpo_grants(academy)
