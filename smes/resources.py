"""Spreadsheet import and export of firms (django-import-export), used by the admin and the staff list.

Import is for new firms only. Every row is checked with the shared validators (NPWP, NIB, phone,
e-mail, amounts, regency, sector, KBLI, cooperation forms) and against duplicates, both within the
file and in the database, before anything is written. A bad row is not imported: the preview lists
it with its row number and every reason, and confirming imports the good rows only. Each imported
firm enters the registration workflow through ``smes.services`` ("submitted" unless the file says
"draft" or "verified"), which writes its timeline event and reference number.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from partnership.lib.spreadsheets import SpreadsheetResource

from . import consents, services, validators
from .models import SME, ConsentChange, CooperationForm, Regency, Sector, size_class_for

S = SME.Status

# The statuses a file may ask for; anything else goes through the workflow by hand.
IMPORT_STATUSES = (S.DRAFT, S.SUBMITTED, S.VERIFIED)
TRUE_WORDS = {"1", "true", "yes", "y", "ya", "x", "✓", "benar", "예"}
FALSE_WORDS = {"", "0", "false", "no", "n", "tidak", "t", "salah", "아니오"}
BOOLEAN_COLUMNS = ("full_year_sales", "consent_publish", "consent_share_korea", "consent_data_processing")


class CodeListWidget(widgets.Widget):
    """A list of codes kept in a JSON list field, written "halal, iso9001" in the sheet."""

    def clean(self, value, row=None, **kwargs):
        return [code for code in (c.strip().lower() for c in str(value or "").split(",")) if code]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


def _cell_text(value) -> str:
    """A cell as text. Spreadsheets turn long digit strings into numbers; undo that."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


class SMEResource(SpreadsheetResource):
    reference = fields.Field(attribute="reference", column_name="reference", readonly=True)
    status = fields.Field(attribute="status", column_name="status")
    regency = fields.Field(
        attribute="regency", column_name="regency", widget=widgets.ForeignKeyWidget(Regency, "code")
    )
    regency_name = fields.Field(attribute="regency__name", column_name="regency_name", readonly=True)
    province_name = fields.Field(attribute="province__name", column_name="province_name", readonly=True)
    sector = fields.Field(
        attribute="sector", column_name="sector", widget=widgets.ForeignKeyWidget(Sector, "code")
    )
    # Numbers are written as plain numbers (2004, 1500000000), not in the reader's locale
    # (2.004, 1.500.000.000), so that spreadsheets and a re-import read them as numbers.
    year_founded = fields.Field(
        attribute="year_founded",
        column_name="year_founded",
        widget=widgets.IntegerWidget(coerce_to_string=False),
    )
    employees = fields.Field(
        attribute="employees", column_name="employees", widget=widgets.IntegerWidget(coerce_to_string=False)
    )
    capital = fields.Field(
        attribute="capital", column_name="capital", widget=widgets.DecimalWidget(coerce_to_string=False)
    )
    annual_sales = fields.Field(
        attribute="annual_sales",
        column_name="annual_sales",
        widget=widgets.DecimalWidget(coerce_to_string=False),
    )
    size_class = fields.Field(attribute="size_class", column_name="size_class", readonly=True)
    certifications = fields.Field(
        attribute="certifications", column_name="certifications", widget=CodeListWidget()
    )
    cooperation_interests = fields.Field(
        attribute="cooperation_interests",
        column_name="cooperation_interests",
        widget=widgets.ManyToManyWidget(CooperationForm, separator=",", field="code"),
    )

    class Meta:
        model = SME
        name = gettext_lazy("Firms (SMEs)")
        force_init_instance = True  # import creates firms; it never updates one
        use_transactions = True  # the preview is a real import rolled back
        skip_unchanged = False
        report_skipped = False  # rows not imported are listed with their reasons instead
        fields = (
            "reference",
            "status",
            "legal_name",
            "trade_name",
            "legal_form",
            "nib",
            "npwp",
            "year_founded",
            "address",
            "postal_code",
            "regency",
            "regency_name",
            "province_name",
            "sector",
            "kbli_codes",
            "products",
            "employees",
            "capital",
            "annual_sales",
            "full_year_sales",
            "size_class",
            "certifications",
            "export_markets",
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
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rejected_rows: list[dict] = []
        self._problems: list[str] = []

    # --- export --------------------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("regency", "province", "sector").prefetch_related(
            "cooperation_interests"
        )

    # --- import: checks ------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.rejected_rows = []
        self._regencies = set(Regency.objects.values_list("code", flat=True))
        self._sectors = set(Sector.objects.values_list("code", flat=True))
        self._forms = set(CooperationForm.objects.values_list("code", flat=True))
        # First row of the file that used each NIB / NPWP, to name it in a duplicate's message.
        self._seen_nib: dict[str, int] = {}
        self._seen_npwp: dict[str, int] = {}
        # The NIBs and NPWPs of the file already registered, in one query.
        nibs, npwps = set(), set()
        headers = dataset.headers or []
        for data_row in dataset:
            row = dict(zip(headers, data_row, strict=False))
            try:
                nibs.add(validators.normalize_nib(_cell_text(row.get("nib"))))
            except ValidationError:
                pass
            try:
                npwps.add(validators.normalize_npwp(self._npwp_text(row.get("npwp"))))
            except ValidationError:
                pass
        existing = SME.objects.filter(Q(nib__in=nibs) | Q(npwp__in=npwps)).values_list(
            "nib", "npwp", "legal_name"
        )
        self._registered_nib = {nib: name for nib, _npwp, name in existing if nib in nibs}
        self._registered_npwp = {npwp: name for _nib, npwp, name in existing if npwp in npwps}

    @staticmethod
    def _npwp_text(value) -> str:
        text = _cell_text(value)
        # An NPWP typed into a number cell lost its leading zeros (15 digits, or 16 with a leading 0).
        if not isinstance(value, str) and text.isdigit() and len(text) < 15:
            text = text.zfill(15)
        return text

    def before_import_row(self, row, **kwargs):
        """Normalise the row in place with the shared validators and collect what is wrong."""
        self._problems = problems = []

        def problem(column: str, message) -> None:
            problems.append(f"{column}: {message}")

        def clean(column: str, function, value):
            try:
                row[column] = function(value)
            except ValidationError as error:
                for message in _messages(error):
                    problem(column, message)

        if not any(_cell_text(value) for value in row.values()):
            self._problems = None  # an empty line: skipped without a word
            return
        # The line in the spreadsheet, as people see it: the header is line 1.
        number = (kwargs.get("row_number") or 0) + 1
        self._line = number

        for column in list(row):
            if column not in ("npwp", "nib"):
                row[column] = _cell_text(row[column])

        if not row.get("legal_name"):
            problem("legal_name", _("The legal name is required."))
        legal_forms = {value for value, _label in SME.LegalForm.choices}
        row["legal_form"] = (row.get("legal_form") or "").lower()
        if row["legal_form"] not in legal_forms:
            problem(
                "legal_form",
                _("Unknown legal form “%(value)s”; use one of: %(choices)s.")
                % {"value": row["legal_form"], "choices": ", ".join(sorted(legal_forms))},
            )

        status = (row.get("status") or S.SUBMITTED).lower()
        row["status"] = status
        if status not in IMPORT_STATUSES:
            problem(
                "status",
                _("A firm can be imported as %(choices)s, not as “%(value)s”.")
                % {"choices": ", ".join(IMPORT_STATUSES), "value": status},
            )

        nib = _cell_text(row.get("nib"))
        row["nib"] = None
        if nib:
            clean("nib", validators.normalize_nib, nib)
            if row["nib"] in self._registered_nib:
                problem(
                    "nib",
                    _("This NIB is already registered (%(name)s).")
                    % {"name": self._registered_nib[row["nib"]]},
                )
            elif row["nib"] in self._seen_nib:
                problem(
                    "nib", _("Same NIB as line %(row)d of this file.") % {"row": self._seen_nib[row["nib"]]}
                )
            elif row["nib"]:
                self._seen_nib[row["nib"]] = number

        npwp = self._npwp_text(row.get("npwp"))
        row["npwp"] = None
        if npwp:
            clean("npwp", validators.normalize_npwp, npwp)
            if row["npwp"] in self._registered_npwp:
                problem(
                    "npwp",
                    _("This NPWP is already registered (%(name)s).")
                    % {"name": self._registered_npwp[row["npwp"]]},
                )
            elif row["npwp"] in self._seen_npwp:
                problem(
                    "npwp",
                    _("Same NPWP as line %(row)d of this file.") % {"row": self._seen_npwp[row["npwp"]]},
                )
            elif row["npwp"]:
                self._seen_npwp[row["npwp"]] = number

        if row.get("regency") and row["regency"] not in self._regencies:
            problem(
                "regency",
                _("Unknown regency code “%(value)s” (use the 4-digit Kemendagri code).")
                % {"value": row["regency"]},
            )
        if not row.get("regency"):
            row["regency"] = None
        if row.get("sector"):
            row["sector"] = row["sector"].lower()
            if row["sector"] not in self._sectors:
                problem(
                    "sector",
                    _("Unknown sector code “%(value)s”; use one of: %(choices)s.")
                    % {"value": row["sector"], "choices": ", ".join(sorted(self._sectors))},
                )
        else:
            row["sector"] = None

        if row.get("cooperation_interests"):
            codes = [c.strip().lower() for c in row["cooperation_interests"].split(",") if c.strip()]
            unknown = [code for code in codes if code not in self._forms]
            if unknown:
                problem(
                    "cooperation_interests",
                    _("Unknown cooperation forms: %(codes)s; use: %(choices)s.")
                    % {"codes": ", ".join(unknown), "choices": ", ".join(sorted(self._forms))},
                )
            row["cooperation_interests"] = ",".join(codes)
        if row.get("certifications"):
            known = {value for value, _label in SME.Certification.choices}
            codes = CodeListWidget().clean(row["certifications"])
            unknown = [code for code in codes if code not in known]
            if unknown:
                problem(
                    "certifications",
                    _("Unknown certifications: %(codes)s; use: %(choices)s.")
                    % {"codes": ", ".join(unknown), "choices": ", ".join(sorted(known))},
                )

        if row.get("contact_phone"):
            clean("contact_phone", validators.normalize_phone, row["contact_phone"])
        if row.get("contact_email"):
            clean("contact_email", lambda v: validate_email(v) or v, row["contact_email"])
        if row.get("kbli_codes"):
            clean("kbli_codes", validators.validate_kbli_codes, row["kbli_codes"])
        for column in ("capital", "annual_sales"):
            if column in row:
                clean(column, validators.parse_rupiah, row[column])
        for column in ("year_founded", "employees"):
            value = row.get(column)
            if value in (None, ""):
                row[column] = None
            elif not str(value).isdigit():
                problem(column, _("Enter a whole number."))
            else:
                row[column] = int(value)
        if row.get("year_founded") is not None and str(row["year_founded"]).isdigit():
            clean("year_founded", validators.validate_year_founded, row["year_founded"])
        for column in BOOLEAN_COLUMNS:
            if column in row:
                word = str(row[column]).strip().lower()
                if word in TRUE_WORDS:
                    row[column] = "1"
                elif word in FALSE_WORDS:
                    row[column] = "0"
                else:
                    problem(column, _("Write 1 (yes) or 0 (no), not “%(value)s”.") % {"value": row[column]})
        if row.get("language") and row["language"] not in {code for code, _label in SME.Language.choices}:
            problem("language", _("Use id, en or ko."))
        elif not row.get("language"):
            row["language"] = SME.Language.ID

    def import_instance(self, instance, row, **kwargs):
        if self._problems is None or self._problems:
            return  # a bad row: its values are not read into a firm
        super().import_instance(instance, row, **kwargs)
        instance.status = S.DRAFT  # the workflow moves it on once it is saved
        self._consents_before = consents.consents_of(SME.objects.filter(pk=instance.pk).first())
        consents.stamp_consents(instance, self._consents_before)
        if row.get("status", S.SUBMITTED) != S.DRAFT:
            # The same rules as a firm that submits itself (required fields, consent, size).
            instance.size_class = size_class_for(
                capital=instance.capital,
                annual_sales=instance.annual_sales,
                full_year_sales=instance.full_year_sales,
            )[0]
            self._problems.extend(services.submission_problems(instance))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return self._problems is None or bool(self._problems) or bool(import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        user = kwargs.get("user")
        consents.record_consents(
            instance, getattr(self, "_consents_before", {}), by=user, source=ConsentChange.Source.IMPORT
        )
        note = _("Imported from a spreadsheet.")
        target = row.get("status") or S.SUBMITTED
        if target == S.DRAFT:
            services.record_event(instance, workflow="registration", to_state=S.DRAFT, by=user, note=note)
            return
        moved = services.move(instance, S.SUBMITTED, by=user, note=note)
        if target == S.VERIFIED:
            moved = services.verify(moved, by=user, note=note)
        # The preview shows the firm as the workflow left it.
        instance.status, instance.reference = moved.status, moved.reference

    def after_import_row(self, row, row_result, **kwargs):
        if self._problems:
            row_result.problems = list(self._problems)
            self.rejected_rows.append(
                {
                    "number": self._line,
                    "name": row.get("legal_name") or "—",
                    "problems": list(self._problems),
                }
            )

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.rejected_rows = list(self.rejected_rows)
