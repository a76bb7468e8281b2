"""Who is asking (the client's address behind the proxies) and how often.

The counters live in the cache (Redis in production, shared by every web process) under a
hash of the address or account, so the cache holds no address or e-mail in clear.
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind `TRUSTED_PROXY_COUNT` reverse proxies it is the entry
    that the outermost trusted proxy appended to X-Forwarded-For: counted from the right,
    as a client can put anything it likes on the left. Without proxies, or when the header
    holds fewer entries than the proxies (a request that did not come through them), or an
    invalid one, it is the connection's address."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


@dataclass(frozen=True)
class Throttle:
    """At most `settings.<limit_setting>` events per `period` seconds for one value (an
    address, an account), counted in fixed windows of the cache."""

    name: str
    limit_setting: str
    period: int = 3600

    @property
    def limit(self) -> int:
        return getattr(settings, self.limit_setting)

    def _key(self, value: str) -> str:
        digest = hashlib.sha256(f"{self.name}:{value}".encode()).hexdigest()[:32]
        return f"throttle:{self.name}:{digest}:{int(time.time() // self.period)}"

    def count(self, value: str) -> int:
        return cache.get(self._key(value), 0)

    def hit(self, value: str) -> int:
        """Count one event; returns the count in the current window, this one included."""
        key = self._key(value)
        cache.add(key, 0, timeout=self.period)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.period)
            return 1

    def exceeded(self, value: str) -> bool:
        return self.count(value) >= self.limit


# Failed log-ins from one address, whatever the accounts tried: slows password spraying.
# The lockout of one account (django-axes) is per (account, address), so that nobody can
# lock a user out from elsewhere; this one blocks the address, never the account.
LOGIN_FAILURES_PER_ADDRESS = Throttle("login-ip", "LOGIN_FAILURES_PER_ADDRESS")
# Password-reset requests: per address (a flood of requests), per account (a flood of
# mails to one person, from any number of addresses).
RESET_REQUESTS_PER_ADDRESS = Throttle("reset-ip", "PASSWORD_RESET_PER_ADDRESS")
RESET_REQUESTS_PER_ACCOUNT = Throttle("reset-account", "PASSWORD_RESET_PER_ACCOUNT")


def record_login_failure(sender, credentials=None, request=None, **kwargs) -> None:
    """`user_login_failed` receiver: one more failure for the client's address."""
    if request is not None:
        LOGIN_FAILURES_PER_ADDRESS.hit(client_ip(request))
