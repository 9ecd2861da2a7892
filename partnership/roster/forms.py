"""Forms of the roster pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smes.models import SME


class ReasonForm(forms.Form):
    """A reason the firm reads (withdrawal, removal from a shortlist, cancelled visit)."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The firm reads this reason in its e-mail and on its timeline."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Please give a reason."))
        return reason


class WithdrawForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Reason for the withdrawal")


class AddFirmsForm(forms.Form):
    """The firms ticked on the picker (or the one whose "Add" button was pressed)."""

    sme = forms.ModelMultipleChoiceField(
        queryset=SME.objects.verified(),
        label=_("Firms"),
        error_messages={
            "required": _("Tick at least one firm to add."),
            "invalid_choice": _("One of the firms is not a verified firm any more."),
            "invalid_pk_value": _("One of the firms is not a verified firm any more."),
        },
    )
