"""The programme's figures: the funnel, firms by sector, province and size class, proposals by form
and status, outcome totals and the stages' fill.

Plain functions that return plain data (lists of dicts, numbers), computed with aggregate queries:
the number of SQL queries is fixed whatever the number of firms, entries or proposals.

Every function takes an optional ``as_of`` (an aware datetime, the end of the report's day). Without
it the figures are today's. With it, a firm counts at a step when it is at that step (or beyond)
today **and** the moment it reached the step is on or before ``as_of``. Roster places are the one
exception: an entry withdrawn after the date still held its place on that date. Other moves undone
after the date (a withdrawal at a later step, a firm sent back for verification) are not replayed:
the report is today's pipeline cut off at the date, so a report for today equals the dashboard.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partnership.lib.capacity import Fill
from partnership.models import CooperationProposal, Programme, ProposalEvent, RosterEntry
from smes.models import SME, CooperationForm, Province, Sector, SizeClass, TimelineEvent
from surveys.models import ShortlistEntry, Stage, SurveyVisit

SMEStatus = SME.Status
RosterStatus = RosterEntry.Status
ProposalStatus = CooperationProposal.Status

# Roster entries at each pipeline step "or beyond" (the roster entry's own definition).
SHORTLISTED_OR_BEYOND = RosterEntry.SHORTLISTED_OR_BEYOND
SURVEYED_OR_BEYOND = RosterEntry.SURVEYED_OR_BEYOND
# A proposal "counts" once it has left the author's drafts and was not withdrawn.
PROPOSED = [
    ProposalStatus.SUBMITTED,
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.ACCEPTED,
    ProposalStatus.DECLINED,
    ProposalStatus.ACTIVE,
    ProposalStatus.COMPLETED,
]
STARTED = [ProposalStatus.ACTIVE, ProposalStatus.COMPLETED]
SUBMITTED_OR_BEYOND = SME.SUBMITTED_OR_BEYOND


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    definition: str
    count: int
    # Whether the step counts firms of the whole portal (registration) or of this programme.
    scope: str


FUNNEL_STEPS: list[tuple[str, str, str]] = [
    (
        "registered",
        _("Registered"),
        _("Every firm profile created on the portal, drafts included."),
    ),
    (
        "submitted",
        _("Submitted"),
        _(
            "Firms that sent their registration to the ministry at least once: submitted, "
            "more information needed, verified or rejected."
        ),
    ),
    ("verified", _("Verified"), _("Firms whose registration is verified now.")),
    (
        "roster",
        _("On the roster"),
        _("Firms holding a place on this programme's roster (every roster entry but withdrawn ones)."),
    ),
    (
        "shortlisted",
        _("Shortlisted"),
        _("Roster firms that reached a stage shortlist: shortlisted, surveyed, selected or not selected."),
    ),
    (
        "surveyed",
        _("Surveyed"),
        _("Roster firms whose survey visit is done: surveyed, selected or not selected."),
    ),
    ("selected", _("Selected"), _("Roster firms selected after the survey.")),
    (
        "proposals",
        _("With a proposal"),
        _(
            "Roster firms with at least one cooperation proposal that was submitted and not "
            "withdrawn (any status from submitted to completed)."
        ),
    ),
    (
        "active",
        _("Cooperation started"),
        _("Roster firms with at least one proposal that is active or completed."),
    ),
    ("completed", _("Cooperation completed"), _("Roster firms with at least one completed proposal.")),
]
PORTAL_STEPS = {"registered", "submitted", "verified"}


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of ``day`` in the portal's time zone (Asia/Jakarta)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _first_registration_event(to_state: str):
    """When the firm first reached ``to_state`` (the service overwrites submitted_at/verified_at)."""
    return Subquery(
        TimelineEvent.objects.filter(sme=OuterRef("pk"), workflow="registration", to_state=to_state)
        .order_by()
        .values("sme")
        .annotate(first=Min("at"))
        .values("first")[:1]
    )


def live_roster(programme: Programme, as_of: datetime.datetime | None = None):
    """Roster entries that hold a place (as of the date: added by then, not withdrawn by then).

    Withdrawn is a final state, so a withdrawn entry's ``updated_at`` is the moment of withdrawal.
    """
    entries = RosterEntry.objects.filter(programme=programme)
    if as_of is None:
        return entries.live()
    # Live now, or withdrawn only after the date.
    return entries.filter(added_at__lte=as_of).filter(
        Q(status__in=RosterEntry.LIVE_STATUSES) | Q(updated_at__gt=as_of)
    )


def _registration_counts(as_of) -> dict[str, int]:
    smes = SME.objects.all()
    if as_of is None:
        return smes.aggregate(
            registered=Count("pk"),
            submitted=Count("pk", filter=Q(status__in=SUBMITTED_OR_BEYOND)),
            verified=Count("pk", filter=Q(status=SMEStatus.VERIFIED)),
        )
    smes = smes.annotate(
        first_submitted=Coalesce(_first_registration_event(SMEStatus.SUBMITTED), F("submitted_at")),
        first_verified=Coalesce(_first_registration_event(SMEStatus.VERIFIED), F("verified_at")),
    )
    return smes.aggregate(
        registered=Count("pk", filter=Q(created_at__lte=as_of)),
        submitted=Count("pk", filter=Q(status__in=SUBMITTED_OR_BEYOND, first_submitted__lte=as_of)),
        verified=Count("pk", filter=Q(status=SMEStatus.VERIFIED, first_verified__lte=as_of)),
    )


def _roster_conditions(as_of) -> dict[str, Q]:
    """For each programme step, the condition on a roster entry (a row of :func:`live_roster`)."""
    shortlisted = Q(status__in=SHORTLISTED_OR_BEYOND)
    surveyed = Q(status__in=SURVEYED_OR_BEYOND)
    selected = Q(status=RosterStatus.SELECTED)
    proposals = CooperationProposal.objects.filter(roster_entry=OuterRef("pk"))
    proposed = proposals.filter(status__in=PROPOSED)
    started = proposals.filter(status__in=STARTED)
    completed = proposals.filter(status=ProposalStatus.COMPLETED)
    if as_of is not None:
        shortlisted &= Q(
            Exists(ShortlistEntry.objects.filter(roster_entry=OuterRef("pk"), added_at__lte=as_of))
        )
        surveyed &= Q(
            Exists(
                SurveyVisit.objects.filter(
                    shortlist_entry__roster_entry=OuterRef("pk"), status=SurveyVisit.Status.DONE
                )
                .annotate(done_at=Coalesce("completed_at", "scheduled_for"))
                .filter(done_at__lte=as_of)
            )
        )
        # Selection is the last move of a selected entry (withdrawn entries do not count).
        selected &= Q(updated_at__lte=as_of)
        proposed = proposed.filter(submitted_at__lte=as_of)
        started = started.filter(
            Exists(ProposalEvent.objects.filter(proposal=OuterRef("pk"), to_state="active", at__lte=as_of))
        )
        completed = completed.filter(
            Exists(ProposalEvent.objects.filter(proposal=OuterRef("pk"), to_state="completed", at__lte=as_of))
        )
    return {
        "roster": Q(),
        "shortlisted": shortlisted,
        "surveyed": surveyed,
        "selected": selected,
        "proposals": Q(Exists(proposed)),
        "active": Q(Exists(started)),
        "completed": Q(Exists(completed)),
    }


def funnel(programme: Programme, as_of: datetime.datetime | None = None) -> list[Step]:
    """The ten steps from a registered firm to a completed cooperation (two queries).

    The first three steps count firms of the whole portal (a registration belongs to no
    programme); the others count firms on ``programme``'s roster. The proposal steps count roster
    firms, not proposals, and need not follow selection: a proposal can be made for any roster firm.
    """
    counts = dict(_registration_counts(as_of))
    conditions = _roster_conditions(as_of)
    counts.update(
        live_roster(programme, as_of).aggregate(
            **{key: Count("pk", filter=condition) for key, condition in conditions.items()}
        )
    )
    return [
        Step(
            key=key,
            label=str(label),
            definition=str(definition),
            count=counts[key],
            scope="portal" if key in PORTAL_STEPS else "programme",
        )
        for key, label, definition in FUNNEL_STEPS
    ]


def _firm_groups(programme: Programme, as_of, field: str) -> dict:
    """Counts of registered, verified and roster firms grouped by ``field`` of SME (one query)."""
    smes = SME.objects.all()
    registered = Q()
    verified = Q(status=SMEStatus.VERIFIED)
    if as_of is not None:
        smes = smes.filter(created_at__lte=as_of).annotate(
            first_verified=Coalesce(_first_registration_event(SMEStatus.VERIFIED), F("verified_at"))
        )
        verified &= Q(first_verified__lte=as_of)
    on_roster = Q(Exists(live_roster(programme, as_of).filter(sme=OuterRef("pk"))))
    rows = (
        smes.order_by()
        .values(field)
        .annotate(
            registered=Count("pk", filter=registered),
            verified=Count("pk", filter=verified),
            roster=Count("pk", filter=on_roster),
        )
    )
    return {row[field]: row for row in rows}


def _group_rows(groups: dict, keys_and_labels: list[tuple], *, keep_empty: bool) -> list[dict]:
    rows = []
    for key, label in keys_and_labels:
        row = groups.get(key, {})
        counts = {name: row.get(name, 0) for name in ("registered", "verified", "roster")}
        if keep_empty or any(counts.values()):
            rows.append({"key": key or "", "label": capfirst(str(label)), **counts})
    return rows


def firms_by_sector(programme: Programme, as_of=None) -> list[dict]:
    """Every sector in its order (empty ones too), then firms that gave none."""
    groups = _firm_groups(programme, as_of, "sector")
    sectors = [(sector.pk, sector.name) for sector in Sector.objects.all()]
    rows = _group_rows(groups, sectors, keep_empty=True)
    rows += _group_rows(groups, [(None, _("Not given yet"))], keep_empty=False)
    return rows


def firms_by_province(programme: Programme, as_of=None) -> list[dict]:
    """Provinces with at least one firm, most roster firms first, then by name."""
    groups = _firm_groups(programme, as_of, "province")
    names = dict(Province.objects.filter(pk__in=[key for key in groups if key]).values_list("pk", "name"))
    rows = _group_rows(groups, list(names.items()), keep_empty=False)
    rows.sort(key=lambda row: (-row["roster"], -row["verified"], -row["registered"], row["label"]))
    rows += _group_rows(groups, [(None, _("Not given yet"))], keep_empty=False)
    return rows


def firms_by_size_class(programme: Programme, as_of=None) -> list[dict]:
    groups = _firm_groups(programme, as_of, "size_class")
    rows = _group_rows(groups, list(SizeClass.choices), keep_empty=True)
    rows += _group_rows(groups, [("", _("Not given yet"))], keep_empty=False)
    return rows


def programme_proposals(programme: Programme, as_of=None):
    proposals = CooperationProposal.objects.filter(roster_entry__programme=programme)
    if as_of is not None:
        proposals = proposals.filter(created_at__lte=as_of)
    return proposals


def proposals_by_status(programme: Programme, as_of=None) -> list[dict]:
    """Every status in workflow order with its number of proposals (today's status)."""
    counts = dict(
        programme_proposals(programme, as_of)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        {"key": key, "label": capfirst(str(label)), "count": counts.get(key, 0)}
        for key, label in ProposalStatus.choices
    ]


def proposals_by_form(programme: Programme, as_of=None) -> list[dict]:
    """Each form of cooperation with its proposals per status (a proposal counts under each of its
    forms, so the rows can add up to more than the number of proposals)."""
    in_programme = Q(proposals__roster_entry__programme=programme)
    if as_of is not None:
        in_programme &= Q(proposals__created_at__lte=as_of)
    annotations = {
        f"n_{key}": Count("proposals", filter=in_programme & Q(proposals__status=key))
        for key, _label in ProposalStatus.choices
    }
    rows = []
    for form in CooperationForm.objects.annotate(
        total=Count("proposals", filter=in_programme), **annotations
    ):
        rows.append(
            {
                "key": form.code,
                "label": form.name,
                "total": form.total,
                "by_status": [getattr(form, f"n_{key}") for key, _label in ProposalStatus.choices],
            }
        )
    return rows


def outcome_totals(programme: Programme, as_of=None) -> dict:
    """What the cooperation achieved, as recorded by staff (as of the date: outcomes recorded by then).

    Amounts are summed per currency and never converted.
    """
    proposals = programme_proposals(programme).exclude(outcome_recorded_at__isnull=True)
    if as_of is not None:
        proposals = proposals.filter(outcome_recorded_at__lte=as_of)
    invested = (
        proposals.exclude(outcome_invested_amount__isnull=True)
        .exclude(outcome_invested_currency="")
        .order_by("outcome_invested_currency")
        .values("outcome_invested_currency")
        .annotate(amount=Sum("outcome_invested_amount"), proposals=Count("pk"))
    )
    totals = proposals.aggregate(
        people_trained=Coalesce(Sum("outcome_people_trained"), 0),
        staff_exchanged=Coalesce(Sum("outcome_staff_exchanged"), 0),
        technology_transfers=Count("pk", filter=~Q(outcome_technology="")),
        with_outcomes=Count("pk"),
    )
    return {
        "invested": [
            {
                "currency": row["outcome_invested_currency"],
                "amount": row["amount"],
                "proposals": row["proposals"],
            }
            for row in invested
        ],
        **totals,
    }


def stage_fill(programme: Programme, as_of=None) -> list[dict]:
    """Each stage with its shortlist fill (n / capacity) and the firms surveyed (one query)."""
    on_list = Q(shortlist__is_active=True)
    done = Q(shortlist__visits__status=SurveyVisit.Status.DONE)
    if as_of is not None:
        on_list &= Q(shortlist__added_at__lte=as_of)
        done &= Q(shortlist__visits__completed_at__lte=as_of)
    stages = (
        Stage.objects.filter(programme=programme)
        .prefetch_related("eligible_provinces", "eligible_regencies")
        .annotate(
            filled=Count("shortlist", filter=on_list, distinct=True),
            surveyed=Count("shortlist", filter=on_list & done, distinct=True),
        )
    )
    return [
        {
            "stage": stage,
            "filled": stage.filled,
            "capacity": stage.capacity,
            "surveyed": stage.surveyed,
            "percent": Fill(stage.filled, stage.capacity).percent,
        }
        for stage in stages
    ]


def roster_fill(programme: Programme, as_of=None, *, filled: int | None = None) -> dict:
    if filled is None:
        filled = live_roster(programme, as_of).count()
    capacity = programme.capacity
    return {
        "filled": filled,
        "capacity": capacity,
        "percent": Fill(filled, capacity).percent,
    }


def programme_figures(programme: Programme, as_of: datetime.datetime | None = None) -> dict:
    """Everything the dashboard and the report show, in a fixed number of queries."""
    steps = funnel(programme, as_of)
    return {
        "as_of": as_of,
        "funnel": steps,
        "by_sector": firms_by_sector(programme, as_of),
        "by_province": firms_by_province(programme, as_of),
        "by_size_class": firms_by_size_class(programme, as_of),
        "proposals_by_status": proposals_by_status(programme, as_of),
        "proposals_by_form": proposals_by_form(programme, as_of),
        "proposal_statuses": [capfirst(str(label)) for _key, label in ProposalStatus.choices],
        "outcomes": outcome_totals(programme, as_of),
        "stages": stage_fill(programme, as_of),
        "roster": roster_fill(programme, as_of, filled=next(s.count for s in steps if s.key == "roster")),
    }


def public_progress(programme: Programme) -> dict:
    """The live figures the public programme page shows (no personal data)."""
    counts = SME.objects.aggregate(
        registered=Count("pk", filter=Q(status__in=SUBMITTED_OR_BEYOND)),
        verified=Count("pk", filter=Q(status=SMEStatus.VERIFIED)),
    )
    return {
        **counts,
        "roster": roster_fill(programme),
        "stages": stage_fill(programme),
    }
