"""Forms of the roster pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.lib.forms import ReasonForm
from smes.models import SME


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
