"""Forms of the SME owner: the account and the firm's draft, the profile, documents.

``clean_<field>`` turns what people type into domain values with the shared validators of
``smes.validators``; nothing here writes to the database except ``save()``.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnership.lib.i18n import active_language

from . import services, validators
from .consents import consents_of, stamp_consents
from .models import SME, CooperationForm, Province, Regency, SMEDocument
from .uploads import check_document


def duplicate_message(field: str) -> str:
    """The friendly message for an NIB or NPWP that another firm already holds."""
    if field == "nib":
        message = gettext(
            "This NIB is already registered in Mitra UKM. If this is your firm, contact "
            "%(email)s and the programme team will help you get access to its profile."
        )
    else:
        message = gettext(
            "This NPWP is already registered in Mitra UKM. If this is your firm, contact "
            "%(email)s and the programme team will help you get access to its profile."
        )
    return message % {"email": settings.PROGRAMME_CONTACT_EMAIL}


def check_not_registered(field: str, value, *, exclude_pk=None) -> None:
    """Refuse an NIB/NPWP that another firm holds (the database enforces it too)."""
    if value and SME.objects.filter(**{field: value}).exclude(pk=exclude_pk).exists():
        raise ValidationError(duplicate_message(field), code="duplicate")


def mark_needed_to_submit(form: forms.Form, names) -> None:
    """Mark the fields a draft may leave empty but submission needs, from the first display.

    A field that must be filled to save at all is marked by its asterisk (``required``); these
    carry a "needed to submit" tag in their label and ``aria-required`` for screen readers.
    """
    for name in names:
        field = form.fields.get(name)
        if field is None or field.required:
            continue
        field.label = format_html(
            '{} <span class="badge text-bg-light border fw-normal needed-to-submit">{}</span>',
            field.label,
            gettext("needed to submit"),
        )
        field.widget.attrs["aria-required"] = "true"
        field.widget.attrs["data-needed-to-submit"] = ""


class RupiahInput(forms.TextInput):
    """A text box for whole rupiah that shows stored amounts as 1.500.000.000."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        return validators.format_rupiah(value)


class RupiahField(forms.Field):
    widget = RupiahInput

    def to_python(self, value):
        return validators.parse_rupiah(value)


class IdentifierCleaningMixin:
    """NIB and NPWP: normalised, and refused when another firm holds them."""

    def _allow_formatted_identifiers(self):
        # People type "01.312.166.0-091.000": the stored length limit applies after normalising.
        for name in ("nib", "npwp", "owner_nik"):
            field = self.fields.get(name)
            if field is None:
                continue
            field.max_length = 30
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
            field.widget.attrs["maxlength"] = "30"

    def _exclude_pk(self):
        instance = getattr(self, "instance", None)
        return instance.pk if isinstance(instance, SME) else None

    def clean_nib(self):
        value = (self.cleaned_data.get("nib") or "").strip()
        if not value:
            return None
        value = validators.normalize_nib(value)
        check_not_registered("nib", value, exclude_pk=self._exclude_pk())
        return value

    def clean_npwp(self):
        value = (self.cleaned_data.get("npwp") or "").strip()
        if not value:
            return None
        value = validators.normalize_npwp(value)
        check_not_registered("npwp", value, exclude_pk=self._exclude_pk())
        return value


class AccountForm(UserCreationForm):
    """The firm owner's account, created at registration."""

    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send the confirmation of your registration and the ministry's decisions here."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "An account with this e-mail address already exists. Log in, or reset your "
                    "password if you have forgotten it."
                ),
                code="duplicate_email",
            )
        return email


class FirmStartForm(IdentifierCleaningMixin, forms.ModelForm):
    """The first lines of a firm's draft, typed at registration."""

    class Meta:
        model = SME
        fields = ("legal_name", "legal_form", "nib", "npwp", "language")
        help_texts = {
            "legal_name": _("As written on the deed of establishment or the NIB, e.g. PT Maju Jaya."),
            "nib": _("13 digits; optional for firms registered before 2018 that have none."),
            "npwp": _("15 digits (e.g. 01.312.166.0-091.000) or 16 digits. Optional now, needed to submit."),
            "language": _("The language of the portal's e-mails to you."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = active_language()
        if active in SME.Language.values and not self.is_bound:
            self.initial.setdefault("language", active)
        self._allow_formatted_identifiers()
        self.fields["nib"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["npwp"].widget.attrs.update(autocomplete="off")
        mark_needed_to_submit(self, services.REQUIRED_FOR_SUBMISSION)


class GroupedRegencySelect(forms.Select):
    """Regencies grouped by province; regions.js narrows the list to the chosen province."""


class SMEProfileForm(IdentifierCleaningMixin, forms.ModelForm):
    """The firm's profile, in sections. Drafts may be incomplete; what is filled must be valid."""

    # (anchor, heading, fields) in the order of the page.
    SECTIONS = (
        (
            "identity",
            _("Identity and legal form"),
            ("legal_name", "trade_name", "legal_form", "year_founded"),
        ),
        ("numbers", _("NIB, NPWP and NIK"), ("nib", "npwp", "owner_nik")),
        ("address", _("Address"), ("address", "postal_code", "province", "regency")),
        ("business", _("Sector and products"), ("sector", "kbli_codes", "products", "export_markets")),
        (
            "size",
            _("Employees, capital and sales"),
            ("employees", "capital", "annual_sales", "full_year_sales"),
        ),
        ("practices", _("Certifications and eco-innovation"), ("certifications", "eco_practices")),
        ("cooperation", _("Cooperation interests"), ("cooperation_interests",)),
        (
            "contact",
            _("Contact person"),
            ("contact_name", "contact_position", "contact_email", "contact_phone"),
        ),
        (
            "consents",
            _("Consents and language"),
            ("consent_publish", "consent_share_korea", "consent_data_processing", "language"),
        ),
    )

    capital = RupiahField(
        label=_("Business capital (Rp)"),
        required=False,
        help_text=_("Excluding land and buildings, e.g. 1.500.000.000."),
    )
    annual_sales = RupiahField(
        label=_("Annual sales (Rp)"),
        required=False,
        help_text=_("Sales of the last full year, e.g. 8.000.000.000."),
    )
    certifications = forms.MultipleChoiceField(
        label=_("Certifications"),
        choices=SME.Certification.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    cooperation_interests = forms.ModelMultipleChoiceField(
        label=_("Forms of cooperation the firm is interested in"),
        queryset=CooperationForm.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False, empty_label=_("— choose —")
    )
    regency = forms.ModelChoiceField(
        label=_("Regency or city"),
        queryset=Regency.objects.all(),
        required=False,
        widget=GroupedRegencySelect,
        help_text=_("Choose the province first; the list then shows its regencies and cities."),
    )

    class Meta:
        model = SME
        fields = (
            "legal_name",
            "trade_name",
            "legal_form",
            "year_founded",
            "nib",
            "npwp",
            "owner_nik",
            "address",
            "postal_code",
            "province",
            "regency",
            "sector",
            "kbli_codes",
            "products",
            "export_markets",
            "employees",
            "capital",
            "annual_sales",
            "full_year_sales",
            "certifications",
            "eco_practices",
            "cooperation_interests",
            "contact_name",
            "contact_position",
            "contact_email",
            "contact_phone",
            "consent_publish",
            "consent_share_korea",
            "consent_data_processing",
            "language",
        )
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "products": forms.Textarea(attrs={"rows": 3}),
            "eco_practices": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "consent_publish": _("Publish the firm's profile in the public directory once it is verified"),
            "consent_share_korea": _(
                "Share the firm's profile and documents with the Korean team (ASEIC, GBC Korea)"
            ),
            "consent_data_processing": _(
                "I agree that the ministry processes these data for the partnership programme"
            ),
        }
        help_texts = {
            "nib": _("13 digits. Firms registered before 2018 may leave it empty."),
            "npwp": _("15 digits (e.g. 01.312.166.0-091.000) or 16 digits. Required to submit."),
            "owner_nik": _("Optional. 16 digits of the owner's identity card; never shown publicly."),
            "kbli_codes": _("Five digits each, separated by commas, e.g. 25112, 28291."),
            "export_markets": _("Countries the firm already sells to, e.g. Malaysia, Korea."),
            "eco_practices": _("E.g. waste recycling, energy saving, biogas, clean production."),
            "contact_phone": _("E.g. 0812 3456 7890 or +62 812 3456 7890."),
            "full_year_sales": _(
                "Tick when the sales figure covers a full year of trading: then sales decide the size "
                "class; otherwise capital does."
            ),
            "consent_publish": _("Only the firm's name, region, sector and products; never personal data."),
            "consent_share_korea": _(
                "Needed to be considered by the Korean side. NIK and NPWP are never shared."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the consents were before this edit, to stamp when they are given.
        self.consents_before = consents_of(self.instance)
        self._allow_formatted_identifiers()
        if self.instance.status in {SME.Status.SUBMITTED, SME.Status.VERIFIED}:
            # A firm with the ministry is no longer a draft: what submission needs stays filled.
            for name in services.SUBMISSION_FIELDS:
                if name in self.fields:
                    self.fields[name].required = True
        mark_needed_to_submit(self, services.SUBMISSION_FIELDS)
        if not self.is_bound and self.instance.regency_id and not self.instance.province_id:
            self.initial["province"] = self.instance.regency_id[:2]
        self.fields["regency"].choices = self._grouped_regencies()
        self.fields["regency"].widget.attrs["data-regency-select"] = "province"
        self.fields["province"].widget.attrs["data-province-select"] = "regency"
        self.fields["sector"].empty_label = _("— choose —")
        self.fields["year_founded"].widget.attrs.update(min=1900, max=timezone.localdate().year)
        self.fields["postal_code"].widget.attrs.update(inputmode="numeric")
        self.fields["nib"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["owner_nik"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["contact_phone"].widget.attrs.update(type="tel", autocomplete="tel")
        self.fields["contact_email"].widget.attrs.update(autocomplete="email")
        for name in ("capital", "annual_sales"):
            value = self.initial.get(name)
            if value is not None and not self.is_bound:
                self.initial[name] = validators.format_rupiah(value)
        if self.initial.get("contact_phone") and not self.is_bound:
            self.initial["contact_phone"] = validators.format_phone(self.initial["contact_phone"])
        if self.initial.get("npwp") and not self.is_bound:
            # Shown as people read it; clean_npwp takes the grouped form back.
            stored = self.initial["npwp"]
            self.initial["npwp"] = validators.format_npwp(stored)
            old = validators.format_npwp15(stored)
            if old:
                self.fields["npwp"].help_text = format_html(
                    "{} {}",
                    self.fields["npwp"].help_text,
                    gettext("15-digit form: %(npwp)s.") % {"npwp": old},
                )

    @staticmethod
    def _grouped_regencies():
        groups: dict[str, list] = {}
        for regency in Regency.objects.select_related("province").order_by("province__name", "name"):
            groups.setdefault(regency.province.name, []).append((regency.pk, regency.name))
        return [("", _("— choose —")), *groups.items()]

    def sections(self):
        """The form's sections for the template: (anchor, heading, bound fields)."""
        return [(anchor, heading, [self[name] for name in names]) for anchor, heading, names in self.SECTIONS]

    def clean_owner_nik(self):
        value = (self.cleaned_data.get("owner_nik") or "").strip()
        return validators.normalize_nik(value) if value else ""

    def clean_year_founded(self):
        return validators.validate_year_founded(self.cleaned_data.get("year_founded"))

    def clean_postal_code(self):
        value = (self.cleaned_data.get("postal_code") or "").strip()
        if value and not (value.isdigit() and len(value) == 5):
            raise ValidationError(_("A postal code has five digits, e.g. 16610."), code="invalid_postal_code")
        return value

    def clean_kbli_codes(self):
        return validators.validate_kbli_codes(self.cleaned_data.get("kbli_codes") or "")

    def clean_contact_phone(self):
        value = (self.cleaned_data.get("contact_phone") or "").strip()
        return validators.normalize_phone(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        province, regency = cleaned.get("province"), cleaned.get("regency")
        if regency is not None:
            if province is None:
                # The province follows the regency.
                cleaned["province"] = regency.province
            elif regency.province_id != province.pk:
                self.add_error(
                    "regency",
                    ValidationError(
                        _(
                            "%(regency)s is not in the province %(province)s. Choose a regency or city "
                            "of %(province)s, or change the province."
                        ),
                        code="regency_outside_province",
                        params={"regency": regency.name, "province": province.name},
                    ),
                )
        return cleaned

    def save(self, commit=True):
        sme = super().save(commit=False)
        # The view records the changes with smes.consents.record_consents(form.consents_before).
        stamp_consents(sme, self.consents_before)
        if commit:
            sme.save()
            self.save_m2m()
        return sme


class DocumentForm(forms.ModelForm):
    """One document of the firm; the file is checked by its content (see ``smes.uploads``)."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    class Meta:
        model = SMEDocument
        fields = ("kind", "title", "file")
        help_texts = {"title": _("Optional, e.g. “NIB certificate 2019”.")}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_document(upload)
        return upload
