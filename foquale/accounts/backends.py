"""The signed-in person read from the shared cache instead of the database on every page.

`AuthenticationMiddleware` reads the user row on each request: after the session, the
largest cost of a signed-in page with no data (docs/benchmarks.md, issue 14). The row is
kept in the shared cache (Redis, `CACHE_URL`) with the person's generation, a token
renewed whenever the row changes:

- every `save()` and `delete()` of a user (password, activation, names, staff and
  superuser flags, last log-in), through the `post_save` / `post_delete` signals;
- `foquale.grants.grants_changed`, the one bulk update of users (`access_version`).

The generation is read with the row (one round trip) and before the database: a row read
while a change commits is kept under the old generation, which the next request sees is
not the current one. Renewing it also drops the row, and again once the change is
committed.

Django's own checks still run on the cached row: `is_active` (`user_can_authenticate`) and
the session's password hash (`get_session_auth_hash`), so a changed password or a
deactivated account ends the session on the next request, as without the cache. With each
process's own memory (no `CACHE_URL`) a change made in one process would not reach the
others: the row is then read from the database each time (`USER_CACHE_SECONDS = 0`).
"""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction


def _keys(user_id) -> tuple[str, str]:
    return f"signed-in-user:{user_id}", f"signed-in-user-generation:{user_id}"


class CachedUserBackend(ModelBackend):
    def get_user(self, user_id):
        seconds = settings.USER_CACHE_SECONDS
        if not seconds:
            return super().get_user(user_id)
        # The access scope comes in the same round trip (checked by `scope_for` against
        # the row's `access_version`). Imported here: `foquale.access` imports the grants,
        # which import this module.
        from foquale.access import PREFETCHED, scope_key

        row_key, generation_key = _keys(user_id)
        found = cache.get_many([row_key, generation_key, scope_key(user_id)])
        generation = found.get(generation_key, "")
        entry = found.get(row_key)
        if entry is not None and entry[0] == generation:
            user = entry[1]
            if not self.user_can_authenticate(user):
                return None
        else:
            user = super().get_user(user_id)
            if user is None:
                return None
            cache.set(row_key, (generation, user), seconds)
        setattr(user, PREFETCHED, found.get(scope_key(user_id)))
        return user


def forget_users(user_ids: Iterable) -> None:
    """A new generation for these people: the next request reads their row afresh."""
    user_ids = list(user_ids)
    if user_ids and settings.USER_CACHE_SECONDS:
        _renew(user_ids)
        # Again once the change is committed: a request in between may have read the row
        # as it was before.
        transaction.on_commit(lambda: _renew(user_ids))


def _renew(user_ids: list) -> None:
    keys = [_keys(user_id) for user_id in user_ids]
    cache.delete_many([row_key for row_key, _generation_key in keys])
    cache.set_many({generation_key: uuid.uuid4().hex for _row_key, generation_key in keys}, None)


def forget_user(sender, instance, **kwargs) -> None:
    """`post_save` / `post_delete` receiver for the user model."""
    forget_users([instance.pk])
