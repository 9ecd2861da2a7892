"""Template tags of the pipeline: the firm's progress on its own page."""

from django import template
from django.db.models import Prefetch

from partnership.models import RosterEntry

from ..models import ShortlistEntry, SurveyVisit

register = template.Library()

R = RosterEntry.Status
V = SurveyVisit.Status

# The steps a firm goes through, in order, with the roster statuses that mean "reached".
STEP_REACHED = RosterEntry.STEP_REACHED


@register.simple_tag
def sme_progress(sme) -> list[dict]:
    """One row per programme the firm is on: its status, shortlist, visit and decision.

    Three queries: the roster entries, their shortlist entries, and those entries' visits.
    """
    if sme is None or not getattr(sme, "pk", None):
        return []
    entries = (
        RosterEntry.objects.filter(sme=sme)
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "shortlist_entries",
                queryset=ShortlistEntry.objects.select_related("stage").order_by("-is_active", "-added_at"),
            ),
            Prefetch(
                "shortlist_entries__visits",
                queryset=SurveyVisit.objects.exclude(status=V.CANCELLED).order_by("-scheduled_for"),
            ),
        )
        .order_by("-programme__year")
    )
    rows = []
    for entry in entries:
        shortlisted = next(iter(entry.shortlist_entries.all()), None)
        visit = next(iter(shortlisted.visits.all()), None) if shortlisted else None
        rows.append(
            {
                "entry": entry,
                "programme": entry.programme,
                "withdrawn": entry.status == R.WITHDRAWN,
                "stage": shortlisted.stage if shortlisted and shortlisted.is_active else None,
                "is_pilot": bool(shortlisted and shortlisted.is_active and shortlisted.is_pilot),
                "visit": visit,
                "steps": {step: entry.status in reached for step, reached in STEP_REACHED.items()},
            }
        )
    return rows
