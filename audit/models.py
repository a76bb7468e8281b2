"""Who read which file: an append-only log, and the académie's data protection officers.

A row is written once and never changed: `save()` refuses an existing row, the queryset
refuses `update()` and `delete()`, the admin is read-only, and on PostgreSQL a trigger
refuses UPDATE and DELETE (migration 0001). Only the retention purge removes rows
(`services.read_log_purge`).

The row keeps ids, not copies of names: the young person's id (their file lives in a
higher layer), the network and académie of the file, the reader. The foreign keys hold no
database constraint and do nothing on delete, so a row outlives what it names.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from networks.models import Academy, Network

from .enums import ReadKind, Role


class ReadLogIsAppendOnly(RuntimeError):
    """A read log row is written once; only the retention purge removes it."""


class ReadLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ReadLogIsAppendOnly("Le journal des accès ne se modifie pas.")

    def delete(self):
        raise ReadLogIsAppendOnly("Le journal des accès ne se supprime pas.")

    def _purge(self) -> int:
        """For the retention purge only (`services.read_log_purge`)."""
        return self._raw_delete(self.db)


def _loose(model, **kwargs):
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        **kwargs,
    )


class ReadLog(models.Model):
    at = models.DateTimeField("date et heure", default=timezone.now)
    user = _loose(settings.AUTH_USER_MODEL, null=True, blank=True, verbose_name="utilisateur")
    role = models.CharField("au titre de", max_length=20, choices=Role.choices)
    kind = models.CharField("lecture", max_length=20, choices=ReadKind.choices)
    object_id = models.PositiveBigIntegerField("objet lu", null=True, blank=True)
    youth_id = models.PositiveBigIntegerField("jeune", null=True, blank=True)
    network = _loose(Network, null=True, blank=True, verbose_name="réseau")
    academy = _loose(Academy, null=True, blank=True, verbose_name="académie")
    path = models.CharField("adresse", max_length=300)

    objects = ReadLogQuerySet.as_manager()

    class Meta:
        verbose_name = "lecture journalisée"
        verbose_name_plural = "journal des accès"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["academy", "-at"], name="readlog_academy_at"),
            models.Index(fields=["network", "-at"], name="readlog_network_at"),
            models.Index(fields=["youth_id", "-at"], name="readlog_youth_at"),
            models.Index(fields=["at"], name="readlog_at"),
        ]

    def __str__(self) -> str:
        at = timezone.localtime(self.at)
        return f"{self.get_kind_display()} n° {self.object_id or '—'} ({at:%d/%m/%Y %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReadLogIsAppendOnly("Le journal des accès ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReadLogIsAppendOnly("Le journal des accès ne se supprime pas.")


class DataProtectionOfficer(models.Model):
    """Délégué à la protection des données (DPO) of an académie: reads its whole access
    log and answers right-of-access requests. A membership: `audit.grants` turns it into
    the `audit_academy` grant on the académie."""

    academy = models.ForeignKey(
        Academy,
        on_delete=models.CASCADE,
        related_name="data_protection_officers",
        verbose_name="académie",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dpo_memberships",
        verbose_name="utilisateur",
    )
    appointed_on = models.DateField("désigné le", default=timezone.localdate)

    class Meta:
        verbose_name = "délégué à la protection des données"
        verbose_name_plural = "délégués à la protection des données"
        constraints = [
            models.UniqueConstraint(fields=["academy", "user"], name="dpo_unique_per_academy")
        ]

    def __str__(self) -> str:
        return f"{self.user} — DPO de l’{self.academy}"
