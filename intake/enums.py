from django.db import models


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", "Colonnes à associer"
    READY = "ready", "Aperçu à valider"
    QUEUED = "queued", "Import en cours"
    DONE = "done", "Importée"
    CANCELLED = "cancelled", "Annulée"


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class PendingReason(models.TextChoices):
    """Why an imported young person waits in « à répartir »."""

    NO_UAI = "no_uai", "Établissement d’origine non renseigné"
    NO_NETWORK = "no_network", "Aucun réseau de la plateforme pour cet établissement"
    SEVERAL = "several", "Plusieurs réseaux possibles pour cet établissement"


# The columns the path needs, in the order of the mapping screen. Everything else in a
# list (nationality, family situation, reason for leaving…) is dropped at the upload.
class Target(models.TextChoices):
    INE = "ine", "INE"
    LAST_NAME = "last_name", "Nom"
    FIRST_NAME = "first_name", "Prénom"
    BIRTH_DATE = "birth_date", "Date de naissance"
    SEX = "sex", "Sexe"
    UAI = "uai", "UAI de l’établissement d’origine"
    LAST_CLASS = "last_class", "Formation suivie"
    LEFT_ON = "left_on", "Date de sortie"
    PHONE = "phone", "Téléphone"
    EMAIL = "email", "Courriel"
    ADDRESS = "address", "Adresse"
    POSTCODE = "postcode", "Code postal"
    TOWN = "town", "Commune"


REQUIRED_TARGETS = (Target.LAST_NAME, Target.FIRST_NAME, Target.BIRTH_DATE)
