from django.db import models


class ReadKind(models.TextChoices):
    YOUTH = "youth", "Dossier du jeune"
    CONTRACT = "contract", "Page du contrat"
    CONTRACT_PDF = "contract_pdf", "PDF du contrat"
    ATTACHMENT = "attachment", "Pièce jointe au contrat"
    REVIEWS = "reviews", "Bilans de situation"
    EXPORT = "export", "Export du tableau de bord"
    LOG_EXPORT = "log_export", "Export du journal des accès"
    ACCESS_EXPORT = "access_export", "Données du jeune (droit d’accès)"
    YOUTH_LIST_EXPORT = "youth_list_export", "Export de la liste des jeunes"


class Role(models.TextChoices):
    """The role under which a person read: the one that opened the door to the file."""

    ADMIN = "admin", "Administrateur"
    LEAD = "network_lead", "Responsable de réseau"
    REFERENT = "referent", "Référent décrochage"
    ASSESSOR = "assessor", "Chargé de bilan"
    TUTOR = "tutor", "Tuteur"
    STEERING = "steering", "Comité de pilotage"
    IEN_IO = "ien_io", "IEN-IO"
    COMMITTEE = "committee_member", "Membre du comité de réseau"
    DPO = "dpo", "Délégué à la protection des données"
    FAMILY = "family", "Famille (lien personnel)"
