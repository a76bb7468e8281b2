"""A small HTTP/1.1 client for the benchmark: logs in, then drives concurrent load.

asyncio streams with `Connection: close` (gunicorn's sync workers close after each
response): one request per connection, as a browser's first visit. Only 127.0.0.1.
"""

import asyncio
import http.client
import re
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

HOST = "127.0.0.1"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoginFailed(Exception):
    pass


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: dict[str, str] = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        parsed = SimpleCookie()
        parsed.load(header)
        jar.update({name: morsel.value for name, morsel in parsed.items()})
    return jar


def get(port: int, path: str, cookie: str = "", timeout: float = 60) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def session_cookie(port: int, path: str) -> str:
    """The Cookie header of the session a page opens (the minimal page's `/session/`)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        jar = _cookies(response)
    finally:
        connection.close()
    if response.status != 200 or "sessionid" not in jar:
        raise LoginFailed(f"{path}: status {response.status}, no session")
    return f"sessionid={jar['sessionid']}"


def login(port: int, email: str, password: str) -> str:
    """Log in through the login form; returns the Cookie header of the session."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", "/connexion/")
        response = connection.getresponse()
        page = response.read().decode()
        jar = _cookies(response)
        match = CSRF_INPUT.search(page)
        if not match or "csrftoken" not in jar:
            raise LoginFailed("no CSRF token on the login page")
        body = urlencode({"username": email, "password": password, "csrfmiddlewaretoken": match[1]})
        connection.request(
            "POST",
            "/connexion/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={jar['csrftoken']}",
                "Referer": f"http://{HOST}:{port}/connexion/",
            },
        )
        response = connection.getresponse()
        response.read()
        jar.update(_cookies(response))
    finally:
        connection.close()
    if response.status != 302 or "sessionid" not in jar:
        raise LoginFailed(f"{email}: status {response.status}")
    return f"csrftoken={jar['csrftoken']}; sessionid={jar['sessionid']}"


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    def merge(self, other: "LoadResult") -> None:
        self.requests += other.requests
        self.errors += other.errors
        self.seconds += other.seconds
        self.latencies += other.latencies

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[round(p) - 1]

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0

    @property
    def p95_ms(self) -> float:
        return self.percentile(95) * 1000


async def _fetch(port: int, request: bytes) -> int:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(request)
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    return int(data[9:12]) if data[:5] == b"HTTP/" else 0


async def _load(
    port: int, path: str, cookie: str, concurrency: int, seconds: float, max_requests: int
) -> LoadResult:
    headers = [
        f"GET {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        "Connection: close",
        "Accept-Encoding: identity",
        "User-Agent: foquale-benchmark",
    ]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    request = ("\r\n".join(headers) + "\r\n\r\n").encode()
    result = LoadResult()
    started = time.perf_counter()
    deadline = started + seconds
    issued = 0

    async def worker() -> None:
        nonlocal issued
        while time.perf_counter() < deadline and issued < max_requests:
            issued += 1
            begin = time.perf_counter()
            status = await _fetch(port, request)
            result.latencies.append(time.perf_counter() - begin)
            result.requests += 1
            if status != 200:
                result.errors += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    return result


def load(
    port: int,
    path: str,
    *,
    cookie: str = "",
    concurrency: int = 8,
    seconds: float = 10.0,
    max_requests: int = 20_000,
) -> LoadResult:
    """Keep `concurrency` requests in flight for `seconds` (or `max_requests`).

    The event loop runs in a thread of its own: the caller may already run one.
    """
    with ThreadPoolExecutor(max_workers=1) as executor:
        future = executor.submit(
            asyncio.run, _load(port, path, cookie, concurrency, seconds, max_requests)
        )
        return future.result()
