"""No lost update: an edit form carries the version of the row it was opened on, and the
service refuses to save over a newer one, saying who changed what and when.

A row that several people edit (a young person's file, a contract) inherits `Versioned`;
its edit service calls `check_version` under the row lock, then `bump_version`.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone

from .corrections import shown

VERSION_FIELD = "version"


class Versioned(models.Model):
    # The database defaults too: bulk loads (COPY) that name only the business columns.
    version = models.PositiveIntegerField("version", default=1, db_default=1, editable=False)
    updated_at = models.DateTimeField("modifié le", null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="modifié par",
    )
    # The fields the last edit changed: what the next editor is told when they were late.
    changed_fields = models.JSONField("champs modifiés", null=True, blank=True, editable=False)

    class Meta:
        abstract = True


SHOWN_MAX = 80  # a long text is shown (and kept) by its start only


def _label(instance: models.Model, name: str) -> str:
    try:
        return str(instance._meta.get_field(name).verbose_name)
    except Exception:  # a form-only name
        return name


def _shown(instance: models.Model, name: str) -> str:
    """The value as the page shows it (choices' labels, French dates, a related object's
    name), cut to SHOWN_MAX characters."""
    return cut_shown(shown(instance, instance._meta.get_field(name).name))


def cut_shown(text: str) -> str:
    """A value on one line, cut to SHOWN_MAX characters."""
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


def changes_shown(before: models.Model, after: models.Model, names) -> dict[str, list[str]]:
    """{name: [value before, value after], as shown} for the named fields that differ
    between the stored row (`before`) and the edited instance (`after`)."""
    return {
        name: [_shown(before, name), _shown(after, name)]
        for name in names
        if getattr(before, name) != getattr(after, name)
    }


def _what_changed(instance: models.Model, changed) -> str:
    """« téléphone : « 06… » → « 07… » ; … » from the last edit's record; an edit saved
    before the values were kept gives the labels only."""
    if isinstance(changed, dict):
        # In the form's order (the model's fields): PostgreSQL's jsonb keeps no key order.
        order = [_label(instance, field.name) for field in instance._meta.fields]
        labels = sorted(
            changed,
            key=lambda label: (
                label not in order,
                order.index(label) if label in order else 0,
                label,
            ),
        )
        return " ; ".join(
            f"{label} : « {changed[label][0]} » → « {changed[label][1]} »" for label in labels
        )
    return ", ".join(_label(instance, name) for name in changed or [])


def check_version(instance: Versioned, opened: int | None) -> None:
    """Refuse the save when the row changed since the form was opened (`opened` is the
    version the form carried, 0 when the row did not exist yet; None when the caller has
    no form to check). The refusal says who, when, and each value before → after."""
    if opened is None or opened == instance.version:
        return
    who = instance.updated_by.get_full_name() if instance.updated_by else "une autre personne"
    when = timezone.localtime(instance.updated_at) if instance.updated_at else None
    at = f" à {when:%H:%M} le {when:%d/%m/%Y}" if when else ""
    changed = _what_changed(instance, instance.changed_fields)
    what = f" Champs modifiés : {changed}." if changed else ""
    raise ValidationError(
        {
            NON_FIELD_ERRORS: f"Ce dossier a été modifié par {who}{at} : rechargez la page "
            f"pour voir la version à jour, puis refaites vos changements.{what}"
        },
        code="stale",
    )


def bump_version(instance: Versioned, *, by, changed: dict[str, list[str]]) -> list[str]:
    """Count a saved edit; returns the field names to add to `save(update_fields=...)`.
    `changed` is `changes_shown(...)`: kept by field label, for the next late editor."""
    instance.version += 1
    instance.updated_at = timezone.now()
    instance.updated_by = by
    instance.changed_fields = {_label(instance, name): pair for name, pair in changed.items()}
    return ["version", "updated_at", "updated_by", "changed_fields"]


def versioned_save(instance: Versioned, *, by, opened_version: int | None, **fields):
    """Save `fields` on `instance` (its row locked) unless someone saved it since the form
    was opened; count the edit."""
    locked = type(instance).objects.select_for_update().get(pk=instance.pk)
    check_version(locked, opened_version)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.version = locked.version
    extra = bump_version(instance, by=by, changed=changes_shown(locked, instance, fields))
    instance.save(update_fields=[*fields, *extra])
    return instance


class _HiddenVersion(forms.IntegerField):
    """A tampered value is not the user's error: the check is then skipped."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class VersionedFormMixin:
    """A hidden field with the version the form was opened on; `opened_version()` gives it
    to the service, and `cleaned_data` keeps only what the service edits."""

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = _HiddenVersion(
            widget=forms.HiddenInput, required=False, initial=version
        )

    def clean(self):
        data = super().clean()
        self._opened_version = data.pop(VERSION_FIELD, None)
        return data

    def opened_version(self) -> int | None:
        return getattr(self, "_opened_version", None)
