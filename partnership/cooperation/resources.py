"""Spreadsheet import and export of Korean partners (django-import-export).

One row per partner, identified by its business registration number: a row whose number is
already in the registry updates that partner, any other row adds one. Region, sector and the
cooperation forms are written as codes (``KR-11``, ``metal``, ``training``; several separated by
commas), the preferred Indonesian provinces as their two-digit Kemendagri codes.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, widgets

from partnership.cooperation.validators import normalize_brn
from partnership.lib.exports import SheetResource, column
from partnership.lib.spreadsheets import SpreadsheetResource
from partnership.models import KoreanPartner, KoreanProvince
from smes.models import CooperationForm, Province, Sector


class BRNWidget(widgets.CharWidget):
    """Reads a business registration number with or without dashes; stores ``XXX-XX-XXXXX``."""

    def clean(self, value, row=None, **kwargs):
        try:
            return normalize_brn(str(value or "").strip())
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from exc


class CodeWidget(widgets.ForeignKeyWidget):
    """A foreign key written as a code; an unknown code is a clear row error."""

    def __init__(self, model, field, label):
        super().__init__(model, field=field)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            raise ValueError(_("%(what)s is required.") % {"what": self.label})
        try:
            return self.model.objects.get(**{self.field: value})
        except self.model.DoesNotExist as exc:
            raise ValueError(
                _("Unknown %(what)s code: %(code)s.") % {"what": self.label, "code": value}
            ) from exc


class CodesWidget(widgets.ManyToManyWidget):
    """Several codes separated by commas; unknown codes are a row error instead of being dropped."""

    def __init__(self, model, field, label):
        super().__init__(model, separator=",", field=field)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        codes = [code.strip() for code in str(value or "").split(",") if code.strip()]
        if not codes:
            return self.model.objects.none()
        found = self.model.objects.filter(**{f"{self.field}__in": codes})
        unknown = sorted(set(codes) - {str(getattr(obj, self.field)) for obj in found})
        if unknown:
            raise ValueError(
                _("Unknown %(what)s code(s): %(codes)s.") % {"what": self.label, "codes": ", ".join(unknown)}
            )
        return found


class ChoiceWidget(widgets.CharWidget):
    def __init__(self, choices, label):
        super().__init__()
        self.choices = dict(choices)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if value not in self.choices:
            raise ValueError(
                _("%(what)s must be one of: %(choices)s.")
                % {"what": self.label, "choices": ", ".join(self.choices)}
            )
        return value


class BooleanOrTrueWidget(widgets.BooleanWidget):
    """An empty cell means active: a spreadsheet of new partners need not fill the column."""

    def clean(self, value, row=None, **kwargs):
        if value in ("", None):
            return True
        return super().clean(value, row=row, **kwargs)


class KoreanPartnerResource(SpreadsheetResource):
    brn = fields.Field(attribute="brn", column_name="brn", widget=BRNWidget())
    region = fields.Field(
        attribute="region", column_name="region", widget=CodeWidget(KoreanProvince, "code", "region")
    )
    sector = fields.Field(
        attribute="sector", column_name="sector", widget=CodeWidget(Sector, "code", "sector")
    )
    size = fields.Field(
        attribute="size", column_name="size", widget=ChoiceWidget(KoreanPartner.Size.choices, "size")
    )
    cooperation_forms = fields.Field(
        attribute="cooperation_forms",
        column_name="cooperation_forms",
        widget=CodesWidget(CooperationForm, "code", "cooperation form"),
    )
    preferred_provinces = fields.Field(
        attribute="preferred_provinces",
        column_name="preferred_provinces",
        widget=CodesWidget(Province, "code", "province"),
    )
    is_active = fields.Field(attribute="is_active", column_name="is_active", widget=BooleanOrTrueWidget())

    class Meta:
        model = KoreanPartner
        import_id_fields = ("brn",)
        fields = (
            "brn",
            "name_en",
            "name_ko",
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
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # A number twice in one sheet would silently make the second row overwrite the first.
        self._rows_per_brn = {}
        if "brn" not in (dataset.headers or []):
            return
        for number, raw in enumerate(dataset["brn"], start=1):
            try:
                brn = normalize_brn(str(raw or "").strip())
            except ValidationError:
                continue
            self._rows_per_brn.setdefault(brn, []).append(number)

    def before_import_row(self, row, **kwargs):
        # Find an existing partner whatever way the number was written in the sheet.
        raw = row.get("brn")
        if raw:
            try:
                row["brn"] = normalize_brn(str(raw).strip())
            except ValidationError:
                pass  # BRNWidget reports the problem on the row.

    def import_instance(self, instance, row, **kwargs):
        # import-export checks many-to-many cells only after saving the row; check them with the
        # other cells so that the preview lists every problem of a row at once.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.error_dict)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as exc:
                    errors[field.attribute] = [ValidationError(str(exc), code="invalid")]
        rows = getattr(self, "_rows_per_brn", {}).get(row.get("brn"), [])
        if len(rows) > 1:
            errors.setdefault("brn", []).append(
                ValidationError(
                    _("This number appears more than once in the file (rows %(rows)s).")
                    % {"rows": ", ".join(map(str, rows))},
                    code="duplicate_in_file",
                )
            )
        if errors:
            raise ValidationError(errors)

    def export_queryset(self, queryset):
        """Rows for the export, in a fixed number of queries whatever their number."""
        return list(
            queryset.select_related("region", "sector").prefetch_related(
                "cooperation_forms", "preferred_provinces"
            )
        )


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class BoardResource(SheetResource):
    """The proposals board's download. The column names never depend on the language: the sheet
    feeds other tools."""

    id = column("id", "pk")
    title = column("title", "title")
    status = column("status", "status")
    firm = column("firm", "roster_entry__sme__legal_name")
    firm_reference = column("firm reference", "roster_entry__sme__reference")
    firm_sector = column("firm sector", "roster_entry__sme__sector__code")
    partner = column("Korean partner", "partner__name_en")
    partner_brn = column("partner BRN", "partner__brn")
    forms = column("forms")
    proposed_by = column("proposed by", "author_side")
    created = column("created")
    submitted = column("submitted")
    decided = column("decided")
    technology = column("technology", "technology")
    investment_amount = column("investment amount", "investment_amount")
    investment_currency = column("investment currency", "investment_currency")
    trainees = column("trainees", "trainees")
    exchange_people = column("people exchanged", "exchange_people")
    outcome_invested_amount = column("invested (outcome)", "outcome_invested_amount")
    outcome_invested_currency = column("invested currency (outcome)", "outcome_invested_currency")
    outcome_people_trained = column("people trained (outcome)", "outcome_people_trained")
    outcome_staff_exchanged = column("staff exchanged (outcome)", "outcome_staff_exchanged")
    outcome_technology = column("technology transferred (outcome)", "outcome_technology")
    outcome_export_markets = column("new export markets (outcome)", "outcome_export_markets")

    def dehydrate_forms(self, proposal):
        return ", ".join(form.code for form in proposal.forms.all())

    def dehydrate_created(self, proposal):
        return _when(proposal.created_at)

    def dehydrate_submitted(self, proposal):
        return _when(proposal.submitted_at)

    def dehydrate_decided(self, proposal):
        return _when(proposal.decided_at)
