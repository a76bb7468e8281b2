from django.db import models


class TeamFunction(models.TextChoices):
    TEACHER = "teacher", "Enseignant"
    CHEF_TRAVAUX = "chef_travaux", "Chef de travaux (DDFPT)"
    CPE = "cpe", "CPE"
    PSYEN = "psyen", "COP / PsyEN"
    AED = "aed", "Assistant d’éducation"
    SOCIAL = "social", "Personnel social"
    HEALTH = "health", "Personnel de santé"
    HEAD = "head", "Personnel de direction"
    OTHER = "other", "Autre"


class AssessorFunction(models.TextChoices):
    PSYEN = "psyen", "COP / PsyEN"
    MLDS = "mlds", "Personnel MLDS"
