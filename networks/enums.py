from django.db import models


class SteeringFunction(models.TextChoices):
    RECTEUR = "recteur", "Recteur"
    DAFCO = "dafco", "DAFCO"
    DAET = "daet", "DAET"
    CSAIO = "csaio", "CSAIO"
    D2P = "d2p", "D2P"
    DEC = "dec", "DEC"
    DE = "de", "DE"
    DASEN = "dasen", "DASEN"
    IEN_IO = "ien_io", "IEN-IO"
    OTHER = "other", "Autre"


class EstablishmentKind(models.TextChoices):
    COLLEGE = "college", "Collège"
    LEGT = "legt", "Lycée d’enseignement général et technologique (LEGT)"
    LP = "lp", "Lycée professionnel (LP)"
    LPO = "lpo", "Lycée polyvalent"
    MICRO_LYCEE = "micro_lycee", "Micro-lycée / structure de retour à l’école"
    CFA = "cfa", "CFA public"
    UFA = "ufa", "UFA"
    CIO = "cio", "CIO"
    MLDS = "mlds", "MLDS"
    OTHER = "other", "Autre dispositif"


class SeatRole(models.TextChoices):
    """Committee seats from the circulaire; all but OTHER are held by one person at a time."""

    INSPECTION = "inspection", "Référent des corps d’inspection (IA-IPR référent de bassin)"
    HEAD_COLLEGE = "head_college", "Chef d’établissement représentant les collèges"
    HEAD_LEGT = "head_legt", "Chef d’établissement représentant les LEGT"
    HEAD_LP = "head_lp", "Chef d’établissement représentant les LP"
    MLDS_PILOT = "mlds_pilot", "Pilote de bassin de la MLDS"
    CIO_DIRECTOR = "cio_director", "Directeur de CIO (DCIO)"
    OTHER = "other", "Membre associé"


# The inspection referent "peut y être associé le cas échéant": optional.
REQUIRED_SEATS = (
    SeatRole.HEAD_COLLEGE,
    SeatRole.HEAD_LEGT,
    SeatRole.HEAD_LP,
    SeatRole.MLDS_PILOT,
    SeatRole.CIO_DIRECTOR,
)
SINGLE_SEATS = (SeatRole.INSPECTION, *REQUIRED_SEATS)

# Which establishments a seat may represent: a head of collège represents a collège, etc.
# Seats missing here may represent any establishment of the network.
SEAT_ESTABLISHMENT_KINDS = {
    SeatRole.HEAD_COLLEGE: (EstablishmentKind.COLLEGE,),
    SeatRole.HEAD_LEGT: (EstablishmentKind.LEGT, EstablishmentKind.LPO),
    SeatRole.HEAD_LP: (EstablishmentKind.LP, EstablishmentKind.LPO),
    SeatRole.CIO_DIRECTOR: (EstablishmentKind.CIO,),
    SeatRole.MLDS_PILOT: (EstablishmentKind.MLDS,),
}


class ObjectiveStatus(models.TextChoices):
    OPEN = "open", "En cours"
    DONE = "done", "Atteint"
    DROPPED = "dropped", "Abandonné"
    CANCELLED = "cancelled", "Annulé (saisi par erreur)"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    CANCELLED = "cancelled", "Annulée"


class SolutionKind(models.TextChoices):
    ESTABLISHMENT = "establishment", "Retour dans un établissement"
    MICRO_LYCEE = "micro_lycee", "Micro-lycée / structure de retour à l’école"
    CFA = "cfa", "CFA public"
    UFA = "ufa", "UFA"
    MLDS = "mlds", "Action de la MLDS"
    PARTNER = "partner", "Solution partenaire hors Éducation nationale"


class SolutionStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publiée"
    ARCHIVED = "archived", "Archivée"


class CorrectedItem(models.TextChoices):
    MEETING = "meeting", "Réunion"
    OBJECTIVE = "objective", "Objectif prioritaire"
    ACTION = "action", "Action"
