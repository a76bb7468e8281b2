"""The platform's lists: who manages them, each import, the young people waiting to be
shared out, and the sharing history the gestionnaire keeps once a network has the file."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from networks.models import Establishment, Network, Platform

from .enums import FileFormat, ImportStatus, PendingReason


class ListManager(models.Model):
    """« Gestionnaire des listes de la plateforme », named by the académie's administrator
    (Django admin). An IEN-IO may hold it too. The membership is the fact; the grant
    `manage_lists` on the platform is derived from it (`intake.grants`)."""

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="list_managers", verbose_name="plateforme"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="managed_lists",
        verbose_name="gestionnaire",
    )
    named_on = models.DateField("nommé le", auto_now_add=True)

    class Meta:
        verbose_name = "gestionnaire des listes de la plateforme"
        verbose_name_plural = "gestionnaires des listes des plateformes"
        constraints = [
            models.UniqueConstraint(fields=["platform", "user"], name="list_manager_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.platform}"


class PlatformUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's direct table for the grants on a platform (derived, never written
    by hand)."""

    content_object = models.ForeignKey(Platform, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "droit d’un utilisateur sur une plateforme"
        verbose_name_plural = "droits des utilisateurs sur les plateformes"


class PlatformGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Platform, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = "droit d’un groupe sur une plateforme"
        verbose_name_plural = "droits des groupes sur les plateformes"


class ColumnMapping(models.Model):
    """The platform's last mapping of its lists' columns: {target: header as typed}."""

    platform = models.OneToOneField(
        Platform, on_delete=models.CASCADE, related_name="column_mapping", verbose_name="plateforme"
    )
    columns = models.JSONField("colonnes", default=dict)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "association de colonnes"
        verbose_name_plural = "associations de colonnes"

    def __str__(self) -> str:
        return f"Colonnes de {self.platform}"


class ListImport(models.Model):
    """One list uploaded by a gestionnaire. The file is kept (in the database, so that the
    worker reads it wherever it runs) until the import is done or cancelled."""

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="list_imports", verbose_name="plateforme"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="déposée par",
    )
    uploaded_at = models.DateTimeField("déposée le", auto_now_add=True)
    filename = models.CharField("nom du fichier", max_length=200)
    file_format = models.CharField("format", max_length=10, choices=FileFormat.choices)
    content = models.BinaryField("contenu du fichier", default=b"", editable=False)
    header_line = models.PositiveIntegerField("ligne d’en-tête", default=1)
    headers = models.JSONField("en-têtes", default=list)
    row_count = models.PositiveIntegerField("lignes", default=0)
    mapping = models.JSONField("colonnes associées", default=dict)
    status = models.CharField(
        "état", max_length=20, choices=ImportStatus.choices, default=ImportStatus.MAPPING
    )
    queued_at = models.DateTimeField("lancée le", null=True, blank=True)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)
    created_count = models.PositiveIntegerField("jeunes nouveaux", default=0)
    shared_count = models.PositiveIntegerField("répartis à l’import", default=0)
    pending_count = models.PositiveIntegerField("à répartir", default=0)
    known_count = models.PositiveIntegerField("déjà connus", default=0)
    updated_count = models.PositiveIntegerField("déjà connus complétés", default=0)
    refused_count = models.PositiveIntegerField("refusés", default=0)
    # The refused rows with their reason, as the CSV the result page offers (emptied when
    # the import is cancelled).
    refused_csv = models.TextField("lignes refusées (CSV)", blank=True, editable=False)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="annulée par",
    )

    class Meta:
        verbose_name = "import de liste"
        verbose_name_plural = "imports de listes"
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ImportStatus.DONE) | Q(finished_at__isnull=False),
                name="list_import_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.uploaded_at:%d/%m/%Y})"


class PendingYouth(models.Model):
    """A young person of a list whose network is not known yet (« à répartir »): only what
    the network will need to open the file. Deleted when shared out."""

    list_import = models.ForeignKey(
        ListImport, on_delete=models.CASCADE, related_name="pending", verbose_name="import"
    )
    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="pending_youths", verbose_name="plateforme"
    )
    reason = models.CharField("motif", max_length=20, choices=PendingReason.choices)
    line = models.PositiveIntegerField("ligne du fichier")
    last_name = models.CharField("nom", max_length=150)
    first_name = models.CharField("prénom", max_length=150)
    last_name_key = models.CharField("nom (clé)", max_length=150)
    first_name_key = models.CharField("prénom (clé)", max_length=150)
    birth_date = models.DateField("date de naissance")
    sex = models.CharField("sexe", max_length=1, blank=True)
    ine = models.CharField("INE", max_length=11, blank=True)
    address = models.TextField("adresse", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    last_establishment = models.ForeignKey(
        Establishment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="établissement d’origine",
    )
    last_class = models.CharField("formation suivie", max_length=80, blank=True)
    left_on = models.DateField("date de sortie", null=True, blank=True)

    class Meta:
        verbose_name = "jeune à répartir"
        verbose_name_plural = "jeunes à répartir"
        ordering = ["last_name_key", "first_name_key", "id"]
        indexes = [
            models.Index(
                fields=["platform", "last_name_key", "first_name_key", "id"],
                name="pending_platform_name",
            ),
            models.Index(fields=["ine"], name="pending_ine"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


class Sharing(models.Model):
    """What the gestionnaire keeps once a young person is given to a network: the name,
    the day and the network. `youth` links the file the import opened, so that a whole
    import can be cancelled while none of its young people moved past the contact step;
    it is not a way in (the file belongs to the network)."""

    list_import = models.ForeignKey(
        ListImport, on_delete=models.CASCADE, related_name="sharings", verbose_name="import"
    )
    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="sharings", verbose_name="plateforme"
    )
    name = models.CharField("jeune", max_length=310)
    shared_on = models.DateField("réparti le")
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="+", verbose_name="réseau"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="réparti par",
    )
    youth = models.ForeignKey(
        "contracts.Youth",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dossier ouvert",
    )

    class Meta:
        verbose_name = "répartition"
        verbose_name_plural = "historique des répartitions"
        ordering = ["-shared_on", "-id"]
        indexes = [
            models.Index(fields=["platform", "-shared_on", "-id"], name="sharing_platform_day"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.network} ({self.shared_on:%d/%m/%Y})"
