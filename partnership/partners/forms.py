"""The Korean firm's registration form, the staff's decision and the firm's search of Indonesian firms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partnership.cooperation.forms import PartnerForm
from partnership.models import KoreanPartner
from smes.models import CooperationForm, Province, Sector, SizeClass


class KoreanFirmForm(PartnerForm):
    """What a Korean firm says of itself: the staff's partner form without "active", plus the
    language of its mails and the contact person's consent."""

    consent_contact = forms.BooleanField(
        label=_(
            "The contact person agrees that the programme keeps these contact details and shows them "
            "to an Indonesian firm only once both sides agree to talk"
        ),
        required=True,
        error_messages={"required": _("The contact person's consent is needed to register.")},
    )

    class Meta(PartnerForm.Meta):
        fields = [field for field in PartnerForm.Meta.fields if field != "is_active"] + ["language"]
        help_texts = {
            **PartnerForm.Meta.help_texts,
            "language": _("The language of the portal's e-mails to you."),
        }

    def clean_brn(self):
        """A number already in the registry is told plainly, without naming the record."""
        try:
            return super().clean_brn()
        except ValidationError as error:
            if getattr(error, "code", None) != "duplicate_brn":
                raise
            raise ValidationError(
                _(
                    "A firm with this business registration number is already registered. If it is your "
                    "firm, log in, or ask the programme's staff for an invitation to its account."
                ),
                code="duplicate_brn",
            ) from error

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "contact_email", "offers", "needs"):
            self.fields[name].required = True
        self.fields["cooperation_forms"].required = True
        # The layout of the staff's form lists "is_active"; this page draws its fields itself.
        self.helper = None


class DecisionForm(forms.Form):
    """Staff's decision on a registration; a note is needed to ask for information or to reject."""

    VERIFY, NEEDS_INFO, REJECT = "verify", "needs_info", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (VERIFY, _("Verify")),
            (NEEDS_INFO, _("Ask for more information")),
            (REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the firm"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("The firm reads this note in its e-mail and on its page."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in (self.NEEDS_INFO, self.REJECT) and not (data.get("note") or "").strip():
            self.add_error(
                "note", ValidationError(_("Please write a note for the firm explaining this decision."))
            )
        return data


class FirmSearchForm(forms.Form):
    """The Korean firm's filters of the Indonesian firms: sector, region, size, form of cooperation."""

    sector = forms.ModelChoiceField(
        label=_("sector"), queryset=Sector.objects.all(), required=False, empty_label=_("All sectors")
    )
    province = forms.ModelChoiceField(
        label=_("province"), queryset=Province.objects.all(), required=False, empty_label=_("All provinces")
    )
    size = forms.ChoiceField(label=_("size"), choices=(), required=False)
    form = forms.ModelChoiceField(
        label=_("form of cooperation"),
        queryset=CooperationForm.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All forms of cooperation"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size"].choices = [("", _("All sizes")), *SizeClass.choices]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data.get("sector"):
            queryset = queryset.filter(sector=data["sector"])
        if data.get("province"):
            queryset = queryset.filter(province=data["province"])
        if data.get("size"):
            queryset = queryset.filter(size_class=data["size"])
        if data.get("form"):
            queryset = queryset.filter(cooperation_interests=data["form"])
        return queryset


__all__ = ["DecisionForm", "FirmSearchForm", "KoreanFirmForm", "KoreanPartner"]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("The invitation's link works once, for a limited number of days.")
    )
