"""gunicorn's configuration: `gunicorn foquale.wsgi -c python:foquale.gunicorn`.

The access log is kept (who asked for what, when, with which answer) but never with a
secret address in it: family links and calendar feeds carry their token in the path
(`foquale.redact`). Options given on the command line win over these.
"""

import os

from gunicorn.glogging import Logger

from foquale.redact import RedactSecretsFilter

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = "-"
logger_class = "foquale.gunicorn.RedactingLogger"


class RedactingLogger(Logger):
    """gunicorn's logger with the secrets taken out of the access and error logs (an
    error log line names the request it failed on)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            # setup() runs again on a configuration reload: one filter each, not a stack.
            if not any(isinstance(f, RedactSecretsFilter) for f in log.filters):
                log.addFilter(RedactSecretsFilter())
