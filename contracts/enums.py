from django.db import models

from foquale.corrections import CorrectionAction

__all__ = ["CorrectionAction"]  # the apps' corrections share their operations


class Step(models.TextChoices):
    """Where a young person stands on the path (seed, section 3)."""

    # Received (imported from a monthly list, or shared out by the platform) and not yet
    # reached: the first interview is due within FIRST_INTERVIEW_DAYS of `received_on`.
    TO_CONTACT = "to_contact", "À contacter"
    CONTACT = "contact", "Contact"
    ASSESSMENT = "assessment", "Bilan"
    PROPOSAL = "proposal", "Proposition"
    CONTRACT = "contract", "Contrat en signature"
    ACTIVE = "active", "Parcours en cours"
    EXITED = "exited", "Sortie de parcours"


class Origin(models.TextChoices):
    SIEI = "siei", "Liste SIEI / RIO"
    PSAD = "psad", "Contact par la plateforme (PSAD)"
    WALK_IN = "walk_in", "Démarche spontanée"
    ESTABLISHMENT = "establishment", "Signalement d’un établissement"


class ContactChannel(models.TextChoices):
    PHONE = "phone", "Téléphone"
    MEETING = "meeting", "Entretien"
    MAIL = "mail", "Courrier ou courriel"
    OTHER = "other", "Autre"


class Sex(models.TextChoices):
    FEMALE = "F", "Féminin"
    MALE = "M", "Masculin"


class GuardianLink(models.TextChoices):
    MOTHER = "mother", "Mère"
    FATHER = "father", "Père"
    TUTOR = "legal_tutor", "Tuteur légal"
    OTHER = "other", "Autre représentant légal"


class Level(models.TextChoices):
    """Highest diploma or level reached."""

    NONE = "none", "Aucun diplôme"
    DNB = "dnb", "Diplôme national du brevet"
    CFG = "cfg", "Certificat de formation générale"
    CAP_LEVEL = "cap_level", "Niveau CAP (sans diplôme)"
    CAP = "cap", "CAP"
    BAC_LEVEL = "bac_level", "Niveau baccalauréat (sans diplôme)"


class ProposalKind(models.TextChoices):
    ESTABLISHMENT = "establishment", "Place dans un établissement"
    MICRO_LYCEE = "micro_lycee", "Micro-lycée / structure de retour à l’école"
    CFA = "cfa", "CFA public"
    UFA = "ufa", "UFA"
    PARTNER = "partner", "Solution partenaire hors Éducation nationale"


class ProposalDecision(models.TextChoices):
    PENDING = "pending", "En attente de réponse"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"


class RefusalReason(models.TextChoices):
    """Why a proposal was refused, as counted on the aggregate pages; the details stay in
    the young person's file."""

    DISTANCE = "distance", "Trop éloignée ou difficile d’accès"
    CONTENT = "content", "Ne correspond pas au projet du jeune"
    SCHEDULE = "schedule", "Rythme ou organisation inadaptés"
    OTHER_PLAN = "other_plan", "Autre projet (emploi, autre formation)"
    PERSONAL = "personal", "Raisons personnelles ou familiales"
    NO_ANSWER = "no_answer", "Sans réponse du jeune"
    OTHER = "other", "Autre motif"


class ContractStatus(models.TextChoices):
    AWAITING_SIGNATURES = "awaiting", "En attente de signatures"
    ACTIVE = "active", "Actif"
    ENDED = "ended", "Terminé"


class SignatoryRole(models.TextChoices):
    TUTOR = "tutor", "Tuteur"
    YOUTH = "youth", "Jeune"
    GUARDIAN = "guardian", "Représentant légal"


class SignatureMode(models.TextChoices):
    PAPER = "paper", "Signature manuscrite sur papier"
    IN_PERSON = "in_person", "Signature en présence du référent"
    ELECTRONIC = "electronic", "Signature électronique"
    # Given on FOQUALE's signing page (personal link and code, or the tutor logged in):
    # only the online signing service records it, with its proof.
    ONLINE = "online", "Signature en ligne sur FOQUALE"


class SigningChannel(models.TextChoices):
    """How the référent asks one party to sign."""

    ONLINE = "online", "Signature en ligne"
    PAPER = "paper", "Signature sur papier"


class Outcome(models.TextChoices):
    QUALIFICATION = "qualification", "Diplôme ou qualification obtenu"
    FURTHER_TRAINING = "further_training", "Poursuite de formation"
    JOB = "job", "Emploi"
    CIVIC_SERVICE = "civic_service", "Service civique"
    MOVED = "moved", "Déménagement"
    STOPPED = "stopped", "Abandon du parcours"
    OTHER = "other", "Autre"


# Outcomes that count as a completed path; the others are early ends.
COMPLETED_OUTCOMES = (
    Outcome.QUALIFICATION,
    Outcome.FURTHER_TRAINING,
    Outcome.JOB,
    Outcome.CIVIC_SERVICE,
)


class ExitReason(models.TextChoices):
    """Why a path ended early, as counted on the aggregate pages; the details stay in the
    young person's file."""

    LOST_CONTACT = "lost_contact", "Perte de contact avec le jeune"
    MOTIVATION = "motivation", "Démotivation, abandon du projet"
    UNSUITED = "unsuited", "Solution inadaptée"
    MOVED = "moved", "Déménagement"
    PERSONAL = "personal", "Raisons personnelles ou familiales"
    OTHER = "other", "Autre motif"


class CorrectedObject(models.TextChoices):
    ASSESSMENT = "assessment", "Bilan"
    REVIEW = "review", "Bilan de situation"
    EXIT = "exit", "Sortie de parcours"


# An exit may be corrected or cancelled for this many days after it was recorded.
EXIT_CORRECTION_DAYS = 30


class ReminderKind(models.TextChoices):
    """The steps of the reminder ladder for one due date, lowest first."""

    BEFORE = "before", "Rappel au tuteur avant l’échéance"
    DUE = "due", "Rappel au tuteur le jour de l’échéance"
    LATE_REFERENT = "late_referent", "Retard signalé au référent"
    LATE_LEAD = "late_lead", "Retard signalé au responsable de réseau"
    # Not a step of the ladder: a contract past its planned end, neither closed by an exit
    # nor extended by an amendment, flagged once (its end date as the "due date").
    EXPIRED = "expired", "Contrat échu à clôturer (référent et responsable de réseau)"
    # The 15-day rule for a young person received and not yet contacted (a youth's row, its
    # deadline as the "due date"): the référent at D+10, the lead at D+15.
    FIRST_REFERENT = "first_referent", "Premier entretien à tenir (référent)"
    FIRST_LEAD = "first_lead", "Premier entretien en retard (responsable de réseau)"


# The escalation level of each kind: the counter that drives the ladder (as in Dora).
REMINDER_LEVELS = {
    ReminderKind.BEFORE: 1,
    ReminderKind.DUE: 2,
    ReminderKind.LATE_REFERENT: 3,
    ReminderKind.LATE_LEAD: 4,
    ReminderKind.EXPIRED: 5,
    ReminderKind.FIRST_REFERENT: 3,
    ReminderKind.FIRST_LEAD: 4,
}


class DueStatus(models.TextChoices):
    """Where one due date of a contract's review rhythm stands (`ReviewDue`)."""

    PLANNED = "planned", "Prévue"
    HELD = "held", "Tenue à la date prévue"
    LATE = "late", "Tenue en retard"
    MISSED = "missed", "Manquée"


# A due date a review answered; the others are open.
DUE_HELD = (DueStatus.HELD, DueStatus.LATE)
DUE_OPEN = (DueStatus.PLANNED, DueStatus.MISSED)


class TransferStatus(models.TextChoices):
    PENDING = "pending", "En attente de la réponse du réseau d’accueil"
    ACCEPTED = "accepted", "Accepté"
    REFUSED = "refused", "Refusé"
    CANCELLED = "cancelled", "Annulé par le demandeur"


class TransferReason(models.TextChoices):
    """Why a young person is transferred to another network, as counted on the aggregate
    pages; the details stay in the young person's file."""

    MOVED = "moved", "Déménagement du jeune"
    SOLUTION = "solution", "Solution adaptée dans un autre réseau"
    PLATFORM = "platform", "Suivi repris par une autre plateforme (PSAD)"
    OTHER = "other", "Autre motif"


class TransferRefusal(models.TextChoices):
    """Why the receiving network refused a transfer."""

    PERIMETER = "perimeter", "Le jeune ne relève pas du périmètre du réseau"
    NO_SOLUTION = "no_solution", "Aucune solution adaptée dans le réseau"
    INCOMPLETE = "incomplete", "Demande incomplète ou à préciser"
    OTHER = "other", "Autre motif"
