"""The shortlist and survey-visit workflows of a stage.

- Shortlist: :func:`shortlist_add`, :func:`shortlist_remove` and :func:`set_pilot`, checked against
  :data:`SHORTLIST_TRANSITIONS`. The stage row is locked for the capacity count, so the 21st firm is
  refused also when two staff members take the last place at the same moment.
- Survey visit: :func:`plan_visit`, :func:`reschedule_visit`, :func:`cancel_visit` and
  :func:`complete_visit`, each through :func:`_move_visit` and :data:`VISIT_TRANSITIONS`.

Each move writes the firm's timeline and queues an e-mail to the firm in its language; the roster
entry follows through :func:`partnership.roster.services.move_roster_entry`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partnership.lib import roles
from partnership.lib.workflow import check_transition
from partnership.models import RosterEntry
from partnership.roster.permissions import can_see_firm
from partnership.roster.services import SYSTEM, move_roster_entry, notify_sme, roster_roles
from smes.models import SME
from smes.services import record_event

from .models import Criterion, Score, ShortlistEntry, Stage, SurveyVisit
from .rubric import check_weights

R = RosterEntry.Status
V = SurveyVisit.Status
STAFF, KOREAN_TEAM = roles.STAFF, roles.KOREAN_TEAM

# The states of a firm on one stage's shortlist ("" = never on it).
NEW = ""
ON_SHORTLIST = "shortlisted"
REMOVED = "removed"

SHORTLIST_TRANSITIONS = {
    NEW: {ON_SHORTLIST: {STAFF}},
    ON_SHORTLIST: {REMOVED: {STAFF}},
    REMOVED: {ON_SHORTLIST: {STAFF}},
}

# planned -> planned is a reschedule: same visit, new date, the old date on the timeline.
VISIT_TRANSITIONS = {
    NEW: {V.PLANNED: {STAFF, KOREAN_TEAM}},
    V.PLANNED: {
        V.PLANNED: {STAFF, KOREAN_TEAM},
        V.DONE: {STAFF, KOREAN_TEAM},
        # SYSTEM: the firm left the roster (roster_withdraw, by staff or by the owner).
        V.CANCELLED: {STAFF, KOREAN_TEAM, SYSTEM},
    },
    V.DONE: {},
    V.CANCELLED: {},
}


def shortlist_state(entry: ShortlistEntry | None) -> str:
    if entry is None:
        return NEW
    return ON_SHORTLIST if entry.is_active else REMOVED


# --- Eligibility -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ineligibility:
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


def shortlist_problems(
    stage: Stage,
    roster_entry: RosterEntry,
    *,
    active_count: int,
    active_stage_name: str | None,
) -> list[Ineligibility]:
    """Why ``roster_entry`` cannot join the shortlist of ``stage``; empty when it can.

    ``active_count`` is the number of firms now on the stage's shortlist and ``active_stage_name``
    the stage whose shortlist the firm is on now (None when none). The builder page computes both
    for all firms in a fixed number of queries; :func:`shortlist_add` computes them under the lock.
    """
    sme: SME = roster_entry.sme
    problems = []
    if roster_entry.programme_id != stage.programme_id:
        problems.append(Ineligibility("other_programme", _("The firm is not on this programme's roster.")))
    if stage.status != Stage.Status.OPEN:
        problems.append(Ineligibility("stage_closed", _("The stage is closed.")))
    if roster_entry.status == R.WITHDRAWN:
        problems.append(Ineligibility("withdrawn", _("The firm was withdrawn from the roster.")))
    elif active_stage_name is not None:
        if active_stage_name == stage.name:
            problems.append(Ineligibility("on_this_shortlist", _("The firm is already on this shortlist.")))
        else:
            problems.append(
                Ineligibility(
                    "on_other_shortlist",
                    _("The firm is already on the shortlist of %(stage)s.") % {"stage": active_stage_name},
                )
            )
    elif roster_entry.status != R.CANDIDATE:
        problems.append(
            Ineligibility(
                "already_surveyed",
                _("The firm was already surveyed in an earlier stage (%(status)s).")
                % {"status": roster_entry.get_status_display()},
            )
        )
    if sme.status != SME.Status.VERIFIED:
        problems.append(
            Ineligibility(
                "not_verified",
                _("The firm is not verified at the moment (%(status)s).")
                % {"status": sme.get_status_display()},
            )
        )
    if not sme.consent_share_korea:
        # The Korean team surveys the shortlist; it may only see firms that agreed to sharing.
        problems.append(
            Ineligibility(
                "no_sharing_consent",
                _(
                    "The firm has not agreed to share its profile with the Korean team, who survey the shortlist."
                ),
            )
        )
    if not stage.accepts_region(sme):
        where = ", ".join(str(place) for place in (sme.regency, sme.province) if place) or _("no address")
        problems.append(
            Ineligibility(
                "region",
                _("The firm is in %(where)s, outside the stage's eligible regions.") % {"where": where},
            )
        )
    if active_count >= stage.capacity and active_stage_name != stage.name:
        problems.append(
            Ineligibility(
                "stage_full",
                _("The stage is full: %(count)s of %(capacity)s places are taken.")
                % {"count": active_count, "capacity": stage.capacity},
            )
        )
    return problems


# --- Shortlist ---------------------------------------------------------------------------------


def _lock_stage(stage: Stage) -> Stage:
    return Stage.objects.select_for_update().select_related("programme").get(pk=stage.pk)


def shortlist_add(stage: Stage, roster_entry: RosterEntry, *, by) -> ShortlistEntry:
    """Put a roster candidate on the stage's shortlist, within its capacity and regions."""
    held = roster_roles(by)
    with transaction.atomic():
        locked_stage = _lock_stage(stage)
        entry = (
            RosterEntry.objects.select_for_update(of=("self",))
            .select_related("sme", "sme__regency", "sme__province", "programme")
            .get(pk=roster_entry.pk)
        )
        existing = ShortlistEntry.objects.filter(stage=locked_stage, roster_entry=entry).first()
        check_transition(SHORTLIST_TRANSITIONS, shortlist_state(existing), ON_SHORTLIST, held)
        active = (
            ShortlistEntry.objects.filter(roster_entry=entry, is_active=True).select_related("stage").first()
        )
        problems = shortlist_problems(
            locked_stage,
            entry,
            active_count=locked_stage.shortlist.filter(is_active=True).count(),
            active_stage_name=active.stage.name if active else None,
        )
        if problems:
            raise ValidationError([problem.message for problem in problems], code=problems[0].code)
        if existing is None:
            existing = ShortlistEntry.objects.create(
                stage=locked_stage, roster_entry=entry, added_by=by if by.is_authenticated else None
            )
        else:
            existing.is_active = True
            existing.removal_reason = ""
            existing.save(update_fields=["is_active", "removal_reason"])
        existing.stage = locked_stage
        move_roster_entry(
            entry,
            R.SHORTLISTED,
            by=by,
            held={SYSTEM},
            workflow="shortlist",
            subject=locked_stage.name,
            mail="shortlist_added",
            mail_context={"stage": locked_stage},
        )
    return existing


def shortlist_remove(shortlist_entry: ShortlistEntry, *, by, reason: str) -> ShortlistEntry:
    """Take a firm off a stage's shortlist with a reason; it becomes a roster candidate again.

    A planned visit is cancelled with the same reason. A firm already surveyed stays: its
    selection is decided on the ranking page instead.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the reason for the removal."), code="reason_required")
    held = roster_roles(by)
    with transaction.atomic():
        stage = _lock_stage(shortlist_entry.stage)
        locked = (
            ShortlistEntry.objects.select_for_update(of=("self",))
            .select_related("roster_entry", "roster_entry__sme", "roster_entry__programme")
            .get(pk=shortlist_entry.pk)
        )
        check_transition(SHORTLIST_TRANSITIONS, shortlist_state(locked), REMOVED, held)
        roster_entry = locked.roster_entry
        if roster_entry.status != R.SHORTLISTED:
            raise ValidationError(
                _("The firm cannot be taken off the shortlist because it is “%(status)s”.")
                % {"status": roster_entry.get_status_display()},
                code="not_removable",
            )
        for visit in SurveyVisit.objects.select_for_update().filter(shortlist_entry=locked, status=V.PLANNED):
            visit.shortlist_entry = locked
            _move_visit(
                visit,
                V.CANCELLED,
                by=by,
                held={STAFF},
                note=reason,
                mail=None,
                extra={"cancellation_reason": reason},
            )
        locked.is_active = False
        locked.is_pilot = False
        locked.removal_reason = reason
        locked.save(update_fields=["is_active", "is_pilot", "removal_reason"])
        move_roster_entry(
            roster_entry,
            R.CANDIDATE,
            by=by,
            held={SYSTEM},
            record=False,
        )
        record_event(
            roster_entry.sme,
            workflow="shortlist",
            from_state=R.SHORTLISTED,
            to_state=REMOVED,
            by=by,
            note=reason,
            subject=stage.name,
        )
        notify_sme(roster_entry.sme, "shortlist_removed", stage=stage, note=reason, entry=roster_entry)
    return locked


def release_withdrawn_entry(entry: RosterEntry, *, by, reason: str) -> None:
    """The firm left the roster: its planned visits are cancelled and its shortlist place freed.

    Called by :func:`partnership.roster.services.roster_withdraw` inside its transaction (the hook
    is registered in ``surveys.apps``). The visits go through the visit workflow, with its table,
    its timeline event and its e-mail.
    """
    planned = (
        SurveyVisit.objects.select_for_update(of=("self",))
        .filter(shortlist_entry__roster_entry=entry, status=V.PLANNED)
        .select_related("shortlist_entry__stage", "shortlist_entry__roster_entry__sme")
    )
    for visit in planned:
        _move_visit(
            visit,
            V.CANCELLED,
            by=by,
            held={SYSTEM},
            note=reason,
            mail="visit_cancelled",
            extra={"cancellation_reason": reason},
        )
    for shortlisted in ShortlistEntry.objects.select_for_update().filter(roster_entry=entry, is_active=True):
        shortlisted.is_active = False
        shortlisted.removal_reason = reason
        shortlisted.save(update_fields=["is_active", "removal_reason"])


def set_pilot(shortlist_entry: ShortlistEntry, *, by, is_pilot: bool = True) -> ShortlistEntry:
    """Mark (or unmark) the stage's pilot firm; a stage has at most one."""
    if STAFF not in roster_roles(by):
        raise PermissionDenied(_("Only ministry staff can change stages and shortlists."))
    with transaction.atomic():
        stage = _lock_stage(shortlist_entry.stage)
        locked = (
            ShortlistEntry.objects.select_for_update(of=("self",))
            .select_related("roster_entry__sme")
            .get(pk=shortlist_entry.pk)
        )
        if not locked.is_active:
            raise ValidationError(_("Only a firm on the shortlist can be the pilot."), code="not_active")
        if locked.is_pilot == is_pilot:
            return locked
        if is_pilot:
            stage.shortlist.filter(is_pilot=True).exclude(pk=locked.pk).update(is_pilot=False)
        locked.is_pilot = is_pilot
        locked.save(update_fields=["is_pilot"])
        record_event(
            locked.roster_entry.sme,
            workflow="shortlist",
            from_state=R.SHORTLISTED,
            to_state=R.SHORTLISTED,
            by=by,
            note=_("Marked as the pilot firm of the stage.") if is_pilot else _("No longer the pilot firm."),
            subject=stage.name,
        )
    return locked


# --- Survey visits -----------------------------------------------------------------------------


def _visit_roles(by, shortlist_entry: ShortlistEntry) -> set[str]:
    held = roster_roles(by) & {STAFF, KOREAN_TEAM}
    if not held or not can_see_firm(by, shortlist_entry.roster_entry):
        raise PermissionDenied(_("You cannot plan or record survey visits for this firm."))
    return held


def _when(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _move_visit(
    visit: SurveyVisit,
    target: str,
    *,
    by,
    held: set[str],
    note: str = "",
    mail: str | None,
    extra: dict | None = None,
    from_state: str | None = None,
) -> SurveyVisit:
    """The one move function of the visit workflow: table, save, timeline, e-mail."""
    current = visit.status if from_state is None else from_state
    check_transition(VISIT_TRANSITIONS, current, target, held)
    visit.status = target
    for name, value in (extra or {}).items():
        setattr(visit, name, value)
    visit.save()
    roster_entry = visit.shortlist_entry.roster_entry
    stage = visit.shortlist_entry.stage
    record_event(
        roster_entry.sme,
        workflow="visit",
        from_state=current,
        to_state=target,
        by=by,
        note=note,
        subject=stage.name,
    )
    if mail:
        notify_sme(roster_entry.sme, mail, visit=visit, stage=stage, note=note, entry=roster_entry)
    return visit


def _check_window(stage: Stage, when: datetime) -> None:
    day = timezone.localtime(when).date() if timezone.is_aware(when) else when.date()
    if (stage.survey_start and day < stage.survey_start) or (stage.survey_end and day > stage.survey_end):
        raise ValidationError(
            _("The date is outside the stage's survey window (%(start)s – %(end)s).")
            % {
                "start": formats.date_format(stage.survey_start) if stage.survey_start else "…",
                "end": formats.date_format(stage.survey_end) if stage.survey_end else "…",
            },
            code="outside_window",
        )


def _lock_shortlist_entry(shortlist_entry: ShortlistEntry) -> ShortlistEntry:
    return (
        ShortlistEntry.objects.select_for_update(of=("self",))
        .select_related("stage", "roster_entry", "roster_entry__sme", "roster_entry__programme")
        .get(pk=shortlist_entry.pk)
    )


def plan_visit(
    shortlist_entry: ShortlistEntry, *, scheduled_for: datetime, place: str, surveyors: str, by
) -> SurveyVisit:
    """Plan the survey visit of a shortlisted firm (staff or the Korean team)."""
    with transaction.atomic():
        locked = _lock_shortlist_entry(shortlist_entry)
        held = _visit_roles(by, locked)
        if not locked.is_active or locked.roster_entry.status != R.SHORTLISTED:
            raise ValidationError(
                _("Only a firm on the shortlist that was not surveyed yet can get a visit."),
                code="not_plannable",
            )
        if locked.visits.filter(status=V.PLANNED).exists():
            raise ValidationError(
                _("A visit is already planned for this firm: reschedule or cancel it instead."),
                code="already_planned",
            )
        _check_window(locked.stage, scheduled_for)
        visit = SurveyVisit(
            shortlist_entry=locked,
            scheduled_for=scheduled_for,
            place=place.strip(),
            surveyors=surveyors.strip(),
            created_by=by if by.is_authenticated else None,
        )
        note = _("Visit on %(when)s at %(place)s.") % {"when": _when(scheduled_for), "place": visit.place}
        _move_visit(visit, V.PLANNED, by=by, held=held, note=note, mail="visit_planned", from_state=NEW)
    return visit


def _lock_visit(visit: SurveyVisit) -> SurveyVisit:
    return (
        SurveyVisit.objects.select_for_update(of=("self",))
        .select_related(
            "shortlist_entry",
            "shortlist_entry__stage",
            "shortlist_entry__roster_entry",
            "shortlist_entry__roster_entry__sme",
            "shortlist_entry__roster_entry__programme",
        )
        .get(pk=visit.pk)
    )


def reschedule_visit(
    visit: SurveyVisit,
    *,
    scheduled_for: datetime,
    by,
    reason: str = "",
    place: str | None = None,
    surveyors: str | None = None,
) -> SurveyVisit:
    """Move a planned visit to a new date; the old date is kept on the firm's timeline."""
    with transaction.atomic():
        locked = _lock_visit(visit)
        held = _visit_roles(by, locked.shortlist_entry)
        check_transition(VISIT_TRANSITIONS, locked.status, V.PLANNED, held)
        if scheduled_for == locked.scheduled_for:
            raise ValidationError(_("Choose a date and time other than the planned one."), code="same_date")
        _check_window(locked.shortlist_entry.stage, scheduled_for)
        note = _("Rescheduled from %(old)s to %(new)s.") % {
            "old": _when(locked.scheduled_for),
            "new": _when(scheduled_for),
        }
        if reason.strip():
            note = f"{note} {reason.strip()}"
        extra = {"scheduled_for": scheduled_for}
        if place:
            extra["place"] = place.strip()
        if surveyors:
            extra["surveyors"] = surveyors.strip()
        _move_visit(locked, V.PLANNED, by=by, held=held, note=note, mail="visit_rescheduled", extra=extra)
    return locked


def cancel_visit(visit: SurveyVisit, *, by, reason: str) -> SurveyVisit:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the reason for the cancellation."), code="reason_required")
    with transaction.atomic():
        locked = _lock_visit(visit)
        held = _visit_roles(by, locked.shortlist_entry)
        _move_visit(
            locked,
            V.CANCELLED,
            by=by,
            held=held,
            note=reason,
            mail="visit_cancelled",
            extra={"cancellation_reason": reason},
        )
    return locked


def save_visit_draft(
    visit: SurveyVisit,
    *,
    scores: dict[int, tuple[int | None, str]],
    recommendation: str = "",
    notes: str = "",
    by,
) -> SurveyVisit:
    """Keep the survey form as typed so far, without completing the visit.

    Whoever may complete the visit may save a draft of it; any score may still be missing. The
    visit stays planned, and completing it (:func:`complete_visit`) is its own action.
    """
    with transaction.atomic():
        locked = _lock_visit(visit)
        held = _visit_roles(by, locked.shortlist_entry)
        check_transition(VISIT_TRANSITIONS, locked.status, V.DONE, held)
        criteria = set(
            Criterion.objects.filter(stage_id=locked.shortlist_entry.stage_id).values_list("pk", flat=True)
        )
        for value, _comment in scores.values():
            if value is not None and (not isinstance(value, int) or not 0 <= value <= 5):
                raise ValidationError(_("Scores go from 0 to 5."), code="bad_score")
        if recommendation and recommendation not in SurveyVisit.Recommendation.values:
            raise ValidationError(_("Please choose a recommendation."), code="recommendation_required")
        locked.draft = {
            "scores": {
                str(pk): [value, comment] for pk, (value, comment) in scores.items() if pk in criteria
            },
            "recommendation": recommendation,
            "notes": notes,
        }
        locked.draft_saved_at = timezone.now()
        locked.save(update_fields=["draft", "draft_saved_at"])
    return locked


def complete_visit(
    visit: SurveyVisit,
    *,
    scores: dict[int, tuple[int, str]],
    recommendation: str,
    notes: str = "",
    by,
) -> SurveyVisit:
    """Record the survey: a 0–5 score (and a comment) for every criterion of the stage's rubric.

    Completes the visit (planned -> done) and marks the firm as surveyed on the roster.
    """
    with transaction.atomic():
        locked = _lock_visit(visit)
        shortlisted = locked.shortlist_entry
        held = _visit_roles(by, shortlisted)
        check_transition(VISIT_TRANSITIONS, locked.status, V.DONE, held)
        criteria = list(Criterion.objects.filter(stage_id=shortlisted.stage_id))
        if not criteria:
            raise ValidationError(_("The stage has no rubric yet."), code="no_rubric")
        # The ranking's weighted totals are only meaningful on a rubric whose weights make 100.
        check_weights(criterion.weight for criterion in criteria)
        missing = [criterion.name for criterion in criteria if criterion.pk not in scores]
        if missing:
            raise ValidationError(
                _("Please score every criterion; missing: %(names)s.") % {"names": ", ".join(missing)},
                code="missing_scores",
            )
        for value, _comment in scores.values():
            if not isinstance(value, int) or not 0 <= value <= 5:
                raise ValidationError(_("Scores go from 0 to 5."), code="bad_score")
        if recommendation not in SurveyVisit.Recommendation.values:
            raise ValidationError(_("Please choose a recommendation."), code="recommendation_required")
        Score.objects.bulk_create(
            Score(
                visit=locked,
                criterion=criterion,
                value=scores[criterion.pk][0],
                comment=scores[criterion.pk][1],
            )
            for criterion in criteria
        )
        _move_visit(
            locked,
            V.DONE,
            by=by,
            held=held,
            mail="visit_done",
            extra={
                "recommendation": recommendation,
                "notes": notes.strip(),
                "completed_at": timezone.now(),
                # The survey is recorded: its draft has served.
                "draft": {},
                "draft_saved_at": None,
            },
        )
        roster_entry = RosterEntry.objects.select_for_update().get(pk=shortlisted.roster_entry_id)
        roster_entry.sme = shortlisted.roster_entry.sme
        roster_entry.programme = shortlisted.roster_entry.programme
        move_roster_entry(roster_entry, R.SURVEYED, by=by, held={SYSTEM}, subject=shortlisted.stage.name)
    return locked
