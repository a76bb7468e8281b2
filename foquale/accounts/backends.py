"""The signed-in person read from the shared cache instead of the database on every page.

`AuthenticationMiddleware` reads the user row on each request: after the session, the
largest cost of a signed-in page with no data (docs/benchmarks.md, issue 14). The row is
kept in the shared cache (Redis, `CACHE_URL`) and dropped whenever it changes:

- every `save()` and `delete()` of a user (password, activation, names, staff and
  superuser flags, last log-in) through the `post_save` / `post_delete` signals;
- `foquale.grants.grants_changed`, the one bulk update of users (`access_version`).

Django's own checks still run on the cached row: `is_active` (`user_can_authenticate`)
and the session's password hash (`get_session_auth_hash`), so a changed password or a
deactivated account ends the session on the next request, as without the cache. With
each process's own memory (no `CACHE_URL`) a change made in one process would not reach
the others: the row is then read from the database each time (`USER_CACHE_SECONDS = 0`).
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction


def _key(user_id) -> str:
    return f"signed-in-user:{user_id}"


class CachedUserBackend(ModelBackend):
    def get_user(self, user_id):
        seconds = settings.USER_CACHE_SECONDS
        if not seconds:
            return super().get_user(user_id)
        key = _key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, seconds)
            return user
        return user if self.user_can_authenticate(user) else None


def forget_users(user_ids: Iterable) -> None:
    """Drop these people's cached rows: the next request reads them afresh."""
    keys = [_key(user_id) for user_id in user_ids]
    if keys and settings.USER_CACHE_SECONDS:
        cache.delete_many(keys)
        # Again once the change is committed: a request in between may have cached the row
        # as it was before.
        transaction.on_commit(lambda: cache.delete_many(keys))


def forget_user(sender, instance, **kwargs) -> None:
    """`post_save` / `post_delete` receiver for the user model."""
    forget_users([instance.pk])
