"""The cooperation proposal workflow: who may see a proposal, and the one function for every move.

A proposal is written by one side (the Indonesian SME, the Korean team, or ministry staff) and
addressed to the other: a proposal from the Korean team or staff is decided by the SME owner; a
proposal from the SME is decided by the Korean team (or staff on its behalf). The roles in the
transition table are therefore relative to the proposal: ``author`` is anyone on the author's side
(any member of the Korean team for a Korean-team proposal, any staff member for a staff proposal,
the firm's owner for the firm's own), ``addressee`` anyone on the other side who may decide.

Staff move a submitted proposal under review (the ministry screens every proposal before the
addressee decides) and run accepted proposals through active to completed. Nobody can accept on
the SME's behalf: the Korean team and staff are never the addressee of a proposal they wrote.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.lib import roles
from partnership.lib.notify import send_templated_mail
from partnership.lib.workflow import check_transition
from partnership.models import (
    CooperationProposal,
    KoreanPartner,
    ProposalEvent,
    RosterEntry,
    shared_with_korean_team,
)
from smes.models import SME, CooperationForm
from smes.services import record_event

P = CooperationProposal.Status
Side = CooperationProposal.Side

STAFF = roles.STAFF
KOREAN_TEAM = roles.KOREAN_TEAM
OWNER = roles.OWNER
AUTHOR = "author"
ADDRESSEE = "addressee"

PROPOSAL_TRANSITIONS: dict[str, dict[str, set[str]]] = {
    P.DRAFT: {P.SUBMITTED: {AUTHOR}, P.WITHDRAWN: {AUTHOR}},
    P.SUBMITTED: {P.UNDER_REVIEW: {STAFF}, P.WITHDRAWN: {AUTHOR}},
    P.UNDER_REVIEW: {P.ACCEPTED: {ADDRESSEE}, P.DECLINED: {ADDRESSEE}, P.WITHDRAWN: {AUTHOR}},
    P.ACCEPTED: {P.ACTIVE: {STAFF}},
    P.ACTIVE: {P.COMPLETED: {STAFF}},
    P.DECLINED: {},
    P.COMPLETED: {},
    P.WITHDRAWN: {},
}

# Moves that need a comment the other side can read.
COMMENT_REQUIRED = {P.DECLINED}
# States in which staff record what the cooperation actually produced.
OUTCOME_STATES = {P.ACTIVE, P.COMPLETED}
# The fields each form of cooperation needs before a proposal can be submitted.
FORM_FIELDS: dict[str, tuple[str, ...]] = {
    CooperationForm.TECHNOLOGY_TRANSFER: ("technology", "transfer_mode"),
    CooperationForm.INVESTMENT: ("investment_amount", "investment_currency", "investment_form"),
    CooperationForm.TRAINING: ("training_topic", "trainees", "training_days", "training_place"),
    CooperationForm.STAFF_EXCHANGE: ("exchange_people", "exchange_direction", "exchange_months"),
}
DETAIL_FIELDS = tuple(name for names in FORM_FIELDS.values() for name in names)
OUTCOME_FIELDS = (
    "outcome_invested_amount",
    "outcome_invested_currency",
    "outcome_people_trained",
    "outcome_staff_exchanged",
    "outcome_technology",
    "outcome_export_markets",
)


# ---------------------------------------------------------------------------------------------
# Roles and visibility


def proposal_roles(user, proposal: CooperationProposal) -> set[str]:
    """The workflow roles ``user`` holds towards ``proposal`` (base roles plus author/addressee)."""
    if not user.is_authenticated:
        return set()
    held = roles.workflow_roles(user, owner_id=proposal.roster_entry.sme.owner_id)
    is_staff, is_korean, is_owner = STAFF in held, KOREAN_TEAM in held, OWNER in held
    side = proposal.author_side
    if (
        (side == Side.SME and is_owner)
        or (side == Side.KOREAN_TEAM and is_korean)
        or (side == Side.STAFF and is_staff)
    ):
        held.add(AUTHOR)
    if side == Side.SME and (is_korean or is_staff):
        held.add(ADDRESSEE)
    if side in (Side.KOREAN_TEAM, Side.STAFF) and is_owner:
        held.add(ADDRESSEE)
    return held


def visible_proposals(user, queryset: QuerySet | None = None) -> QuerySet:
    """The proposals ``user`` may read.

    Staff read everything. The Korean team reads proposals on firms that consented to share
    their profile with the Korean side, and firms' own proposals once submitted. The SME owner
    reads the proposals on its own firm: its own in every state, the others' once submitted
    (a draft stays with its author).
    """
    qs = CooperationProposal.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if roles.is_ministry_staff(user):
        return qs
    was_submitted = Q(submitted_at__isnull=False)
    own_side_sme = Q(author_side=Side.SME)
    condition = Q(pk__in=[])
    if roles.is_korean_team(user):
        condition |= (~own_side_sme & shared_with_korean_team("roster_entry__")) | (
            own_side_sme & was_submitted
        )
    condition |= Q(roster_entry__sme__owner=user) & (own_side_sme | was_submitted)
    return qs.filter(condition)


def can_view(user, proposal: CooperationProposal) -> bool:
    return visible_proposals(user).filter(pk=proposal.pk).exists()


def get_proposal_for(user, pk: int) -> CooperationProposal:
    """The proposal ``pk`` if ``user`` may read it; 404 otherwise (its existence stays hidden)."""
    qs = visible_proposals(user).select_related(
        "roster_entry__sme__owner",
        "roster_entry__sme__sector",
        "roster_entry__programme",
        "partner__region",
        "partner__sector",
        "author",
    )
    proposal = qs.filter(pk=pk).first()
    if proposal is None:
        raise Http404(_("No such proposal."))
    return proposal


def proposable_roster(user) -> QuerySet:
    """Roster entries ``user`` may write a proposal for (live entries only)."""
    qs = RosterEntry.objects.live().select_related("sme", "programme")
    if roles.is_ministry_staff(user):
        return qs
    if roles.is_korean_team(user):
        return qs.shared_with_korean_team()
    if user.is_authenticated:
        return qs.filter(sme__owner=user)
    return qs.none()


def can_propose(user, entry: RosterEntry) -> bool:
    return proposable_roster(user).filter(pk=entry.pk).exists()


def side_of(user, entry: RosterEntry) -> str:
    """The side ``user`` writes for on ``entry``: the firm's owner, the Korean team, or staff."""
    if user.is_authenticated and entry.sme.owner_id == user.pk:
        return Side.SME
    if roles.is_korean_team(user):
        return Side.KOREAN_TEAM
    if roles.is_ministry_staff(user):
        return Side.STAFF
    raise PermissionDenied(_("You cannot write a proposal for this firm."))


def allowed_moves(user, proposal: CooperationProposal) -> list[str]:
    """The states ``user`` may move ``proposal`` to now (for the buttons on the page)."""
    held = proposal_roles(user, proposal)
    return [target for target, who in PROPOSAL_TRANSITIONS.get(proposal.status, {}).items() if who & held]


def can_edit(user, proposal: CooperationProposal) -> bool:
    return proposal.status == P.DRAFT and AUTHOR in proposal_roles(user, proposal)


def can_comment(user, proposal: CooperationProposal) -> bool:
    return bool(proposal_roles(user, proposal) & {AUTHOR, ADDRESSEE, STAFF})


def can_record_outcomes(user, proposal: CooperationProposal) -> bool:
    return proposal.status in OUTCOME_STATES and roles.is_ministry_staff(user)


# ---------------------------------------------------------------------------------------------
# Drafts


def submission_problems(proposal: CooperationProposal, form_codes: list[str] | None = None) -> list[str]:
    """What stops ``proposal`` from being submitted, in the active language; empty when nothing."""
    if form_codes is None:
        form_codes = list(proposal.forms.values_list("code", flat=True))
    problems = []
    if not form_codes:
        problems.append(_("Choose at least one form of cooperation."))
    for code in form_codes:
        missing = [
            str(CooperationProposal._meta.get_field(name).verbose_name)
            for name in FORM_FIELDS.get(code, ())
            if getattr(proposal, name) in (None, "")
        ]
        if missing:
            form_name = CooperationForm.objects.get(code=code).name
            problems.append(
                _("%(form)s: please complete %(fields)s.") % {"form": form_name, "fields": ", ".join(missing)}
            )
    if proposal.roster_entry.status == RosterEntry.Status.WITHDRAWN:
        problems.append(_("The firm has withdrawn from the roster."))
    if not proposal.partner.is_active:
        problems.append(_("The Korean partner is no longer active in the registry."))
    return problems


def _clear_unused_details(proposal: CooperationProposal, form_codes: list[str]) -> None:
    """Blank the details of forms that are not chosen, so no stale detail survives."""
    for code, names in FORM_FIELDS.items():
        if code in form_codes:
            continue
        for name in names:
            field = CooperationProposal._meta.get_field(name)
            setattr(proposal, name, None if field.null else "")


def _check_detail_names(details: dict) -> None:
    """A caller's mistake, not a user's: every detail must be one of ``DETAIL_FIELDS``."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unknown proposal fields: {sorted(unknown)}")


def create_draft(
    *,
    roster_entry: RosterEntry,
    partner: KoreanPartner,
    forms: list[CooperationForm],
    by: User,
    title: str,
    summary: str = "",
    **details,
) -> CooperationProposal:
    """Write a new draft proposal by ``by`` and its first timeline line."""
    _check_detail_names(details)
    with transaction.atomic():
        entry = (
            RosterEntry.objects.select_for_update(of=("self",)).select_related("sme").get(pk=roster_entry.pk)
        )
        if not can_propose(by, entry):
            raise PermissionDenied(_("You cannot write a proposal for this firm."))
        if not partner.is_active:
            raise ValidationError(_("The Korean partner is no longer active in the registry."))
        proposal = CooperationProposal(
            roster_entry=entry,
            partner=partner,
            title=title.strip(),
            summary=summary.strip(),
            author=by,
            author_side=side_of(by, entry),
            status=P.DRAFT,
            **details,
        )
        codes = [form.code for form in forms]
        _clear_unused_details(proposal, codes)
        proposal.save()
        proposal.forms.set(forms)
        ProposalEvent.objects.create(proposal=proposal, actor=by, to_state=P.DRAFT)
        record_event(
            entry.sme,
            workflow="proposal",
            to_state=P.DRAFT,
            by=by,
            subject=proposal.title,
            visible_to_sme=proposal.author_side == Side.SME,
        )
    return proposal


def update_draft(
    proposal: CooperationProposal,
    *,
    by: User,
    forms: list[CooperationForm],
    partner: KoreanPartner | None = None,
    title: str,
    summary: str = "",
    **details,
) -> CooperationProposal:
    """Change a draft; only its author's side may, and only while it is a draft."""
    _check_detail_names(details)
    with transaction.atomic():
        locked = (
            CooperationProposal.objects.select_for_update(of=("self",))
            .select_related("roster_entry__sme")
            .get(pk=proposal.pk)
        )
        if not can_edit(by, locked):
            raise PermissionDenied(_("Only the author can change a proposal, and only while it is a draft."))
        if partner is not None:
            locked.partner = partner
        locked.title = title.strip()
        locked.summary = summary.strip()
        for name, value in details.items():
            setattr(locked, name, value)
        _clear_unused_details(locked, [form.code for form in forms])
        locked.save()
        locked.forms.set(forms)
    return locked


# ---------------------------------------------------------------------------------------------
# Moves and comments


def _side_of_actor(held: set[str], proposal: CooperationProposal) -> str | None:
    if OWNER in held:
        return Side.SME
    if AUTHOR in held:
        return proposal.author_side
    if KOREAN_TEAM in held:
        return Side.KOREAN_TEAM
    if STAFF in held:
        return Side.STAFF
    return None


@dataclass(frozen=True)
class _Recipients:
    side: str
    emails: tuple[str, ...]
    language: str
    # The accounts that get the portal's notification.
    users: tuple = ()


def _parties(proposal: CooperationProposal) -> list[_Recipients]:
    """Who speaks for each side of ``proposal`` and in which language they read e-mail."""
    sme: SME = proposal.roster_entry.sme
    parties = [_Recipients(Side.SME, tuple(sme.mail_recipients()), sme.language, tuple(sme.notified_users()))]
    if proposal.author_side == Side.SME:
        # Addressed to the Korean team as a whole.
        korean = list(
            User.objects.filter(groups__name=roles.KOREAN_TEAM_GROUP, is_active=True)
            .exclude(email="")
            .distinct()
        )
        parties.append(
            _Recipients(Side.KOREAN_TEAM, tuple(sorted({user.email for user in korean})), "ko", tuple(korean))
        )
    elif proposal.author.email:
        language = "ko" if proposal.author_side == Side.KOREAN_TEAM else "id"
        parties.append(
            _Recipients(proposal.author_side, (proposal.author.email,), language, (proposal.author,))
        )
    return parties


def _notify_other_sides(proposal: CooperationProposal, *, by, template: str, context: dict) -> None:
    held = proposal_roles(by, proposal)
    actor_side = _side_of_actor(held, proposal)
    for party in _parties(proposal):
        if party.side == actor_side:
            continue
        if party.side == Side.SME and not _sme_can_see(proposal):
            continue
        recipients = [email for email in party.emails if email != getattr(by, "email", None)]
        send_templated_mail(
            to=recipients,
            template=f"emails/{template}",
            context={
                "proposal": proposal,
                "sme": proposal.roster_entry.sme,
                "recipient_side": party.side,
                # The side that decides: the firm for others' proposals, the Korean team for the firm's.
                "recipient_is_addressee": (party.side == Side.SME) != (proposal.author_side == Side.SME),
                **context,
            },
            language=party.language,
            users=[user for user in party.users if user.pk != getattr(by, "pk", None)],
        )


def _sme_can_see(proposal: CooperationProposal) -> bool:
    return proposal.author_side == Side.SME or proposal.submitted_at is not None


def move(proposal: CooperationProposal, target: str, *, by, comment: str = "") -> CooperationProposal:
    """Apply one move to ``proposal`` and return the fresh row.

    Checks the transition table and the actor's role, locks the row, writes the proposal's
    timeline and the firm's timeline, and e-mails the other side in its own language.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = (
            CooperationProposal.objects.select_for_update(of=("self",))
            .select_related("roster_entry__sme__owner", "partner", "author")
            .get(pk=proposal.pk)
        )
        if not can_view(by, locked):
            raise PermissionDenied(_("You are not allowed to make this move."))
        current = locked.status
        check_transition(PROPOSAL_TRANSITIONS, current, target, proposal_roles(by, locked))
        if target in COMMENT_REQUIRED and not comment:
            raise ValidationError(_("Please write a comment explaining this decision."))
        if target == P.SUBMITTED:
            problems = submission_problems(locked)
            if problems:
                raise ValidationError(problems)
        now = timezone.now()
        locked.status = target
        fields = ["status", "updated_at"]
        if target == P.SUBMITTED and locked.submitted_at is None:
            locked.submitted_at = now
            fields.append("submitted_at")
        if target in (P.ACCEPTED, P.DECLINED):
            locked.decided_at = now
            fields.append("decided_at")
        locked.save(update_fields=fields)
        ProposalEvent.objects.create(
            proposal=locked, actor=by, from_state=current, to_state=target, comment=comment
        )
        record_event(
            locked.roster_entry.sme,
            workflow="proposal",
            from_state=current,
            to_state=target,
            by=by,
            note=comment,
            subject=locked.title,
            visible_to_sme=_sme_can_see(locked),
        )
        _notify_other_sides(
            locked,
            by=by,
            template="proposal_moved",
            context={"from_state": current, "to_state": target, "comment": comment},
        )
    return locked


def add_comment(proposal: CooperationProposal, *, by, comment: str) -> ProposalEvent:
    """A comment on the proposal's timeline, without a move; the other side is told by e-mail."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Please write a comment."))
    with transaction.atomic():
        locked = (
            CooperationProposal.objects.select_for_update(of=("self",))
            .select_related("roster_entry__sme__owner", "partner", "author")
            .get(pk=proposal.pk)
        )
        if not can_view(by, locked) or not can_comment(by, locked):
            raise PermissionDenied(_("You cannot comment on this proposal."))
        event = ProposalEvent.objects.create(
            proposal=locked, actor=by, kind=ProposalEvent.Kind.COMMENT, comment=comment
        )
        CooperationProposal.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
        _notify_other_sides(locked, by=by, template="proposal_comment", context={"comment": comment})
    return event


def record_outcomes(proposal: CooperationProposal, *, by, **values) -> CooperationProposal:
    """Staff record what an active or completed cooperation produced."""
    unknown = set(values) - set(OUTCOME_FIELDS)
    if unknown:
        raise TypeError(f"unknown outcome fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = CooperationProposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        if not roles.is_ministry_staff(by):
            raise PermissionDenied(_("Only ministry staff record outcomes."))
        if locked.status not in OUTCOME_STATES:
            raise ValidationError(_("Outcomes are recorded for active and completed proposals only."))
        for name, value in values.items():
            setattr(locked, name, value)
        if locked.outcome_invested_amount is None:
            locked.outcome_invested_currency = ""
        locked.outcome_recorded_at = timezone.now()
        locked.save(update_fields=[*values, "outcome_invested_currency", "outcome_recorded_at", "updated_at"])
        ProposalEvent.objects.create(proposal=locked, actor=by, kind=ProposalEvent.Kind.OUTCOMES)
    return locked


# ---------------------------------------------------------------------------------------------
# Figures for the board and the dashboard


def counts_by_status(queryset: QuerySet) -> dict[str, int]:
    """``{status: number}`` over ``queryset`` in one query, every status present."""
    rows = queryset.order_by().values("status").annotate(n=Count("id", distinct=True))
    found = {row["status"]: row["n"] for row in rows}
    return {status: found.get(status, 0) for status in P.values}


def counts_by_form(queryset: QuerySet) -> dict[str, int]:
    """``{form code: number of proposals}`` over ``queryset`` in one query."""
    rows = (
        queryset.order_by()
        .filter(forms__isnull=False)
        .values("forms__code")
        .annotate(n=Count("id", distinct=True))
    )
    return {row["forms__code"]: row["n"] for row in rows}
