"""The reads of a case written to the access log (`audit`), from the pages that read."""

from django.http import HttpRequest

from audit.enums import ReadKind
from audit.services import read_log_record

from . import perms
from .models import Youth


def log_case_read(
    request: HttpRequest, kind: ReadKind, youth: Youth, *, object_id: int | None = None
) -> None:
    """One row of the access log for a read of this case, under the reader's role on it
    (`youth.network` already loaded: one INSERT, no SELECT)."""
    read_log_record(
        user=request.user,
        kind=kind,
        role=perms.case_role(request.user, youth),
        path=request.path,
        object_id=youth.pk if object_id is None else object_id,
        youth_id=youth.pk,
        network=youth.network,
    )
