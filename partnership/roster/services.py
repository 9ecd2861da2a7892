"""The roster workflow: adding verified firms to a programme's roster, withdrawing them, and the
moves of a roster entry through the pipeline (shortlisted, surveyed, selected or not).

Every move of a :class:`~partnership.models.RosterEntry` goes through :func:`move_roster_entry`,
which checks :data:`ROSTER_TRANSITIONS` for the actor's roles inside the caller's transaction,
saves the new status, writes the firm's timeline and queues the e-mail to the firm. The roster cap
holds under concurrent requests because :func:`roster_add` locks the programme row first.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partnership.lib import roles
from partnership.lib.workflow import check_transition
from partnership.models import Programme, RosterEntry
from smes.models import SME
from smes.services import notify_sme, record_event

R = RosterEntry.Status
STAFF, KOREAN_TEAM, OWNER, SYSTEM = roles.STAFF, roles.KOREAN_TEAM, roles.OWNER, roles.SYSTEM
# The state of a firm that is not on the roster yet.
NEW = ""

# from_state -> {to_state: roles allowed}. SYSTEM moves are made by the other workflows on the
# entry's behalf (the shortlist puts a firm on it and takes it off; a completed survey visit marks
# it surveyed); those workflows check their own roles first.
ROSTER_TRANSITIONS = {
    NEW: {R.CANDIDATE: {STAFF}},
    R.CANDIDATE: {R.SHORTLISTED: {SYSTEM}, R.WITHDRAWN: {STAFF, OWNER}},
    R.SHORTLISTED: {R.CANDIDATE: {SYSTEM}, R.SURVEYED: {SYSTEM}, R.WITHDRAWN: {STAFF, OWNER}},
    R.SURVEYED: {R.SELECTED: {STAFF}, R.NOT_SELECTED: {STAFF}, R.WITHDRAWN: {STAFF, OWNER}},
    # A decision can be revised, with a new justification.
    R.SELECTED: {R.NOT_SELECTED: {STAFF}, R.WITHDRAWN: {STAFF, OWNER}},
    R.NOT_SELECTED: {R.SELECTED: {STAFF}, R.WITHDRAWN: {STAFF, OWNER}},
    # A withdrawn firm may come back as a candidate if there is a free place.
    R.WITHDRAWN: {R.CANDIDATE: {STAFF}},
}

# The e-mail each move sends to the firm (templates/emails/<name>_subject.txt and _body.txt).
ROSTER_MAIL = {
    R.CANDIDATE: "roster_added",
    R.WITHDRAWN: "roster_withdrawn",
    R.SELECTED: "selection_selected",
    R.NOT_SELECTED: "selection_not_selected",
}
SELECTION_STATES = RosterEntry.DECISIONS


def roster_roles(user, entry: RosterEntry | None = None) -> set[str]:
    return roles.workflow_roles(user, owner_id=entry.sme.owner_id if entry is not None else None)


def move_roster_entry(
    entry: RosterEntry,
    target: str,
    *,
    by,
    held: set[str],
    note: str = "",
    workflow: str = "roster",
    subject: str = "",
    from_state: str | None = None,
    record: bool = True,
    mail: str | None = None,
    mail_context: dict | None = None,
) -> RosterEntry:
    """Apply one move to a roster entry that the caller has locked, in the caller's transaction.

    ``held`` are the actor's roles for this move; ``workflow`` names the timeline the event goes
    to (a shortlist move is written as a shortlist event). ``mail`` overrides the default e-mail
    of the target state; ``record=False`` leaves the timeline and the mail to the caller, which
    writes its own event for the same move.
    """
    current = entry.status if from_state is None else from_state
    check_transition(ROSTER_TRANSITIONS, current, target, held)
    entry.status = target
    fields = ["status", "updated_at"]
    if target == R.WITHDRAWN:
        entry.withdrawal_reason = note
        fields.append("withdrawal_reason")
    if target in SELECTION_STATES:
        entry.selection_justification = note
        fields.append("selection_justification")
    entry.save(update_fields=fields)
    if record:
        record_event(
            entry.sme,
            workflow=workflow,
            from_state=current,
            to_state=target,
            by=by,
            note=note,
            subject=subject or entry.programme.name,
        )
        template = mail if mail is not None else ROSTER_MAIL.get(target)
        if template:
            notify_sme(
                entry.sme, template, entry=entry, programme=entry.programme, note=note, **(mail_context or {})
            )
    return entry


def _require_staff(by) -> set[str]:
    held = roster_roles(by)
    if STAFF not in held:
        raise PermissionDenied(_("Only ministry staff can change the roster."))
    return held


def free_places(programme: Programme) -> int:
    return max(programme.capacity - programme.places_taken(), 0)


def roster_problem(programme: Programme, sme: SME, *, live_count: int | None = None) -> str:
    """Why ``sme`` cannot join the roster of ``programme`` now, or "" when it can."""
    if sme.status != SME.Status.VERIFIED:
        return _("Only verified firms can join the roster; %(firm)s is “%(status)s”.") % {
            "firm": sme.legal_name,
            "status": sme.get_status_display(),
        }
    if not sme.is_eligible_size:
        return _("%(firm)s is above the size limits of a medium enterprise.") % {"firm": sme.legal_name}
    if not programme.is_active:
        return _("The programme %(programme)s is closed.") % {"programme": programme.display_name}
    if live_count is None:
        live_count = programme.places_taken()
    if live_count >= programme.capacity:
        return _(
            "The roster is full: %(count)s of %(capacity)s places are taken. "
            "Withdraw a firm first to free a place."
        ) % {"count": live_count, "capacity": programme.capacity}
    return ""


def roster_add(programme: Programme, sme: SME, *, by) -> RosterEntry:
    """Put a verified firm on the programme's roster (or bring back a withdrawn one).

    Refused with a :class:`ValidationError` when the firm is not verified or already on the roster,
    or when the roster is full. The programme row is locked for the count, so two staff members
    taking the last place at the same moment leave one winner and one clear refusal.
    """
    held = _require_staff(by)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        firm = SME.objects.select_for_update().get(pk=sme.pk)
        entry = RosterEntry.objects.select_for_update().filter(programme=locked, sme=firm).first()
        if entry is not None and entry.status != R.WITHDRAWN:
            raise ValidationError(
                _("%(firm)s is already on the roster (%(status)s).")
                % {"firm": firm.legal_name, "status": entry.get_status_display()},
                code="already_on_roster",
            )
        problem = roster_problem(locked, firm)
        if problem:
            raise ValidationError(problem, code="roster_refused")
        if entry is None:
            try:
                with transaction.atomic():
                    entry = RosterEntry.objects.create(
                        programme=locked, sme=firm, added_by=by if by.is_authenticated else None
                    )
            except IntegrityError as exc:  # pragma: no cover - the programme lock prevents it
                raise ValidationError(
                    _("%(firm)s is already on the roster.") % {"firm": firm.legal_name}
                ) from exc
            entry.programme, entry.sme = locked, firm
            move_roster_entry(entry, R.CANDIDATE, by=by, held=held, from_state=NEW)
        else:
            entry.programme, entry.sme = locked, firm
            entry.withdrawal_reason = ""
            move_roster_entry(entry, R.CANDIDATE, by=by, held=held)
    return entry


def roster_add_many(programme: Programme, smes: Iterable[SME], *, by) -> list[RosterEntry]:
    """Add several firms at once: all of them, or none when one is refused or they do not fit."""
    smes = list(smes)
    _require_staff(by)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        free = free_places(locked)
        if len(smes) > free:
            raise ValidationError(
                _(
                    "You selected %(selected)s firms but only %(free)s places are free on the roster "
                    "of %(capacity)s. Nothing was added."
                )
                % {"selected": len(smes), "free": free, "capacity": locked.capacity},
                code="roster_full",
            )
        return [roster_add(locked, sme, by=by) for sme in smes]


# What the parts above the roster hold for a roster entry (a place on a stage's shortlist, planned
# survey visits) is released when the firm leaves the roster, in the same transaction. Those parts
# register their release here when their app is ready (surveys.apps): the roster sits below them
# and does not import them.
_leave_hooks: list[Callable[..., None]] = []


def on_roster_leave(hook: Callable[..., None]) -> Callable[..., None]:
    """Register ``hook(entry, *, by, reason)``, called inside :func:`roster_withdraw`'s transaction."""
    if hook not in _leave_hooks:
        _leave_hooks.append(hook)
    return hook


def roster_withdraw(entry: RosterEntry, *, by, reason: str) -> RosterEntry:
    """Withdraw a firm from the roster with a reason; frees its roster place.

    The parts above the roster release what they hold for it (:func:`on_roster_leave`): its
    shortlist place is freed and a planned survey visit cancelled, with the same reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the reason for the withdrawal."), code="reason_required")
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=entry.programme_id)
        locked = (
            RosterEntry.objects.select_for_update(of=("self",))
            .select_related("sme", "programme")
            .get(pk=entry.pk)
        )
        held = roster_roles(by, locked)
        move_roster_entry(locked, R.WITHDRAWN, by=by, held=held, note=reason)
        for hook in _leave_hooks:
            hook(locked, by=by, reason=reason)
    return locked


def record_selection(entry: RosterEntry, decision: str, *, by, justification: str) -> RosterEntry:
    """Record the selection decision (selected / not selected) for a surveyed firm."""
    if decision not in SELECTION_STATES:
        raise ValidationError(_("Choose “selected” or “not selected”."), code="bad_decision")
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError(
            _("Please write a justification of the decision."), code="justification_required"
        )
    with transaction.atomic():
        locked = (
            RosterEntry.objects.select_for_update(of=("self",))
            .select_related("sme", "programme")
            .get(pk=entry.pk)
        )
        if locked.status == decision:
            raise ValidationError(
                _("This decision is already recorded: %(status)s.") % {"status": locked.get_status_display()},
                code="unchanged",
            )
        move_roster_entry(
            locked, decision, by=by, held=roster_roles(by, locked), note=justification, workflow="selection"
        )
    return locked
