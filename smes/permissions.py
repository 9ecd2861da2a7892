"""Who may see and change which firm.

``get_sme_for`` is the one way views fetch a firm for a user: 404 when it does not exist,
403 when the user may not do ``action`` with it. The dossier for the Korean team is built from
these rules too: the Korean team sees a firm's private profile and documents only when the firm
consented to sharing and is on a programme roster, and never its NIK or NPWP.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from partnership.lib import roles

from .models import SME, SMEDocument

# Identifiers that only the owner and the ministry see.
IDENTIFIER_FIELDS = ("owner_nik", "npwp")


def is_owner(user, sme: SME) -> bool:
    return user.is_authenticated and sme.owner_id is not None and sme.owner_id == user.pk


# Which firms the Korean team may see is the programme's rule (the consent to sharing and a live
# place on a roster: partnership.models.shared_with_korean_team). The registry sits below the
# programme and does not import it; the programme registers its rule here when it is ready
# (partnership.apps). Until then, nothing is shared.
_korean_team_rule: Callable[[SME], bool] = lambda sme: False  # noqa: E731


def set_korean_team_rule(rule: Callable[[SME], bool]) -> None:
    global _korean_team_rule
    _korean_team_rule = rule


def is_shared_with_korean_team(sme: SME) -> bool:
    """The firm consented to sharing with the Korean side and holds a live place on a roster."""
    return _korean_team_rule(sme)


def can_view_private(user, sme: SME) -> bool:
    """The profile beyond the public page (contact person, address, figures)."""
    if is_owner(user, sme) or roles.is_ministry_staff(user):
        return True
    return roles.is_korean_team(user) and is_shared_with_korean_team(sme)


def can_view_identifiers(user, sme: SME) -> bool:
    """NIK and NPWP: the owner and the ministry only, never the Korean team."""
    return is_owner(user, sme) or roles.is_ministry_staff(user)


def can_edit(user, sme: SME) -> bool:
    """The owner edits the profile unless the registration was rejected; staff always may."""
    if roles.is_ministry_staff(user):
        return True
    return is_owner(user, sme) and sme.status != SME.Status.REJECTED


def can_submit(user, sme: SME) -> bool:
    return is_owner(user, sme) and sme.status in SME.SUBMITTABLE


def can_view_documents(user, sme: SME) -> bool:
    if is_owner(user, sme) or roles.is_ministry_staff(user):
        return True
    return roles.is_korean_team(user) and is_shared_with_korean_team(sme)


# Documents that show an identifier (NPWP) follow the identifier rule, not the document rule.
IDENTIFIER_DOCUMENT_KINDS = {SMEDocument.Kind.NPWP}


def can_view_document(user, document: SMEDocument) -> bool:
    """One document: the firm's document rule, plus the identifier rule for an NPWP card, plus
    archived documents for the owner and the ministry only."""
    sme = document.sme
    if not can_view_documents(user, sme):
        return False
    if document.kind in IDENTIFIER_DOCUMENT_KINDS and not can_view_identifiers(user, sme):
        return False
    return not document.is_archived or is_owner(user, sme) or roles.is_ministry_staff(user)


def can_upload_documents(user, sme: SME) -> bool:
    return is_owner(user, sme) and sme.status != SME.Status.REJECTED


CHECKS = {
    "view_private": can_view_private,
    "view_identifiers": can_view_identifiers,
    "edit": can_edit,
    "submit": can_submit,
    "view_documents": can_view_documents,
    "upload_documents": can_upload_documents,
}


def get_sme_for(user, pk, action: str, queryset=None) -> SME:
    """The firm ``pk`` if ``user`` may do ``action`` with it: 404 if missing, 403 if not allowed."""
    sme = get_object_or_404(queryset if queryset is not None else SME.objects.all(), pk=pk)
    if not user.is_authenticated or not CHECKS[action](user, sme):
        raise PermissionDenied
    return sme
