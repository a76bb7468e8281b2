"""Memberships are the facts; django-guardian grants are derived from them.

Each app declares, in its `grants.py`, one `GrantRule` per kind of object it grants on:
the guardian direct foreign-key table, the codenames the rule owns, and the function that
reads the memberships and says which (user, codename, object) grants they imply. This
module keeps the grant table equal to that: `sync` adds what is missing and removes what
is stale, for some users, some objects or everything. Every path that changes a
membership (services, admin, yearly rollover) calls its app's refresh, which calls `sync`;
`check_grants` (command and nightly task) runs `sync` over everything to find drift.

A rule only ever touches its own codenames, so two apps may grant on the same table.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_delete

from .accounts.backends import forget_users
from .accounts.models import new_access_version

Grant = tuple[int, str, int]  # (user id, codename, object id)


@dataclass(frozen=True)
class GrantRule:
    """How one app's memberships turn into grants on one kind of object.

    `wanted(users, objects)` returns the grants the memberships imply, restricted to those
    user ids and object ids when they are given (None: no restriction)."""

    name: str
    grant_model: type[models.Model]
    codenames: tuple[str, ...]
    wanted: Callable[[Iterable[int] | None, Iterable[int] | None], Iterable[Grant]]
    # Extra columns of the granted object that the access scope reads with the grant
    # (e.g. a contract's youth): read in the same query, see `foquale.access`.
    scope_columns: tuple[str, ...] = field(default=())

    @property
    def object_model(self) -> type[models.Model]:
        return self.grant_model._meta.get_field("content_object").related_model


@dataclass
class Drift:
    missing: set[Grant] = field(default_factory=set)
    stale: set[Grant] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.missing or self.stale)

    def __ior__(self, other: "Drift") -> "Drift":
        self.missing |= other.missing
        self.stale |= other.stale
        return self


_RULES: dict[str, GrantRule] = {}


def register(rule: GrantRule) -> GrantRule:
    """Called by each app's `AppConfig.ready` (through its grants module)."""
    _RULES[rule.name] = rule
    post_delete.connect(_grant_deleted, sender=rule.grant_model, dispatch_uid=rule.name)
    return rule


def grants_changed(user_ids: Iterable[int]) -> None:
    """A new `access_version` for these people: their cached access scope is not used
    again (`foquale.access`)."""
    user_ids = set(user_ids)
    if user_ids:
        get_user_model().objects.filter(pk__in=user_ids).update(access_version=new_access_version())
        forget_users(user_ids)


def _grant_deleted(sender, instance, **kwargs) -> None:
    """A grant deleted along with its object (a network's member establishment removed in
    the admin, a contract deleted): the holder's cached scope is dropped too."""
    grants_changed([instance.user_id])


def rules() -> list[GrantRule]:
    return list(_RULES.values())


def permission_ids(rule: GrantRule) -> dict[str, int]:
    content_type = ContentType.objects.get_for_model(rule.object_model)
    return dict(
        Permission.objects.filter(
            content_type=content_type, codename__in=rule.codenames
        ).values_list("codename", "pk")
    )


def _current(rule: GrantRule, users, objects) -> dict[Grant, int]:
    rows = rule.grant_model.objects.filter(permission__codename__in=rule.codenames)
    if users is not None:
        rows = rows.filter(user_id__in=users)
    if objects is not None:
        rows = rows.filter(content_object_id__in=objects)
    return {
        (user_id, codename, object_id): pk
        for pk, user_id, codename, object_id in rows.values_list(
            "pk", "user_id", "permission__codename", "content_object_id"
        )
    }


@transaction.atomic
def sync(
    rule: GrantRule,
    *,
    users: Iterable[int] | None = None,
    objects: Iterable[int] | None = None,
    fix: bool = True,
) -> Drift:
    """Make the rule's grants equal to what its memberships imply (or only report it).

    Restricted to `users` and/or `objects` (ids) when given: a membership change refreshes
    only the people and objects it touched."""
    users = None if users is None else sorted({u for u in users if u is not None})
    objects = None if objects is None else sorted({o for o in objects if o is not None})
    if users == [] or objects == []:
        return Drift()
    current = _current(rule, users, objects)
    wanted = set(rule.wanted(users, objects))
    drift = Drift(missing=wanted - current.keys(), stale=current.keys() - wanted)
    if fix and drift:
        rule.grant_model.objects.filter(pk__in=[current[g] for g in drift.stale])._raw_delete(
            rule.grant_model.objects.db
        )
        permission = permission_ids(rule)
        rule.grant_model.objects.bulk_create(
            (
                rule.grant_model(user_id=u, permission_id=permission[c], content_object_id=o)
                for u, c, o in drift.missing
            ),
            batch_size=5000,
        )
        grants_changed(u for u, _, _ in drift.missing | drift.stale)
    return drift


def check_all(*, fix: bool = False) -> dict[str, Drift]:
    """Every rule over everything: {rule name: drift} for the rules that drifted."""
    found = {}
    for rule in rules():
        drift = sync(rule, fix=fix)
        if drift:
            found[rule.name] = drift
    return found


def sync_all() -> dict[str, Drift]:
    """Repair every rule (after a bulk load: scale seed, import)."""
    return check_all(fix=True)


def sync_model(model: type[models.Model], *, objects: Iterable[int]) -> None:
    """Refresh every rule granting on `model` for these objects: a lower app changing the
    objects (a network's member establishments) does not need to know who grants on them."""
    objects = list(objects)
    for rule in rules():
        if rule.object_model is model:
            sync(rule, objects=objects)


def sync_users(*, users: Iterable[int]) -> None:
    """Refresh every rule for these people (admin edits of their memberships)."""
    users = list(users)
    for rule in rules():
        sync(rule, users=users)


class GrantsAdminMixin:
    """For a `ModelAdmin` of a membership with a `user` field: every write, the bulk delete
    included, refreshes the grants of the people it touched (before and after an edit)."""

    grant_user_field = "user"

    def _users_of(self, queryset) -> set[int]:
        return set(queryset.values_list(f"{self.grant_user_field}_id", flat=True))

    def save_model(self, request, obj, form, change):
        before = self._users_of(type(obj).objects.filter(pk=obj.pk)) if obj.pk else set()
        super().save_model(request, obj, form, change)
        sync_users(users=before | {getattr(obj, f"{self.grant_user_field}_id")})

    def delete_model(self, request, obj):
        user_id = getattr(obj, f"{self.grant_user_field}_id")
        super().delete_model(request, obj)
        sync_users(users=[user_id])

    def delete_queryset(self, request, queryset):
        users = self._users_of(queryset)
        super().delete_queryset(request, queryset)
        sync_users(users=users)


def drift_report(found: dict[str, Drift]) -> list[str]:
    """Lines that name the drift by ids only (no personal data in mails or logs)."""
    lines = []
    for name, drift in sorted(found.items()):
        for label, grants in (("manquant", drift.missing), ("en trop", drift.stale)):
            for user_id, codename, object_id in sorted(grants):
                lines.append(
                    f"{name} : droit {label} {codename} — compte {user_id}, objet {object_id}"
                )
    return lines
