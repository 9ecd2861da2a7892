from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.lib.forms import ReasonForm
from smes import validators
from smes.models import SME, ConsentChange

from .services import CONTACT_FIELDS


class ContactCorrectionForm(forms.ModelForm):
    """The contact person's data, corrected by the owner (the same checks as the profile form)."""

    class Meta:
        model = SME
        fields = CONTACT_FIELDS
        help_texts = {"contact_phone": _("E.g. 0812 3456 7890 or +62 812 3456 7890.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "contact_email", "contact_phone"):
            self.fields[name].required = True
        self.fields["contact_phone"].widget.attrs.update(type="tel", autocomplete="tel")
        self.fields["contact_email"].widget.attrs.update(autocomplete="email")

    def clean_contact_phone(self):
        value = (self.cleaned_data.get("contact_phone") or "").strip()
        return validators.normalize_phone(value) if value else ""


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(choices=ConsentChange.Consent.choices)
    given = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the personal data of my firm and my account will be erased for good."),
    )


class RefusalForm(ReasonForm):
    pass


class AccessLogFilterForm(forms.Form):
    firm = forms.CharField(label=_("Firm (name or reference)"), required=False, max_length=200)
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    what = forms.ChoiceField(label=_("What"), required=False)
    after = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    before = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from .models import AccessLog

        super().__init__(*args, **kwargs)
        self.fields["what"].choices = [("", "—"), *AccessLog.What.choices]


class BreachReportForm(forms.Form):
    after = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    before = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    username = forms.CharField(
        label=_("Only the firms this account opened in the window (user name)"),
        required=False,
        max_length=150,
    )
    references = forms.CharField(
        label=_("Firms (reference numbers, separated by commas)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_references(self):
        raw = self.cleaned_data.get("references") or ""
        return [part.strip() for part in raw.replace("\n", ",").split(",") if part.strip()]

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("after") or cleaned.get("before") or cleaned.get("references")):
            raise forms.ValidationError(_("Give a time window or at least one firm."))
        if cleaned.get("after") and cleaned.get("before") and cleaned["after"] > cleaned["before"]:
            self.add_error("before", _("The end of the window is before its start."))
        return cleaned
