"""Who may do what with Korean firms' accounts and what a Korean firm sees of Indonesian firms.

- A Korean firm's user (group "Korean firm", linked to its ``KoreanPartner`` by a
  ``PartnerMember``) sees its own firm's page always, and the Indonesian firms only once staff
  have verified the firm: those of :func:`partnership.models.shared_with_korean_firms` (the one
  rule), public profile only, never a contact person, e-mail, phone, NIK, NPWP or document.
- Ministry staff review the registrations.
- An Indonesian owner reads the public profile of a verified Korean firm (no contact details).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from partnership.lib import roles
from partnership.models import KoreanPartner, PartnerInvitation, PartnerMember, shared_with_korean_firms
from smes.models import SME


def partner_of(user) -> KoreanPartner | None:
    """The Korean firm of ``user``'s account, or None (cached on the user for the request)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_korean_partner"):
        member = PartnerMember.objects.select_related("partner").filter(user_id=user.pk).first()
        user._korean_partner = member.partner if member is not None else None
    return user._korean_partner


def is_verified_korean_firm(user) -> bool:
    """A user of a Korean firm that staff have verified (and that is active)."""
    if not roles.is_korean_firm(user):
        return False
    partner = partner_of(user)
    return partner is not None and partner.is_verified


def can_register(user) -> bool:
    """Anyone without a role: a signed-in owner, staff or team member cannot register a Korean firm."""
    if not user.is_authenticated:
        return True
    return not (roles.is_programme_team(user) or roles.is_sme_owner(user) or partner_of(user) is not None)


def can_review(user) -> bool:
    return roles.is_ministry_staff(user)


def partner_roles(user, partner: KoreanPartner) -> set[str]:
    """The roles of ``user`` in the Korean firm's registration workflow."""
    held = roles.workflow_roles(user)
    own = partner_of(user)
    if roles.is_korean_firm(user) and own is not None and own.pk == partner.pk:
        held.add(roles.KOREAN_FIRM)
    return held


def firms_visible_to_korean_firm(user) -> Q:
    """The Indonesian firms ``user`` may find (none unless a verified Korean firm)."""
    if is_verified_korean_firm(user):
        return shared_with_korean_firms()
    return Q(pk__in=[])


def require_verified_korean_firm(user) -> KoreanPartner:
    if not is_verified_korean_firm(user):
        raise PermissionDenied(_("This page is for Korean firms that the programme has verified."))
    return partner_of(user)


def get_firm_for_korean_firm(user, pk: int) -> SME:
    """An Indonesian firm's public profile for a verified Korean firm; 404 if it did not agree."""
    require_verified_korean_firm(user)
    return get_object_or_404(
        SME.objects.select_related("sector", "province", "regency").filter(
            firms_visible_to_korean_firm(user)
        ),
        pk=pk,
    )


def get_registration_to_review(user, pk: int) -> KoreanPartner:
    if not can_review(user):
        raise PermissionDenied(_("This page is for ministry staff."))
    return get_object_or_404(KoreanPartner.objects.select_related("region", "sector"), pk=pk)


def can_view_partner_profile(user, partner: KoreanPartner) -> bool:
    """The public profile of a Korean firm: the programme team, the firm itself, an Indonesian owner
    (verified firms only)."""
    if roles.is_programme_team(user):
        return True
    own = partner_of(user)
    if own is not None and own.pk == partner.pk:
        return True
    return partner.is_verified and (roles.is_sme_owner(user) or is_verified_korean_firm(user))


def get_partner_profile(user, pk: int) -> KoreanPartner:
    partner = get_object_or_404(KoreanPartner.objects.select_related("region", "sector"), pk=pk)
    if not can_view_partner_profile(user, partner):
        if not partner.is_verified:
            raise Http404
        raise PermissionDenied(_("This page is for the firms of the programme."))
    return partner


def is_firm_admin(user, partner: KoreanPartner) -> bool:
    return (
        user.is_authenticated
        and roles.is_korean_firm(user)
        and PartnerMember.objects.filter(partner=partner, user_id=user.pk, is_admin=True).exists()
    )


def can_invite(user, partner: KoreanPartner) -> bool:
    """Staff invite a record they keep to claim its account; the firm's administrator invites colleagues."""
    return roles.is_ministry_staff(user) or is_firm_admin(user, partner)


def get_partner_to_invite_for(user, pk: int) -> KoreanPartner:
    partner = get_object_or_404(KoreanPartner, pk=pk)
    if not can_invite(user, partner):
        own = partner_of(user)
        if own is None or own.pk != partner.pk:
            raise Http404
        raise PermissionDenied(_("Only ministry staff and the firm's administrator can invite users."))
    return partner


def get_invitation_to_revoke(user, pk: int):
    invitation = get_object_or_404(PartnerInvitation.objects.select_related("partner"), pk=pk)
    get_partner_to_invite_for(user, invitation.partner_id)
    return invitation


def get_own_verified_firm(user) -> SME:
    """The signed-in owner's firm, once verified: it may read which Korean firms fit it."""
    sme = SME.objects.filter(owner_id=user.pk).select_related("province", "sector").first()
    if sme is None:
        raise PermissionDenied(_("This page is for the owners of Indonesian firms."))
    if sme.status != SME.Status.VERIFIED:
        raise PermissionDenied(_("Korean firms are suggested once the ministry has verified your firm."))
    return sme
