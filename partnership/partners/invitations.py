"""The signed, expiring link of an invitation to a Korean firm's account.

The token is the invitation's id signed with the project's secret (``django.core.signing``, its own
salt) and a timestamp: it expires after ``settings.KOREAN_FIRM_INVITATION_DAYS`` and works only
while the invitation is pending (accepted or revoked, it is refused).
"""

from django.conf import settings
from django.core import signing

from partnership.models import PartnerInvitation

SALT = "partnership.partners.invitation"


def token_for(invitation: PartnerInvitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=SALT, compress=True)


def invitation_for(token: str) -> PartnerInvitation | None:
    """The pending invitation of a valid, unexpired token; None otherwise (forged, expired, used)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.KOREAN_FIRM_INVITATION_DAYS * 86400)
    except signing.BadSignature:
        return None
    pk = data.get("invitation") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    invitation = PartnerInvitation.objects.select_related("partner").filter(pk=pk).first()
    return invitation if invitation is not None and invitation.is_pending else None
