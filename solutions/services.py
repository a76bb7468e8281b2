"""Writes for the catalogue of solutions, the yearly evaluations, the needs analyses and
the activity reports. Each write is atomic: on a ValidationError nothing is saved."""

import copy
import datetime as dt
import logging

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from foquale.accounts.models import User
from foquale.inputs import TEXT_MAX, clean_instance_texts, clean_text
from foquale.versioning import bump_version, changes_shown, check_version, cut_shown
from networks.models import (
    Action,
    ActivityReport,
    NeedsAnalysis,
    Network,
    Objective,
    Practice,
    Solution,
    SolutionEntryDate,
    SolutionEvaluation,
)
from networks.models.solutions import validate_school_year_ended
from networks.services import action_create

logger = logging.getLogger(__name__)


@transaction.atomic
def solution_save(
    *,
    solution: Solution,
    entry_dates: list[dt.date],
    by: User,
    opened_version: int | None = None,
) -> Solution:
    """Create or update a catalogue entry and its entry dates. Saving counts as a review.
    An update over a version saved since the form was opened is refused."""
    clean_instance_texts(
        solution, lines=("title", "partner", "contact"), texts=("audience", "description")
    )
    solution.full_clean(exclude=["reviewed_at"])
    errors = solution.entry_date_errors(entry_dates)
    if errors:
        raise ValidationError({"entry_dates": errors})
    created = solution.pk is None
    if not created:
        _check_and_bump(solution, opened_version, by)
    solution.reviewed_at = timezone.now()
    solution.reviewed_by = by
    solution.save()
    solution.entry_dates.exclude(day__in=entry_dates).delete()
    existing = set(solution.entry_dates.values_list("day", flat=True))
    SolutionEntryDate.objects.bulk_create(
        SolutionEntryDate(solution=solution, day=day) for day in entry_dates if day not in existing
    )
    logger.info(
        "solution %s %s by user %s", solution.pk, "created" if created else "updated", by.pk
    )
    return solution


def _check_and_bump(instance: Solution | Practice, opened_version: int | None, by: User) -> None:
    """The row locked, refuse to save over a newer version, and count this edit (the
    instance carries the form's values; the locked row, the stored ones)."""
    locked = type(instance).objects.select_for_update().get(pk=instance.pk)
    check_version(locked, opened_version)
    names = [f.attname for f in instance._meta.concrete_fields if f.editable and not f.primary_key]
    instance.version = locked.version
    bump_version(instance, by=by, changed=changes_shown(locked, instance, names))


@transaction.atomic
def solution_mark_reviewed(*, solution: Solution, by: User) -> None:
    """The entry was checked and is still right: it is no longer flagged as stale."""
    Solution.objects.filter(pk=solution.pk).update(reviewed_at=timezone.now(), reviewed_by=by)


def _yearly_row(model, opened_version: int | None, by: User, **lookup):
    """The row of the year (locked), or a new one; refuses a save over a version written
    since the form was opened (0: the form was opened before the row existed). Returns
    the row and a copy of it as stored (None for a new row)."""
    row = model.objects.select_for_update().filter(**lookup).first()
    if row is None:
        row = model(**lookup)
        row.updated_by, row.updated_at = by, timezone.now()
        return row, None
    check_version(row, opened_version)
    return row, copy.copy(row)


def _count_edit(row, before, by: User, names, extra: dict | None = None) -> None:
    """Count an edit of an existing row, keeping each value before → after."""
    if before is not None:
        bump_version(row, by=by, changed=changes_shown(before, row, names) | (extra or {}))


@transaction.atomic
def solution_evaluation_record(
    *,
    solution: Solution,
    school_year: int,
    comment: str,
    decision: str,
    by: User,
    opened_version: int | None = None,
) -> SolutionEvaluation:
    """Record (or correct) the committee's evaluation of a solution for an ended year;
    a correction over a version saved since the form was opened is refused."""
    validate_school_year_ended(school_year)
    evaluation, before = _yearly_row(
        SolutionEvaluation, opened_version, by, solution=solution, school_year=school_year
    )
    evaluation.comment = clean_text(comment, field="comment", max_length=TEXT_MAX, multiline=True)
    evaluation.decision = decision
    evaluation.recorded_by = by
    evaluation.full_clean(validate_unique=False)
    _count_edit(evaluation, before, by, ["comment", "decision"])
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError as error:
        raise ValidationError(
            "Une évaluation vient d’être enregistrée pour cette solution et cette année : "
            "rechargez la page."
        ) from error
    logger.info(
        "evaluation %s of solution %s recorded by user %s", evaluation.pk, solution.pk, by.pk
    )
    return evaluation


@transaction.atomic
def needs_analysis_record(
    *,
    network: Network,
    school_year: int,
    findings: str,
    actions: list[Action],
    by: User,
    new_action_title: str = "",
    new_action_objective: Objective | None = None,
    new_action_due_on: dt.date | None = None,
    opened_version: int | None = None,
) -> NeedsAnalysis:
    """Record the committee's needs analysis and the actions it decides; a new action is
    added to one of the network's priority objectives."""
    findings = clean_text(findings, field="findings", max_length=TEXT_MAX, multiline=True)
    foreign = [a for a in actions if a.objective.network_id != network.pk]
    if foreign:
        raise ValidationError({"actions": "Ces actions n’appartiennent pas à ce réseau."})
    actions = list(actions)
    # Refused over a newer analysis before anything is written.
    analysis, before = _yearly_row(
        NeedsAnalysis, opened_version, by, network=network, school_year=school_year
    )
    if new_action_title:
        if new_action_objective is None or new_action_objective.network_id != network.pk:
            raise ValidationError(
                {"new_action_objective": "Choisissez l’objectif prioritaire de la nouvelle action."}
            )
        try:
            action = action_create(
                objective=new_action_objective,
                title=new_action_title,
                owner=by,
                due_on=new_action_due_on,
            )
        except ValidationError as error:
            fields = {"title": "new_action_title", "due_on": "new_action_due_on"}
            raise ValidationError(
                {
                    fields.get(name, NON_FIELD_ERRORS): errors
                    for name, errors in error.message_dict.items()
                }
                if hasattr(error, "error_dict")
                else error
            ) from None
        actions.append(action)
    extra = {}
    if before is not None:
        titles_before = sorted(a.title for a in before.actions.all())
        titles_after = sorted(a.title for a in actions)
        if titles_before != titles_after:
            extra["actions"] = [
                cut_shown(", ".join(t) or "—") for t in (titles_before, titles_after)
            ]
    analysis.findings = findings
    analysis.recorded_by = by
    _count_edit(analysis, before, by, ["findings"], extra)
    _save_yearly(analysis, "Une analyse des besoins vient d’être enregistrée pour cette année")
    analysis.actions.set(actions)
    logger.info("needs analysis %s recorded by user %s", analysis.pk, by.pk)
    return analysis


def _save_yearly(row, taken: str) -> None:
    """Save the row of the year; two first saves at the same moment meet on its unique
    constraint, and the second is told to reload."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        raise ValidationError(f"{taken} : rechargez la page.") from error


@transaction.atomic
def activity_report_summary_save(
    *,
    network: Network,
    school_year: int,
    summary: str,
    by: User,
    opened_version: int | None = None,
) -> ActivityReport:
    """Save the committee's synthesis; over a version saved since the form was opened,
    refused."""
    summary = clean_text(summary, field="summary", max_length=TEXT_MAX, multiline=True)
    report, before = _yearly_row(
        ActivityReport, opened_version, by, network=network, school_year=school_year
    )
    report.summary = summary
    _count_edit(report, before, by, ["summary"])
    _save_yearly(report, "Une synthèse vient d’être enregistrée pour ce bilan")
    logger.info("activity report %s summary saved by user %s", report.pk, by.pk)
    return report


@transaction.atomic
def practice_save(*, practice: Practice, by: User, opened_version: int | None = None) -> Practice:
    """Create or update a practice; the first publication dates it. An update over a
    version saved since the form was opened is refused."""
    clean_instance_texts(
        practice, lines=("title", "contact"), texts=("context", "actions", "results")
    )
    if practice.pk is None:
        practice.created_by = by
    else:
        _check_and_bump(practice, opened_version, by)
    if practice.is_published and practice.published_at is None:
        practice.published_at = timezone.now()
    if not practice.is_published:
        practice.published_at = None
    practice.full_clean()
    practice.save()
    logger.info("practice %s saved by user %s", practice.pk, by.pk)
    return practice
