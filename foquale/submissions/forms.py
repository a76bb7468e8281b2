"""The token each rendered create form carries (see `services.submission_run`)."""

import uuid

from django import forms

TOKEN_FIELD = "submission_token"


class TokenField(forms.UUIDField):
    """A tampered or missing token is no error for the user: the send is then simply not
    protected against a repeat."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


class SubmissionTokenMixin:
    """Adds a hidden token, new for each rendered form and kept when the form is shown
    again with its errors; `submission_token()` gives it to `submission_run`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = TokenField(
            widget=forms.HiddenInput, required=False, initial=uuid.uuid4
        )

    def clean(self):
        # Kept apart, so that `cleaned_data` holds only what the service takes.
        data = super().clean()
        self._submission_token = data.pop(TOKEN_FIELD, None)
        return data

    def submission_token(self) -> uuid.UUID | None:
        return getattr(self, "_submission_token", None)
