"""Object rules for stages, shortlists, survey visits and rankings.

Ministry staff manage stages and shortlists and record the selection. The Korean team reads the
stages, and plans and records the survey visits of the shortlisted firms that consented to sharing
their profile with the Korean side; the other firms do not exist for it (404).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from partnership.lib import roles
from partnership.roster.permissions import can_see_firm

from .models import ShortlistEntry, Stage, SurveyVisit


def can_view_stage(user, stage: Stage) -> bool:
    return roles.is_programme_team(user)


def can_manage_stage(user, stage: Stage | None = None) -> bool:
    return roles.is_ministry_staff(user)


def can_work_on_visits(user, shortlist_entry: ShortlistEntry) -> bool:
    """Plan, reschedule, cancel and record survey visits of this shortlisted firm."""
    return roles.is_programme_team(user) and can_see_firm(user, shortlist_entry.roster_entry)


def get_stage(user, pk: int, *, manage: bool = False) -> Stage:
    if not roles.is_programme_team(user) or (manage and not can_manage_stage(user)):
        raise PermissionDenied(_("Only ministry staff can change stages and shortlists."))
    return get_object_or_404(Stage.objects.select_related("programme"), pk=pk)


def get_shortlist_entry(user, stage: Stage, pk: int, *, manage: bool = False) -> ShortlistEntry:
    if manage and not can_manage_stage(user, stage):
        raise PermissionDenied(_("Only ministry staff can change stages and shortlists."))
    entry = get_object_or_404(
        ShortlistEntry.objects.select_related(
            "stage", "stage__programme", "roster_entry", "roster_entry__sme", "roster_entry__programme"
        ),
        stage=stage,
        pk=pk,
    )
    if not can_see_firm(user, entry.roster_entry):
        raise Http404
    return entry


def get_visit(user, pk: int) -> SurveyVisit:
    if not roles.is_programme_team(user):
        raise PermissionDenied(_("Only ministry staff and the Korean team can open survey visits."))
    visit = get_object_or_404(
        SurveyVisit.objects.select_related(
            "shortlist_entry",
            "shortlist_entry__stage",
            "shortlist_entry__stage__programme",
            "shortlist_entry__roster_entry",
            "shortlist_entry__roster_entry__sme",
            "shortlist_entry__roster_entry__programme",
        ),
        pk=pk,
    )
    if not can_work_on_visits(user, visit.shortlist_entry):
        raise Http404
    return visit
