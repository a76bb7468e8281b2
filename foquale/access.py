"""One scope object per user: every grant the user holds, read in one query.

Each app's `perms.py` derives its querysets and its yes/no answers from this object only
(`networks.perms`, `contracts.perms`, …); none reads a membership table or a grant table on
its own.

In a request (`AccessScopeMiddleware` marks the request's user) the scope is kept on the
user for the request and in the cache between requests, keyed by the user's
`access_version`, which `foquale.grants` renews whenever the person's grants change: a
page pays no query for it until then. Elsewhere (tasks, services, tests) it is read afresh
on each call, so a membership changed a moment ago is seen.
"""

from dataclasses import dataclass, field

from django.contrib.auth.middleware import get_user
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.utils.functional import SimpleLazyObject

from . import grants

_CACHE = "_access_scope"
_CACHEABLE = "_access_scope_cacheable"


@dataclass(frozen=True)
class Scope:
    """The grants of one user: `ids(codename)` gives the granted object ids, `rows(codename)`
    the granted objects' `scope_columns` ({object id: (column values…)})."""

    user_id: int | None = None
    everything: bool = False  # superuser: every object, every action
    _rows: dict[str, dict[int, tuple]] = field(default_factory=dict)
    _derived: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def ids(self, codename: str) -> frozenset[int]:
        return frozenset(self._rows.get(codename, ()))

    def rows(self, codename: str) -> dict[int, tuple]:
        return self._rows.get(codename, {})

    def derived(self, name: str, build):
        """`build(scope)` once per scope object: an app's view of the grants (the
        `CaseScope` of `contracts.perms`), asked for many times in one page."""
        value = self._derived.get(name)
        if value is None:
            value = self._derived[name] = build(self)
        return value

    def has(self, codename: str, object_id: int | None = None) -> bool:
        if self.everything:
            return True
        granted = self._rows.get(codename, {})
        return bool(granted) if object_id is None else object_id in granted


def _width() -> int:
    return max((len(rule.scope_columns) for rule in grants.rules()), default=0)


def _rule_sql(rule: grants.GrantRule, width: int) -> str:
    grant_table = rule.grant_model._meta.db_table
    object_table = rule.object_model._meta.db_table
    columns = [f"o.{column}" for column in rule.scope_columns]
    columns += ["CAST(NULL AS bigint)"] * (width - len(columns))
    join = f" JOIN {object_table} o ON o.id = g.content_object_id" if rule.scope_columns else ""
    codenames = ", ".join(f"'{codename}'" for codename in rule.codenames)
    return (
        f"SELECT p.codename, g.content_object_id{''.join(', ' + c for c in columns)} "
        f"FROM {grant_table} g JOIN {Permission._meta.db_table} p ON p.id = g.permission_id"
        f"{join} WHERE g.user_id = %s AND p.codename IN ({codenames})"
    )


def load_scope(user) -> Scope:
    """The user's scope, in one query over every registered grant table."""
    if not getattr(user, "is_authenticated", False):
        return Scope()
    if user.is_superuser:
        return Scope(user_id=user.pk, everything=True)
    rules = grants.rules()
    width = _width()
    sql = " UNION ALL ".join(_rule_sql(rule, width) for rule in rules)
    rows: dict[str, dict[int, tuple]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk] * len(rules))
        for codename, object_id, *columns in cursor.fetchall():
            rows.setdefault(codename, {})[object_id] = tuple(columns)
    return Scope(user_id=user.pk, _rows=rows)


# The key names the shape of its value (v3: the grants' version with the scope): a
# deployment never reads a scope pickled by the code before it.
CACHE_SECONDS = 3600
# Set by `foquale.accounts.backends` on the request's user: the cached entry read in the
# same round trip as the user's row (or None when the cache has none).
PREFETCHED = "_access_scope_prefetched"
_NOT_READ = object()


def scope_key(user_id) -> str:
    return f"access-scope:v3:{user_id}"


def scope_for(user) -> Scope:
    """The user's scope: kept on the request's user and cached with the `access_version`
    it was read under; read afresh anywhere else."""
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    if not getattr(user, _CACHEABLE, False) or not user.is_authenticated:
        return load_scope(user)
    version = (user.access_version, user.is_superuser)
    entry = getattr(user, PREFETCHED, _NOT_READ)
    if entry is _NOT_READ:
        entry = cache.get(scope_key(user.pk))
    if entry is not None and entry[0] == version:
        scope = entry[1]
    else:
        scope = load_scope(user)
        cache.set(scope_key(user.pk), (version, scope), CACHE_SECONDS)
    setattr(user, _CACHE, scope)
    return scope


def _request_user(request):
    user = get_user(request)
    setattr(user, _CACHEABLE, True)
    return user


class AccessScopeMiddleware:
    """After `AuthenticationMiddleware`: the request's user keeps its scope for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _request_user(request))
        return self.get_response(request)
