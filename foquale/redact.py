"""Keep the secrets that travel in addresses out of the logs.

A family's link (`/famille/<token>/`), a tutor's calendar feed (`/agenda/<token>.ics`) and
a password-reset address carry their only credential in the path: an access log that
records them in full hands a working link to whoever reads the logs. Rather than list each
URL (and forget the next one), a path segment of 32 or more URL-safe characters is taken
for a secret: the tokens are 43 characters long, a reset token about 39, and no readable
address of the site has such a segment.
"""

import logging
import re

REDACTED = "[secret]"
# A run of URL-safe characters between two separators of a path (or a quoted request line).
SECRET_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_-]{32,}(?=[/.?#\s\"]|$)")


def redact(text: str) -> str:
    """The text with every secret-looking path segment replaced by `[secret]`."""
    return SECRET_SEGMENT.sub(REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """A logging filter that rewrites a record's message without its secrets.

    The message is formatted once here (its arguments included, whatever their form: a
    tuple for runserver, a dict of atoms for gunicorn) and the arguments dropped, so that
    no handler sees the clear value afterwards."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):
            return True  # a malformed record: let logging report it as it would
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            # A traceback may quote the address too (the formatter reuses this text).
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True
