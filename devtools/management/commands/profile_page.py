"""Profile one page as a logged-in benchmark account, in the process, through Django's WSGI
handler (the path gunicorn takes), on a database filled by seed_scale.

    DEBUG=false DATABASE_URL=… CACHE_URL=… manage.py profile_page /tuteur/ --login tuteur

Prints the time per request and the `cProfile` functions that take the most cumulative
and own time. The profile that guided each change of issue 14 (docs/benchmarks.md).
"""

import cProfile
import io
import pstats
import time
from http.cookies import SimpleCookie

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from devtools.benchmark.runner import bench_email


class Command(BaseCommand):
    help = "Profile une page (cProfile) pour un compte de mesure, dans le processus."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--login", default="tuteur", help="compte de mesure (tuteur, …)")
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--top", type=int, default=40)
        parser.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime"])
        parser.add_argument("--anonymous", action="store_true")
        parser.add_argument("--only", default="", help="expression rationnelle sur les fonctions")

    def handle(self, *args, path, login, requests, top, sort, anonymous, only, **options):
        if settings.DEBUG:
            raise CommandError("Lancez avec DEBUG=false : c’est la page servie qui compte.")
        cookie = "" if anonymous else self._session_cookie(login)
        handler = WSGIHandler()
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(),
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if "?" in path:
            environ["PATH_INFO"], environ["QUERY_STRING"] = path.split("?", 1)

        def serve() -> int:
            status = []
            body = handler(dict(environ), lambda s, h, exc_info=None: status.append(s))
            size = sum(len(chunk) for chunk in body)
            if hasattr(body, "close"):
                body.close()
            if not status[0].startswith("200"):
                raise CommandError(f"{path} répond {status[0]}")
            return size

        for _ in range(10):  # warm: imports, templates, content types, caches
            size = serve()
        started = time.perf_counter()
        for _ in range(requests):
            serve()
        plain = (time.perf_counter() - started) / requests
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(requests):
            serve()
        profile.disable()
        self.stdout.write(
            f"{path} ({login if not anonymous else 'anonyme'}) : {plain * 1000:.2f} ms par "
            f"requête sans profileur, {size} octets"
        )
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.strip_dirs().sort_stats(sort)
        stats.print_stats(*([only] if only else []), top)
        self.stdout.write(out.getvalue())

    def _session_cookie(self, login: str) -> str:
        user = get_user_model().objects.filter(email=bench_email(login)).first()
        if user is None:
            raise CommandError(f"Pas de compte {bench_email(login)} : lancez seed_scale.")
        client = Client()
        client.force_login(user)
        client.get("/sante/")  # the CSRF cookie, as a browser holds it
        jar = SimpleCookie()
        for name, morsel in client.cookies.items():
            jar[name] = morsel.value
        return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
