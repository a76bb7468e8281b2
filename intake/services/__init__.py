"""Writes of the platform's lists: keyword-only `<entity>_<verb>` functions, each atomic.

An import runs in one transaction (`list_import_run`, called by the Celery task): all or
nothing. Its status becomes « importée » in that same transaction, so a worker killed in
the middle leaves the import « en cours » with nothing written, and running it again
(the task is redelivered, or the gestionnaire relaunches it) does the whole of it once.

Before the run (`preparing`): upload, column mapping, preview, queueing, progress. The run
(`importing`). After it (`sharing`): cancelling an import, sharing out the pending rows.
"""

from .importing import BATCH, FILLABLE, list_import_run, refused_csv
from .preparing import (
    list_confirm,
    list_file_of,
    list_mapping_save,
    list_preview,
    list_upload,
    progress_of,
    progress_set,
)
from .sharing import import_youth_ids, list_cancel, list_cancellable, pending_share

__all__ = [
    "BATCH",
    "FILLABLE",
    "import_youth_ids",
    "list_cancel",
    "list_cancellable",
    "list_confirm",
    "list_file_of",
    "list_import_run",
    "list_mapping_save",
    "list_preview",
    "list_upload",
    "pending_share",
    "progress_of",
    "progress_set",
    "refused_csv",
]
