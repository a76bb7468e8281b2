"""The demo platform's gestionnaire des listes (`plateforme@demo.foquale.fr`)."""

from foquale.accounts.models import User
from networks.models import Platform

from .grants import refresh_list_manager_grants
from .models import ListManager


def seed_list_manager(platform: Platform, user: User) -> None:
    ListManager.objects.get_or_create(platform=platform, user=user)
    refresh_list_manager_grants(platform.pk)
