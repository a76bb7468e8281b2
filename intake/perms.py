"""Who manages which platform's lists: derived from the user's scope (`foquale.access`)
only. A platform out of scope answers 404."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from foquale.access import scope_for
from foquale.accounts.models import User
from networks.models import Platform

from .grants import MANAGE_LISTS
from .models import ListImport, PendingYouth, Sharing


def managed_platforms(user: User) -> QuerySet[Platform]:
    scope = scope_for(user)
    if scope.everything:
        return Platform.objects.all()
    return Platform.objects.filter(pk__in=scope.ids(MANAGE_LISTS))


def manages_lists(user: User) -> bool:
    scope = scope_for(user)
    return scope.everything or bool(scope.ids(MANAGE_LISTS))


def get_platform_for_user(user: User, platform_id: int) -> Platform:
    return get_object_or_404(managed_platforms(user).select_related("academy"), pk=platform_id)


def imports_for_user(user: User) -> QuerySet[ListImport]:
    scope = scope_for(user)
    if scope.everything:
        return ListImport.objects.all()
    return ListImport.objects.filter(platform_id__in=scope.ids(MANAGE_LISTS))


def get_import_for_user(user: User, import_id: int) -> ListImport:
    return get_object_or_404(
        imports_for_user(user).select_related("platform", "platform__academy"), pk=import_id
    )


def pending_for_user(user: User) -> QuerySet[PendingYouth]:
    scope = scope_for(user)
    if scope.everything:
        return PendingYouth.objects.all()
    return PendingYouth.objects.filter(platform_id__in=scope.ids(MANAGE_LISTS))


def sharings_for_user(user: User) -> QuerySet[Sharing]:
    scope = scope_for(user)
    if scope.everything:
        return Sharing.objects.all()
    return Sharing.objects.filter(platform_id__in=scope.ids(MANAGE_LISTS))


def require_manager(user: User) -> None:
    if not manages_lists(user):
        raise Http404
