from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from partnership.lib.i18n import TranslatedName

MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)


class Sector(TranslatedName):
    """A programme sector (metal, mechanical, IT components, software, food processing, other)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kbli_codes = models.CharField(
        _("KBLI codes"), max_length=300, blank=True, help_text=_("Typical KBLI 2020 codes.")
    )
    qualifies = models.BooleanField(
        _("qualifies for the programme"), default=True, help_text=_("Off for “other”.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class CooperationForm(TranslatedName):
    """One of the four forms of cooperation: technology transfer, investment, training, exchange."""

    TECHNOLOGY_TRANSFER = "technology_transfer"
    INVESTMENT = "investment"
    TRAINING = "training"
    STAFF_EXCHANGE = "staff_exchange"

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("cooperation form")
        verbose_name_plural = _("cooperation forms")


class Province(models.Model):
    code = models.CharField(_("Kemendagri code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Regency(models.Model):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("regency (kabupaten)")
        KOTA = "kota", _("city (kota)")

    code = models.CharField(_("Kemendagri code"), max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regency or city")
        verbose_name_plural = _("regencies and cities")

    def __str__(self) -> str:
        return self.name


class SizeClass(models.TextChoices):
    """Business size per PP 7/2021 art. 35."""

    MICRO = "micro", _("micro")
    SMALL = "small", _("small")
    MEDIUM = "medium", _("medium")
    LARGE = "large", _("large (not eligible)")


# (size class, capital ceiling, annual sales ceiling) in rupiah; capital excludes land and buildings.
SIZE_THRESHOLDS = [
    (SizeClass.MICRO, 1 * BILLION, 2 * BILLION),
    (SizeClass.SMALL, 5 * BILLION, 15 * BILLION),
    (SizeClass.MEDIUM, 10 * BILLION, 50 * BILLION),
]


def size_class_for(
    *, capital: Decimal | None, annual_sales: Decimal | None, full_year_sales: bool
) -> tuple[str, str] | tuple[None, None]:
    """Return ``(size class, criterion)`` where criterion is "sales" or "capital".

    Annual sales decide for a firm that reports a full year of trading; capital otherwise (the
    criterion at establishment). ``(None, None)`` when the deciding figure is missing.
    """
    if full_year_sales and annual_sales is not None:
        criterion, amount, index = "sales", annual_sales, 2
    elif capital is not None:
        criterion, amount, index = "capital", capital, 1
    else:
        return None, None
    for row in SIZE_THRESHOLDS:
        if amount <= row[index]:
            return row[0], criterion
    return SizeClass.LARGE, criterion


def size_scale() -> list[dict]:
    """The thresholds above for the pages: the profile form's live size class (size-class.js)
    applies the same rule as :func:`size_class_for`, from this one definition."""
    return [
        {
            "size_class": str(code),
            "label": str(SizeClass(code).label),
            "capital": int(capital),
            "sales": int(sales),
        }
        for code, capital, sales in SIZE_THRESHOLDS
    ] + [
        {
            "size_class": str(SizeClass.LARGE),
            "label": str(SizeClass.LARGE.label),
            "capital": None,
            "sales": None,
        }
    ]


class SMEQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=SME.Status.VERIFIED)

    def awaiting_verification(self):
        """Submitted firms waiting for the ministry's decision, the oldest submission first."""
        return self.filter(status=SME.Status.SUBMITTED).order_by("submitted_at", "pk")

    def published(self):
        """Verified firms that consented to appear in the public directory."""
        return self.verified().filter(consent_publish=True)

    def in_regions(self, *, provinces=(), regencies=()):
        return self.filter(Q(province__in=provinces) | Q(regency__in=regencies))


class SME(models.Model):
    """An Indonesian SME (UKM) and its registration."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        NEEDS_INFO = "needs_info", _("more information needed")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")

    # The states from which the owner submits the firm, and those that reached the ministry (the
    # dashboard's "registered": this step or beyond).
    SUBMITTABLE = (Status.DRAFT, Status.NEEDS_INFO)
    SUBMITTED_OR_BEYOND = (Status.SUBMITTED, Status.NEEDS_INFO, Status.VERIFIED, Status.REJECTED)

    # The Bootstrap colour that backs up each status word on a badge (the word is always shown).
    STATUS_COLOURS = {
        Status.DRAFT: "secondary",
        Status.SUBMITTED: "primary",
        Status.NEEDS_INFO: "warning",
        Status.VERIFIED: "success",
        Status.REJECTED: "danger",
    }

    class LegalForm(models.TextChoices):
        PT = "pt", _("PT (limited liability company)")
        CV = "cv", _("CV (limited partnership)")
        UD = "ud", _("UD (trading business)")
        FIRMA = "firma", _("Firma (partnership)")
        KOPERASI = "koperasi", _("Koperasi (cooperative)")
        PERORANGAN = "perorangan", _("Sole proprietorship (perorangan)")

    class Certification(models.TextChoices):
        HALAL = "halal", _("Halal")
        SNI = "sni", _("SNI (Indonesian National Standard)")
        ISO9001 = "iso9001", _("ISO 9001")
        ISO14001 = "iso14001", _("ISO 14001")

    class Language(models.TextChoices):
        ID = "id", "Bahasa Indonesia"
        EN = "en", "English"
        KO = "ko", "한국어"

    # Who and where
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sme",
        verbose_name=_("owner account"),
    )
    reference = models.CharField(
        _("reference number"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ID
    )

    # Identity and legal form
    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=12, choices=LegalForm.choices)
    nib = models.CharField(
        _("NIB"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        help_text=_("13 digits. Firms registered before 2018 may have none."),
    )
    npwp = models.CharField(
        _("NPWP"), max_length=16, unique=True, null=True, blank=True, help_text=_("Stored as 16 digits.")
    )
    owner_nik = models.CharField(
        _("NIK of the owner"), max_length=16, blank=True, help_text=_("Never shown publicly.")
    )
    year_founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)

    # Address
    address = models.TextField(_("street address"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    regency = models.ForeignKey(
        Regency, models.PROTECT, null=True, blank=True, related_name="smes", verbose_name=_("regency or city")
    )
    # Kept with the regency (always its province) so that directory filters use an index.
    province = models.ForeignKey(
        Province, models.PROTECT, null=True, blank=True, related_name="smes", verbose_name=_("province")
    )

    # Business
    sector = models.ForeignKey(
        Sector, models.PROTECT, null=True, blank=True, related_name="smes", verbose_name=_("primary sector")
    )
    kbli_codes = models.CharField(_("KBLI codes"), max_length=200, blank=True)
    products = models.TextField(_("products and services"), blank=True)
    employees = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    capital = models.DecimalField(
        _("business capital (Rp)"),
        max_digits=18,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("Excluding land and buildings."),
    )
    annual_sales = models.DecimalField(
        _("annual sales (Rp)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    full_year_sales = models.BooleanField(_("the sales figure covers a full year of trading"), default=True)
    size_class = models.CharField(
        _("size class"), max_length=8, choices=SizeClass.choices, blank=True, db_index=True
    )
    size_criterion = models.CharField(
        _("size criterion applied"),
        max_length=8,
        choices=[("sales", _("annual sales")), ("capital", _("capital"))],
        blank=True,
    )
    certifications = models.JSONField(_("certifications"), default=list, blank=True)
    export_markets = models.CharField(_("export markets"), max_length=300, blank=True)
    eco_practices = models.TextField(_("eco-innovation practices"), blank=True)
    cooperation_interests = models.ManyToManyField(
        CooperationForm, blank=True, related_name="smes", verbose_name=_("cooperation interests")
    )

    # Contact person
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_position = models.CharField(_("position"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, help_text=_("Stored in E.164, e.g. +6281234567890.")
    )

    # Consents, each with the moment it was given
    consent_publish = models.BooleanField(_("publish in the public directory"), default=False)
    consent_publish_at = models.DateTimeField(_("publication consent given at"), null=True, blank=True)
    consent_share_korea = models.BooleanField(_("share the profile with the Korean team"), default=False)
    consent_share_korea_at = models.DateTimeField(_("sharing consent given at"), null=True, blank=True)
    consent_data_processing = models.BooleanField(_("agrees to the processing of the data"), default=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    # Set when the personal data were erased (a request, or the retention period of a rejected
    # registration or abandoned draft); the de-identified programme facts stay.
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = SMEQuerySet.as_manager()

    # Every change kept with who and when (django-simple-history; the admin shows the difference).
    history = HistoricalRecords()

    class Meta:
        ordering = ["legal_name", "id"]
        verbose_name = _("SME")
        verbose_name_plural = _("SMEs")
        indexes = [
            models.Index(fields=["status", "consent_publish", "legal_name", "id"], name="sme_directory_idx"),
            models.Index(fields=["province", "status"], name="sme_province_status_idx"),
            models.Index(fields=["regency", "status"], name="sme_regency_status_idx"),
            models.Index(fields=["sector", "status"], name="sme_sector_status_idx"),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def save(self, *args, **kwargs):
        # Derived fields kept in step with their sources; no side effects beyond this row.
        self.size_class, self.size_criterion = (
            value or ""
            for value in size_class_for(
                capital=self.capital, annual_sales=self.annual_sales, full_year_sales=self.full_year_sales
            )
        )
        if self.regency_id:
            self.province_id = self.regency_id[:2]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("smes:public_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.trade_name or self.legal_name

    @property
    def is_eligible_size(self) -> bool:
        return self.size_class in {SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM}

    @property
    def npwp_display(self) -> str:
        """The NPWP in groups of four digits, for reading."""
        from .validators import format_npwp

        return format_npwp(self.npwp or "")

    @property
    def npwp_old_display(self) -> str:
        """The familiar 15-digit form of the NPWP, shown next to the 16-digit one."""
        from .validators import format_npwp15

        return format_npwp15(self.npwp or "")

    @property
    def certification_labels(self) -> list[str]:
        labels = dict(self.Certification.choices)
        return [str(labels.get(code, code)) for code in self.certifications]

    @property
    def status_colour(self) -> str:
        """The colour of the firm's status badge (``templates/smes/includes/status_badge.html``)."""
        return self.STATUS_COLOURS.get(self.status, "secondary")

    def mail_recipients(self) -> list[str]:
        """The addresses every e-mail about the firm goes to: its contact person and its owner.

        Sorted and without blanks or repeats; empty when the firm has neither.
        """
        emails = {self.contact_email}
        if self.owner_id and self.owner.email:
            emails.add(self.owner.email)
        return sorted(email for email in emails if email)

    def notified_users(self) -> list:
        """The accounts that get the portal's notification of every e-mail about the firm."""
        return [self.owner] if self.owner_id else []


def document_upload_to(instance: "SMEDocument", filename: str) -> str:
    # The stored name never reuses the uploaded name: no path tricks, no guessable URLs.
    import uuid

    return f"documents/{instance.sme_id}/{uuid.uuid4().hex}.{instance.extension}"


class SMEDocument(models.Model):
    class Kind(models.TextChoices):
        NIB = "nib", _("NIB certificate")
        NPWP = "npwp", _("NPWP card")
        DEED = "deed", _("Deed of establishment")
        PROFILE = "profile", _("Company profile")
        CATALOGUE = "catalogue", _("Product catalogue")
        CERTIFICATE = "certificate", _("Certificate (halal, SNI, ISO)")
        PHOTO = "photo", _("Photo of the premises or products")
        OTHER = "other", _("Other")

    EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

    sme = models.ForeignKey(SME, models.PROTECT, related_name="documents", verbose_name=_("SME"))
    kind = models.CharField(_("kind of document"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    is_archived = models.BooleanField(_("archived"), default=False)

    # Every change kept with who and when (django-simple-history; the admin shows the difference).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("SME document")
        verbose_name_plural = _("SME documents")

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "bin")


class TimelineEvent(models.Model):
    """One move on a firm's timeline (registration, roster, shortlist, survey visit, proposal)."""

    class Workflow(models.TextChoices):
        REGISTRATION = "registration", _("registration")
        ROSTER = "roster", _("roster")
        SHORTLIST = "shortlist", _("shortlist")
        VISIT = "visit", _("survey visit")
        SELECTION = "selection", _("selection")
        PROPOSAL = "proposal", _("cooperation proposal")

    sme = models.ForeignKey(SME, models.PROTECT, related_name="events", verbose_name=_("SME"))
    workflow = models.CharField(_("workflow"), max_length=12, choices=Workflow.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("timeline", "by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    # Human-readable context, e.g. the programme or stage the move belongs to.
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    # Whether the SME itself may read the note (internal staff notes stay internal).
    visible_to_sme = models.BooleanField(_("visible to the SME"), default=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.sme_id}: {self.workflow} {self.from_state} → {self.to_state}"

    @property
    def from_label(self) -> str:
        return state_label(self.workflow, self.from_state)

    @property
    def to_label(self) -> str:
        return state_label(self.workflow, self.to_state)


# Where each workflow keeps the labels of its states (app label, model with a ``Status``).
_STATE_SOURCES = {
    TimelineEvent.Workflow.REGISTRATION: ("smes", "SME"),
    TimelineEvent.Workflow.ROSTER: ("partnership", "RosterEntry"),
    TimelineEvent.Workflow.SHORTLIST: ("partnership", "RosterEntry"),
    TimelineEvent.Workflow.SELECTION: ("partnership", "RosterEntry"),
    TimelineEvent.Workflow.VISIT: ("surveys", "SurveyVisit"),
    TimelineEvent.Workflow.PROPOSAL: ("partnership", "CooperationProposal"),
}

# States that are not a model's status (e.g. a firm taken off a stage's shortlist).
_EXTRA_STATE_LABELS = {
    "removed": _("removed from the shortlist"),
    "created": _("created"),
}


def state_label(workflow: str, state: str) -> str:
    """The translated label of ``state`` in ``workflow``; the code itself when unknown."""
    if not state:
        return ""
    source = _STATE_SOURCES.get(workflow)
    if source:
        from django.apps import apps

        try:
            status = apps.get_model(*source).Status
        except (LookupError, AttributeError):
            status = None
        if status is not None and state in status.values:
            return str(status(state).label)
    if state in _EXTRA_STATE_LABELS:
        return str(_EXTRA_STATE_LABELS[state])
    return state.replace("_", " ")


class ConsentChange(models.Model):
    """One change of a consent of a firm, with its moment (UU 27/2022: consent can be withdrawn).

    Written only by :func:`smes.consents.record_consents`; never changed afterwards.
    """

    class Consent(models.TextChoices):
        PUBLISH = "consent_publish", _("publish in the public directory")
        SHARE_KOREA = "consent_share_korea", _("share the profile with the Korean team")

    class Source(models.TextChoices):
        REGISTRATION = "registration", _("registration or profile form")
        RIGHTS_PAGE = "rights_page", _("the firm's privacy page")
        ADMIN = "admin", _("administration")
        IMPORT = "import", _("spreadsheet import")
        ERASURE = "erasure", _("erasure of the personal data")
        DEMO = "demo", _("demonstration data")

    sme = models.ForeignKey(SME, models.PROTECT, related_name="consent_changes", verbose_name=_("SME"))
    consent = models.CharField(_("consent"), max_length=24, choices=Consent.choices)
    given = models.BooleanField(_("given"))
    at = models.DateTimeField(_("when"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("timeline", "by"),
    )
    source = models.CharField(_("where"), max_length=16, choices=Source.choices)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("consent change")
        verbose_name_plural = _("consent changes")

    def __str__(self) -> str:
        return f"{self.sme_id}: {self.consent} {'+' if self.given else '-'} {self.at:%Y-%m-%d %H:%M}"
