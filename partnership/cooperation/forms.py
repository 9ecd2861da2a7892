"""Forms for Korean partners, cooperation proposals, their moves, comments and outcomes."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnership.cooperation import proposals
from partnership.cooperation.validators import normalize_brn
from partnership.models import CooperationProposal, KoreanPartner
from smes.models import CooperationForm, Province
from smes.validators import normalize_phone

P = CooperationProposal.Status


def duplicate_brn_message(existing: KoreanPartner | None = None) -> str:
    if existing is None:
        return gettext("A Korean partner with this business registration number is already in the registry.")
    return gettext(
        "A Korean partner with this business registration number is already in the registry: %(name)s."
    ) % {"name": f"{existing.name_en} ({existing.name_ko})"}


class PartnerForm(forms.ModelForm):
    """Create or edit a Korean partner; the number is checked, normalised and must be new."""

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = KoreanPartner
        fields = [
            "name_ko",
            "name_en",
            "brn",
            "region",
            "sector",
            "size",
            "offers",
            "needs",
            "cooperation_forms",
            "preferred_provinces",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
            "is_active",
        ]
        widgets = {
            "offers": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.Textarea(attrs={"rows": 3}),
            "cooperation_forms": forms.CheckboxSelectMultiple,
            "preferred_provinces": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "brn": _("Ten digits, with or without dashes, e.g. 116-82-00276."),
            "needs": _("What the firm looks for in Indonesia: products, suppliers, partners."),
            "preferred_provinces": _("Hold Ctrl (or Cmd) to choose several provinces."),
        }
        error_messages = {
            "brn": {
                "unique": _(
                    "A Korean partner with this business registration number is already in the registry."
                )
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperation_forms"].queryset = CooperationForm.objects.all()
        self.fields["preferred_provinces"].queryset = Province.objects.all()
        self.fields["brn"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Company"), "name_ko", "name_en", "brn", "region", "sector", "size", "website"),
            Fieldset(_("Cooperation"), "offers", "needs", "cooperation_forms", "preferred_provinces"),
            Fieldset(_("Contact person"), "contact_name", "contact_email", "contact_phone"),
            "is_active",
        )

    def clean_brn(self):
        brn = normalize_brn(self.cleaned_data.get("brn", ""))
        existing = KoreanPartner.objects.filter(brn=brn).exclude(pk=self.instance.pk).first()
        if existing is not None:
            raise ValidationError(duplicate_brn_message(existing), code="duplicate_brn")
        return brn

    def clean_is_active(self):
        active = self.cleaned_data.get("is_active", False)
        if active and self.instance.pk and self.instance.status != KoreanPartner.Status.VERIFIED:
            raise ValidationError(
                _("A firm that registered itself becomes active when staff verify its registration."),
                code="not_verified",
            )
        return active

    def clean_contact_phone(self):
        value = self.cleaned_data.get("contact_phone", "").strip()
        if not value:
            return ""
        try:
            return normalize_phone(value, "KR")
        except ValidationError as exc:
            raise ValidationError(
                _("Enter a valid phone number, e.g. 02-312-3456 or +82 2 312 3456."), code="invalid_phone"
            ) from exc


# ---------------------------------------------------------------------------------------------
# Proposals


class RosterEntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.sme.legal_name} ({obj.sme.reference or obj.sme.pk}) – {obj.programme.display_name}"


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name_en} · {obj.name_ko} ({obj.brn})"


class ProposalForm(forms.ModelForm):
    """A draft proposal: the firm, the partner, one or more forms and the details each needs.

    The details of a form are required only when that form is chosen; the details of forms that
    are not chosen are discarded by the service, so no stale detail is kept.
    """

    roster_entry = RosterEntryChoiceField(queryset=None, label=_("Indonesian firm on the roster"))
    partner = PartnerChoiceField(queryset=None, label=_("Korean partner"))
    investment_amount = forms.DecimalField(
        label=_("investment amount"),
        required=False,
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0.01)],
    )

    class Meta:
        model = CooperationProposal
        fields = [
            "roster_entry",
            "partner",
            "title",
            "summary",
            "forms",
            *proposals.DETAIL_FIELDS,
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "forms": forms.CheckboxSelectMultiple}
        labels = {"forms": _("Forms of cooperation")}
        help_texts = {"forms": _("Choose one or more, then fill in the section of each form you chose.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        self.fields["roster_entry"].queryset = proposals.proposable_roster(user).order_by("sme__legal_name")
        self.fields["partner"].queryset = KoreanPartner.objects.filter(is_active=True).order_by(
            "name_en", "pk"
        )
        self.fields["forms"].queryset = CooperationForm.objects.all()
        if editing:
            # The firm of a proposal never changes; write a new proposal instead.
            self.fields["roster_entry"].disabled = True
            self.fields["roster_entry"].queryset = (
                self.fields["roster_entry"]
                .queryset.model.objects.filter(pk=self.instance.roster_entry_id)
                .select_related("sme", "programme")
            )
        for name in ("trainees", "training_days", "exchange_people", "exchange_months"):
            self.fields[name].min_value = 1
            self.fields[name].validators.append(MinValueValidator(1))
            self.fields[name].widget.attrs["min"] = 1
        sections = {
            CooperationForm.TECHNOLOGY_TRANSFER: _("Technology transfer"),
            CooperationForm.INVESTMENT: _("Investment"),
            CooperationForm.TRAINING: _("Training"),
            CooperationForm.STAFF_EXCHANGE: _("Staff exchange"),
        }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Parties"), "roster_entry", "partner"),
            Fieldset(_("The proposal"), "title", "summary", "forms"),
            *(
                Div(
                    Fieldset(
                        sections[code],
                        HTML(
                            '<p class="small text-body-secondary">'
                            + str(_("Required when this form of cooperation is chosen."))
                            + "</p>"
                        ),
                        *names,
                    ),
                    css_class="proposal-form-section border rounded p-3 mb-3",
                    data_form_code=code,
                )
                for code, names in proposals.FORM_FIELDS.items()
            ),
        )

    def chosen_codes(self) -> list[str]:
        return [form.code for form in self.cleaned_data.get("forms") or []]

    def clean(self):
        cleaned = super().clean()
        chosen = self.chosen_codes()
        for code, names in proposals.FORM_FIELDS.items():
            if code not in chosen:
                continue
            form_name = next(form.name for form in self.cleaned_data["forms"] if form.code == code)
            for name in names:
                if name in self.errors:
                    continue
                if cleaned.get(name) in (None, ""):
                    self.add_error(
                        name,
                        ValidationError(
                            gettext("This is required for %(form)s.") % {"form": form_name},
                            code="required_for_form",
                        ),
                    )
        return cleaned

    def service_arguments(self) -> dict:
        """The cleaned values in the shape the proposal service expects."""
        data = self.cleaned_data
        return {
            "partner": data["partner"],
            "forms": list(data["forms"]),
            "title": data["title"],
            "summary": data.get("summary", ""),
            **{name: data.get(name) for name in proposals.DETAIL_FIELDS},
        }


class MoveForm(forms.Form):
    """One move of a proposal, with an optional comment (required to decline)."""

    target = forms.ChoiceField(choices=P.choices, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class OutcomeForm(forms.ModelForm):
    """What an active or completed cooperation actually produced."""

    outcome_invested_amount = forms.DecimalField(
        label=_("amount actually invested"),
        required=False,
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        model = CooperationProposal
        fields = list(proposals.OUTCOME_FIELDS)
        widgets = {"outcome_technology": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"outcome_export_markets": _("Countries, separated by commas.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("outcome_people_trained", "outcome_staff_exchanged"):
            self.fields[name].widget.attrs["min"] = 0
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("outcome_invested_amount")
        currency = cleaned.get("outcome_invested_currency")
        if amount is not None and not currency:
            self.add_error("outcome_invested_currency", _("Choose the currency of the amount invested."))
        if amount is None and currency:
            self.add_error("outcome_invested_amount", _("Enter the amount invested in this currency."))
        return cleaned


class PartnerImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV (UTF-8) or Excel (.xlsx), with the columns of the export."),
    )

    MAX_SIZE = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."), code="file_type")
        if upload.size > self.MAX_SIZE:
            raise ValidationError(_("The file is larger than 2 MB."), code="file_size")
        return upload


__all__ = [
    "PartnerForm",
    "ProposalForm",
    "MoveForm",
    "CommentForm",
    "OutcomeForm",
    "PartnerImportForm",
]
