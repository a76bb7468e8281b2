"""The gestionnaires des listes turned into grants (see `foquale.grants`): `manage_lists` on
their platform. The admin (`GrantsAdminMixin`) and the demo seed refresh them."""

from collections.abc import Iterable, Iterator

from foquale import grants
from foquale.grants import Grant

from .models import ListManager, PlatformUserObjectPermission

MANAGE_LISTS = "manage_lists"


def _platform_grants(users: Iterable[int] | None, objects: Iterable[int] | None) -> Iterator[Grant]:
    managers = ListManager.objects.all()
    if objects is not None:
        managers = managers.filter(platform_id__in=objects)
    if users is not None:
        managers = managers.filter(user_id__in=users)
    for platform_id, user_id in managers.values_list("platform_id", "user_id"):
        yield (user_id, MANAGE_LISTS, platform_id)


LIST_MANAGER_RULE = grants.register(
    grants.GrantRule(
        name="intake.list_managers",
        grant_model=PlatformUserObjectPermission,
        codenames=(MANAGE_LISTS,),
        wanted=_platform_grants,
    )
)


def refresh_list_manager_grants(platform_id: int) -> None:
    grants.sync(LIST_MANAGER_RULE, objects=[platform_id])
