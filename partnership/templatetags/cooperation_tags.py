"""Template helpers for cooperation proposals (the firm's list on "my firm", status badges)."""

from django import template

from partnership.cooperation import proposals
from partnership.models import CooperationProposal, RosterEntry

register = template.Library()

P = CooperationProposal.Status

STATUS_STYLES = {
    P.DRAFT: "text-bg-secondary",
    P.SUBMITTED: "text-bg-info",
    P.UNDER_REVIEW: "text-bg-warning",
    P.ACCEPTED: "text-bg-success",
    P.DECLINED: "text-bg-danger",
    P.ACTIVE: "text-bg-primary",
    P.COMPLETED: "text-bg-dark",
    P.WITHDRAWN: "text-bg-light border",
}


@register.simple_tag
def sme_proposals(sme, user):
    """What the firm's "my firm" page shows of cooperation: the proposals ``user`` may read, newest
    first (with whether the firm has to decide), and the firm's live roster entries (for the link
    to its suggested partners)."""
    if sme is None or not getattr(user, "is_authenticated", False) or sme.pk is None:
        return {"rows": [], "entries": []}
    qs = (
        proposals.visible_proposals(user)
        .filter(roster_entry__sme=sme)
        .select_related("partner", "roster_entry__sme")
        .prefetch_related("forms")
        .order_by("-updated_at", "-id")
    )
    rows = [
        {
            "proposal": proposal,
            "awaits_decision": proposal.status == P.UNDER_REVIEW
            and proposal.author_side != CooperationProposal.Side.SME
            and sme.owner_id == user.pk,
        }
        for proposal in qs
    ]
    entries = list(RosterEntry.objects.live().filter(sme=sme).select_related("programme"))
    return {"rows": rows, "entries": entries}


@register.inclusion_tag("partnership/includes/proposal_status.html")
def proposal_status(status):
    return {"status": status, "label": P(status).label, "style": STATUS_STYLES.get(status, "text-bg-light")}
