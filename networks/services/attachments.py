"""Documents attached to the minutes of a committee meeting."""

from foquale.accounts.models import User
from foquale.attachments import attachment_store

from ..models import Meeting, MeetingAttachment


def meeting_attachment_add(*, meeting: Meeting, title: str, upload, by: User) -> MeetingAttachment:
    """Attach a document (PDF, JPEG or PNG, checked by content) to a meeting's minutes."""
    return attachment_store(
        model=MeetingAttachment, title=title, upload=upload, by=by, meeting=meeting
    )
