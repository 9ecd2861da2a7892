"""Template helpers for cooperation proposals (the firm's list on "my firm", status badges)."""

from django import template

from partnership import proposals
from partnership.models import CooperationProposal

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
    """The proposals on ``sme`` that ``user`` may read, newest first, with what the page shows."""
    if sme is None or not getattr(user, "is_authenticated", False):
        return []
    qs = (
        proposals.visible_proposals(user)
        .filter(roster_entry__sme=sme)
        .select_related("partner", "roster_entry__sme")
        .prefetch_related("forms")
        .order_by("-updated_at", "-id")
    )
    return [
        {
            "proposal": proposal,
            "awaits_decision": proposal.status == P.UNDER_REVIEW
            and proposal.author_side != CooperationProposal.Side.SME
            and sme.owner_id == user.pk,
        }
        for proposal in qs
    ]


@register.inclusion_tag("partnership/includes/proposal_status.html")
def proposal_status(status):
    return {"status": status, "label": P(status).label, "style": STATUS_STYLES.get(status, "text-bg-light")}
