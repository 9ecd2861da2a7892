"""The ministry's decision on a submitted firm (staff detail page and admin actions)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.lib import roles
from partnership.lib.workflow import allowed_targets

from . import services
from .models import SME

S = SME.Status

# The decisions staff take on a registration, in the order they are offered.
DECISIONS = [
    (S.VERIFIED, _("Verify the firm")),
    (S.NEEDS_INFO, _("Ask the firm for more information")),
    (S.REJECTED, _("Reject the registration")),
]
DECISION_SERVICES = {
    S.VERIFIED: services.verify,
    S.NEEDS_INFO: services.request_info,
    S.REJECTED: services.reject,
}


def decisions_for(sme: SME) -> list[tuple[str, str]]:
    """The decisions the transition table allows staff to take on ``sme`` now."""
    allowed = set(allowed_targets(services.REGISTRATION_TRANSITIONS, sme.status, {roles.STAFF}))
    return [(value, label) for value, label in DECISIONS if value in allowed]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note to the firm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required when you ask for more information or reject: the firm receives it by e-mail "
            "and sees it on its page."
        ),
    )

    def __init__(self, *args, sme: SME | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if sme is not None:
            # Offer only the moves the table allows now; the service still checks every move.
            self.fields["decision"].widget.choices = decisions_for(sme)

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        note = (cleaned.get("note") or "").strip()
        cleaned["note"] = note
        if decision in services.NOTE_REQUIRED and not note:
            self.add_error("note", _("Please write a note for the firm explaining this decision."))
        return cleaned


class AdminDecisionNoteForm(forms.Form):
    """The note an admin action asks for before it asks for information or rejects."""

    note = forms.CharField(
        label=_("Note to the firms"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Each selected firm receives this note by e-mail and sees it on its page."),
    )
