"""Object rules for the programme, its roster and the firms' dossiers.

Ministry staff see and manage everything. The Korean team sees the dossier of a firm only while the
firm is on a roster and has consented to sharing its profile with the Korean side, and never the
firm's NIK or NPWP. Views fetch objects through the ``get_*`` helpers, which answer 404 for what a
viewer may not know exists and 403 for a page of the wrong role.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from partnership.lib import roles
from partnership.models import Programme, RosterEntry, shared_with_korean_team
from smes import permissions as registry_permissions


def can_view_roster(user, programme: Programme) -> bool:
    return roles.is_ministry_staff(user)


def can_manage_roster(user, programme: Programme) -> bool:
    return roles.is_ministry_staff(user)


def can_see_firm(user, entry: RosterEntry) -> bool:
    """Whether ``user`` may see the firm of this roster entry (dossier, shortlist, visits, proposals).

    Ministry staff always; the Korean team while the entry is shared with it
    (:func:`partnership.models.shared_with_korean_team`, the one rule); nobody else.
    """
    if roles.is_ministry_staff(user):
        return True
    return roles.is_korean_team(user) and entry.is_shared_with_korean_team


def firms_visible_to(user, prefix: str = "") -> Q:
    """The queryset form of :func:`can_see_firm`; ``prefix`` leads to the roster entry."""
    if roles.is_ministry_staff(user):
        return Q()
    if roles.is_korean_team(user):
        return shared_with_korean_team(prefix)
    return Q(pk__in=[])


def can_view_dossier(user, entry: RosterEntry) -> bool:
    return can_see_firm(user, entry)


def can_view_identifiers(user, sme) -> bool:
    """NIK and NPWP: never the Korean team (the registry's rule)."""
    return registry_permissions.can_view_identifiers(user, sme)


def can_view_contact_details(user, sme) -> bool:
    """E-mail and phone of the contact person: ministry staff only."""
    return roles.is_ministry_staff(user)


def can_record_selection(user, entry: RosterEntry) -> bool:
    return roles.is_ministry_staff(user)


def get_programme_for_roster(user, slug: str, *, manage: bool = False) -> Programme:
    programme = get_object_or_404(Programme, slug=slug)
    allowed = can_manage_roster if manage else can_view_roster
    if not allowed(user, programme):
        raise PermissionDenied(_("Only ministry staff can open the roster."))
    return programme


def get_roster_entry_for_dossier(user, programme: Programme, pk: int) -> RosterEntry:
    """The roster entry whose dossier ``user`` may read; 403 for other roles, 404 when hidden."""
    if not roles.is_programme_team(user):
        raise PermissionDenied(_("Only ministry staff and the Korean team can open a dossier."))
    entry = get_object_or_404(
        RosterEntry.objects.select_related(
            "programme", "sme", "sme__regency", "sme__province", "sme__sector", "added_by"
        ),
        programme=programme,
        pk=pk,
    )
    if not can_view_dossier(user, entry):
        # The firm did not consent to sharing: for the Korean team it does not exist.
        raise Http404
    return entry


def get_own_roster_entry(user, slug: str, pk: int) -> RosterEntry:
    """A roster entry of the user's own firm (404 for anyone else: they need not know it)."""
    return get_object_or_404(
        RosterEntry.objects.select_related("programme", "sme"),
        programme__slug=slug,
        pk=pk,
        sme__owner_id=user.pk,
    )


def get_roster_entry_to_manage(user, programme: Programme, pk: int) -> RosterEntry:
    if not can_manage_roster(user, programme):
        raise PermissionDenied(_("Only ministry staff can change the roster."))
    return get_object_or_404(
        RosterEntry.objects.select_related("programme", "sme"), programme=programme, pk=pk
    )
