"""The Korean firm's registration workflow: one service function, a transition table, a timeline.

Same kind of workflow as the Indonesian registration (``smes.services``): :func:`move` checks the
table and the actor's role inside ``transaction.atomic()`` with a row lock, writes the timeline
(``PartnerEvent``) and queues the mail in the firm's language. A registered firm is a
``KoreanPartner`` that stays inactive (out of matching and proposals) until staff verify it.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.lib import roles
from partnership.lib.notify import send_templated_mail
from partnership.lib.workflow import check_transition
from partnership.models import KoreanPartner, PartnerEvent, PartnerInvitation, PartnerMember

from . import invitations
from .permissions import can_invite, partner_roles

S = KoreanPartner.Status
STAFF, FIRM = roles.STAFF, roles.KOREAN_FIRM

PARTNER_TRANSITIONS = {
    S.SUBMITTED: {S.VERIFIED: {STAFF}, S.NEEDS_INFO: {STAFF}, S.REJECTED: {STAFF}},
    S.NEEDS_INFO: {S.SUBMITTED: {FIRM, STAFF}, S.REJECTED: {STAFF}},
    S.VERIFIED: {},
    S.REJECTED: {},
}
# Moves that need a note the firm can read.
NOTE_REQUIRED = {S.NEEDS_INFO, S.REJECTED}
TEMPLATES = {
    S.VERIFIED: "partner_verified",
    S.NEEDS_INFO: "partner_needs_info",
    S.REJECTED: "partner_rejected",
    S.SUBMITTED: "partner_resubmitted",
}


def notify_partner(partner: KoreanPartner, template: str, **context) -> None:
    """Queue ``templates/emails/<template>`` to the firm's contact and users, in its language."""
    send_templated_mail(
        to=partner.mail_recipients(),
        template=f"emails/{template}",
        context={"korean_firm": partner, "contact_email": settings.PROGRAMME_CONTACT_EMAIL, **context},
        language=partner.language,
        users=partner.notified_users(),
    )


def record_event(partner: KoreanPartner, *, to_state: str, from_state: str = "", by=None, note: str = ""):
    return PartnerEvent.objects.create(
        partner=partner,
        from_state=str(from_state),
        to_state=str(to_state),
        actor=by if by is not None and by.is_authenticated else None,
        note=note,
    )


def add_member(partner: KoreanPartner, user, *, is_admin: bool = False) -> PartnerMember:
    """Link ``user`` to the Korean firm and give it the "Korean firm" role."""
    member = PartnerMember.objects.create(partner=partner, user=user, is_admin=is_admin)
    group, _created = Group.objects.get_or_create(name=roles.KOREAN_FIRM_GROUP)
    user.groups.add(group)
    user.__dict__.pop("_group_names", None)
    return member


def register(partner: KoreanPartner, *, user, form_data_m2m=None) -> KoreanPartner:
    """A Korean firm registers itself: the record (inactive, submitted), its first user as the
    firm's administrator, the contact person's consent, the timeline's first line and the mail.

    ``partner`` is unsaved; ``form_data_m2m`` is the form's ``save_m2m``.
    """
    with transaction.atomic():
        now = timezone.now()
        partner.status = S.SUBMITTED
        partner.is_active = False
        partner.submitted_at = now
        partner.consent_contact_at = now
        partner.save()
        if form_data_m2m is not None:
            form_data_m2m()
        add_member(partner, user, is_admin=True)
        record_event(partner, to_state=S.SUBMITTED, by=user, note=_("Registered in the portal."))
        notify_partner(partner, "partner_submitted")
    return partner


def move(partner: KoreanPartner, target: str, *, by, note: str = "") -> KoreanPartner:
    """Apply one move of the registration workflow and return the fresh row."""
    note = (note or "").strip()
    with transaction.atomic():
        locked = KoreanPartner.objects.select_for_update().get(pk=partner.pk)
        current = locked.status
        check_transition(PARTNER_TRANSITIONS, current, target, partner_roles(by, locked))
        if target in NOTE_REQUIRED and not note:
            raise ValidationError(_("Please write a note for the firm explaining this decision."))
        locked.status = target
        fields = ["status", "is_active", "updated_at"]
        if target == S.VERIFIED:
            locked.is_active = True
            locked.verified_at = timezone.now()
            fields.append("verified_at")
        elif target == S.SUBMITTED:
            locked.submitted_at = timezone.now()
            fields.append("submitted_at")
        else:
            locked.is_active = False
        locked.save(update_fields=fields)
        record_event(locked, from_state=current, to_state=target, by=by, note=note)
        notify_partner(locked, TEMPLATES[target], note=note)
    return locked


def verify(partner, *, by, note: str = ""):
    return move(partner, S.VERIFIED, by=by, note=note)


def request_info(partner, *, by, note: str):
    return move(partner, S.NEEDS_INFO, by=by, note=note)


def reject(partner, *, by, note: str):
    return move(partner, S.REJECTED, by=by, note=note)


def resubmit(partner, *, by):
    return move(partner, S.SUBMITTED, by=by)


# --- Invitations: a record staff keep claims its account; the firm's administrator invites colleagues.


def invite(partner: KoreanPartner, *, email: str, by) -> PartnerInvitation:
    """Send an invitation to ``email`` to become a user of ``partner`` (staff, or its administrator)."""
    if not can_invite(by, partner):
        raise PermissionDenied(_("Only ministry staff and the firm's administrator can invite users."))
    email = email.strip()
    with transaction.atomic():
        locked = KoreanPartner.objects.select_for_update().get(pk=partner.pk)
        if locked.status == S.REJECTED:
            raise ValidationError(_("A rejected firm cannot receive users."))
        if locked.members.filter(user__email__iexact=email).exists():
            raise ValidationError(_("A user with this e-mail address already belongs to the firm."))
        invitation = PartnerInvitation.objects.create(partner=locked, email=email, invited_by=by)
        send_templated_mail(
            to=[email],
            template="emails/partner_invitation",
            context={
                "korean_firm": locked,
                "link": reverse("partners:claim", args=[invitations.token_for(invitation)]),
                "days": settings.KOREAN_FIRM_INVITATION_DAYS,
                "contact_email": settings.PROGRAMME_CONTACT_EMAIL,
            },
            language=locked.language,
        )
    return invitation


def revoke(invitation: PartnerInvitation, *, by) -> PartnerInvitation:
    if not can_invite(by, invitation.partner):
        raise PermissionDenied(_("Only ministry staff and the firm's administrator can invite users."))
    with transaction.atomic():
        locked = PartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            raise ValidationError(_("This invitation was already used or revoked."))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def accept(invitation: PartnerInvitation, *, user) -> PartnerMember:
    """``user`` becomes a user of the firm; the first one is its administrator. The link works once."""
    with transaction.atomic():
        locked = PartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            raise ValidationError(_("This invitation was already used or revoked."))
        partner = KoreanPartner.objects.select_for_update().get(pk=locked.partner_id)
        member = add_member(partner, user, is_admin=not partner.members.filter(is_admin=True).exists())
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        record_event(
            partner,
            from_state=partner.status,
            to_state=partner.status,
            by=user,
            note=_("%(user)s accepted an invitation to the firm's account.") % {"user": user.get_username()},
        )
    return member
