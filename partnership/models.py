from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from partnership.lib import versioned_cache
from partnership.lib.capacity import Fill
from partnership.lib.i18n import active_language, localized
from smes.models import SME, CooperationForm, Province, Sector


class Programme(models.Model):
    """A partnership programme, e.g. "ASEIC – Kemenkop UKM SME Partnership" (2015)."""

    # The title as the programme publishes it (Indonesian), with its English and Korean titles.
    name = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    capacity = models.PositiveSmallIntegerField(_("roster capacity"), default=100)
    story_en = models.TextField(_("story (English)"), blank=True)
    story_id = models.TextField(_("story (Indonesian)"), blank=True)
    story_ko = models.TextField(_("story (Korean)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The title in the reader's language (the Indonesian one when it has no other)."""
        return localized(self, "name")

    def places_taken(self) -> int:
        """Places taken on the roster: its live entries (every state but withdrawn). One query."""
        return self.roster.live().count()

    def fill(self) -> Fill:
        """Places taken of the roster's capacity (the fill bar, the "roster is full" notices)."""
        return Fill(taken=self.places_taken(), capacity=self.capacity)

    @property
    def story(self) -> str:
        language = active_language()
        return getattr(self, f"story_{language}", "") or self.story_en


def active_roster_fill() -> Fill | None:
    """The fill level of the active programme's roster; ``None`` without an active programme."""
    programme = Programme.objects.filter(is_active=True).first()
    return programme.fill() if programme is not None else None


def shared_with_korean_team(prefix: str = "") -> Q:
    """What the Korean team may see of a firm: the one definition, for every page, export and query.

    A roster entry that holds its place (not withdrawn) of a firm that consented to sharing its
    profile with the Korean side. ``prefix`` leads from the queried model to the roster entry
    (``"roster_entry__"`` from a shortlist entry or a proposal). The predicate for one object is
    :attr:`RosterEntry.is_shared_with_korean_team`.
    """
    return Q(**{f"{prefix}status__in": RosterEntry.LIVE_STATUSES, f"{prefix}sme__consent_share_korea": True})


class RosterEntryQuerySet(models.QuerySet):
    def live(self):
        """Entries that hold a place on the roster (everything but withdrawn)."""
        return self.filter(status__in=RosterEntry.LIVE_STATUSES)

    def shared_with_korean_team(self):
        return self.filter(shared_with_korean_team())


class RosterEntry(models.Model):
    """A verified SME on a programme's roster of candidates."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("candidate")
        SHORTLISTED = "shortlisted", _("shortlisted")
        SURVEYED = "surveyed", _("surveyed")
        SELECTED = "selected", _("selected")
        NOT_SELECTED = "not_selected", _("not selected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    programme = models.ForeignKey(
        Programme, models.PROTECT, related_name="roster", verbose_name=_("programme")
    )
    sme = models.ForeignKey(SME, models.PROTECT, related_name="roster_entries", verbose_name=_("SME"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CANDIDATE, db_index=True
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    selection_justification = models.TextField(_("justification of the selection"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RosterEntryQuerySet.as_manager()

    # The selection's decisions, the states that "reached" each step of the pipeline (this step or
    # beyond: the funnel, the firm's progress card), and those that hold a place on the roster.
    DECISIONS = (Status.SELECTED, Status.NOT_SELECTED)
    SURVEYED_OR_BEYOND = (Status.SURVEYED, *DECISIONS)
    SHORTLISTED_OR_BEYOND = (Status.SHORTLISTED, *SURVEYED_OR_BEYOND)
    LIVE_STATUSES = (Status.CANDIDATE, *SHORTLISTED_OR_BEYOND)
    STEP_REACHED = {
        "roster": LIVE_STATUSES,
        "shortlist": SHORTLISTED_OR_BEYOND,
        "survey": SURVEYED_OR_BEYOND,
        "selection": DECISIONS,
    }

    # Every change kept with who and when (django-simple-history; the admin shows the difference).
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "sme__legal_name"]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        constraints = [
            models.UniqueConstraint(fields=["programme", "sme"], name="roster_unique_sme"),
        ]

    def __str__(self) -> str:
        return f"{self.sme} @ {self.programme}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def is_shared_with_korean_team(self) -> bool:
        """The predicate of :func:`shared_with_korean_team` for this entry."""
        return self.is_live and self.sme.consent_share_korea


def shared_with_korean_firms(prefix: str = "") -> Q:
    """Which Indonesian firms a verified Korean firm may find: the one definition.

    Not the Korean team's rule (:func:`shared_with_korean_team`): a Korean firm is not the
    programme's team, so it sees a firm only when the firm is verified, consented to sharing with
    the Korean side and consented to a public profile, and it sees only that public profile (no
    contact person, e-mail, phone, NIK, NPWP or document). No roster place is needed. Withdrawing
    either consent hides the firm at once. ``prefix`` leads from the queried model to the firm.
    """
    return Q(
        **{
            f"{prefix}status": SME.Status.VERIFIED,
            f"{prefix}consent_share_korea": True,
            f"{prefix}consent_publish": True,
        }
    )


def sme_is_shared_with_korean_team(sme: SME) -> bool:
    """The registry's question "may the Korean team see this firm?" (smes.permissions asks it)."""
    # Without the consent there is nothing to look up.
    return sme.consent_share_korea and RosterEntry.objects.shared_with_korean_team().filter(sme=sme).exists()


class KoreanProvince(models.Model):
    """A first-level division of South Korea (ISO 3166-2:KR)."""

    code = models.CharField(_("ISO code"), max_length=5, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Korean province")
        verbose_name_plural = _("Korean provinces")

    def __str__(self) -> str:
        return self.name_ko if active_language() == "ko" else self.name_en


class KoreanPartner(models.Model):
    """A Korean SME that may cooperate with Indonesian firms."""

    class Size(models.TextChoices):
        SMALL = "small", _("small enterprise")
        MEDIUM = "medium", _("medium enterprise")
        MIDDLE = "middle", _("middle-market enterprise")
        LARGE = "large", _("large enterprise")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        NEEDS_INFO = "needs_info", _("more information needed")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")

    STATUS_COLOURS = {
        Status.SUBMITTED: "primary",
        Status.NEEDS_INFO: "warning",
        Status.VERIFIED: "success",
        Status.REJECTED: "danger",
    }

    class Language(models.TextChoices):
        KOREAN = "ko", "한국어"
        ENGLISH = "en", "English"

    name_ko = models.CharField(_("company name (Korean)"), max_length=200)
    name_en = models.CharField(_("company name (English)"), max_length=200)
    brn = models.CharField(
        _("business registration number"), max_length=12, unique=True, help_text="XXX-XX-XXXXX"
    )
    region = models.ForeignKey(
        KoreanProvince, models.PROTECT, related_name="partners", verbose_name=_("region")
    )
    sector = models.ForeignKey(
        Sector, models.PROTECT, related_name="korean_partners", verbose_name=_("sector")
    )
    size = models.CharField(_("size"), max_length=8, choices=Size.choices)
    offers = models.TextField(_("products or technologies offered"), blank=True)
    needs = models.TextField(_("what it looks for"), blank=True)
    cooperation_forms = models.ManyToManyField(
        CooperationForm, blank=True, related_name="korean_partners", verbose_name=_("cooperation forms")
    )
    preferred_provinces = models.ManyToManyField(
        Province, blank=True, related_name="+", verbose_name=_("preferred Indonesian provinces")
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # A firm that registers itself is inactive until staff verify it (partnership.partners);
    # the records staff keep are verified from the start.
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VERIFIED, db_index=True
    )
    language = models.CharField(
        _("language of e-mails"), max_length=2, choices=Language.choices, default=Language.KOREAN
    )
    consent_contact_at = models.DateTimeField(_("contact person's consent given at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Every change kept with who and when (django-simple-history; the admin shows the difference).
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("Korean partner")
        verbose_name_plural = _("Korean partners")

    def __str__(self) -> str:
        return self.name_ko if active_language() == "ko" else self.name_en

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED and self.is_active

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "secondary")

    def mail_recipients(self) -> list[str]:
        """The firm's contact and its users: every mail about a Korean firm goes to them."""
        addresses = [self.contact_email] if self.contact_email else []
        for member in self.members.select_related("user"):
            if member.user.email and member.user.email not in addresses:
                addresses.append(member.user.email)
        return addresses

    def notified_users(self) -> list:
        return [member.user for member in self.members.select_related("user") if member.user.is_active]


class PartnerMember(models.Model):
    """A user account of a Korean firm (one firm per account; one administrator per firm)."""

    partner = models.ForeignKey(
        KoreanPartner, models.PROTECT, related_name="members", verbose_name=_("Korean partner")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="partner_membership", verbose_name=_("user")
    )
    is_admin = models.BooleanField(_("the firm's administrator"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("Korean firm user")
        verbose_name_plural = _("Korean firm users")
        constraints = [
            models.UniqueConstraint(
                fields=["partner"], condition=Q(is_admin=True), name="one_admin_per_korean_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.partner}"


class PartnerInvitation(models.Model):
    """An invitation to an e-mail address to become a user of a Korean firm: staff invite a record
    they keep to claim its account, the firm's administrator invites colleagues. The link in the
    mail is signed and expires (``partnership.partners.invitations``); it works once."""

    partner = models.ForeignKey(
        KoreanPartner, models.PROTECT, related_name="invitations", verbose_name=_("Korean partner")
    )
    email = models.EmailField(_("e-mail"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.partner}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class PartnerEvent(models.Model):
    """One line of a Korean firm's timeline (its registration and verification)."""

    partner = models.ForeignKey(
        KoreanPartner, models.PROTECT, related_name="events", verbose_name=_("Korean partner")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("timeline", "by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    from_state = models.CharField(_("from"), max_length=12, blank=True)
    to_state = models.CharField(_("to"), max_length=12)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("Korean firm timeline event")
        verbose_name_plural = _("Korean firm timeline events")

    def __str__(self) -> str:
        return f"{self.partner} {self.from_state} → {self.to_state}"

    @property
    def to_label(self) -> str:
        return (
            KoreanPartner.Status(self.to_state).label if self.to_state in KoreanPartner.Status.values else ""
        )


class CooperationProposal(models.Model):
    """A proposed cooperation between a roster firm and a Korean partner."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        UNDER_REVIEW = "under_review", _("under review")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        ACTIVE = "active", pgettext_lazy("proposal status", "active")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Side(models.TextChoices):
        SME = "sme", _("the Indonesian SME")
        KOREAN_TEAM = "korean_team", _("the Korean team")
        STAFF = "staff", _("ministry staff")

    class Currency(models.TextChoices):
        IDR = "IDR", "IDR"
        KRW = "KRW", "KRW"
        USD = "USD", "USD"

    class Direction(models.TextChoices):
        TO_KOREA = "to_korea", _("Indonesian staff to Korea")
        TO_INDONESIA = "to_indonesia", _("Korean staff to Indonesia")
        BOTH = "both", _("both ways")

    roster_entry = models.ForeignKey(
        RosterEntry, models.PROTECT, related_name="proposals", verbose_name=_("roster firm")
    )
    partner = models.ForeignKey(
        KoreanPartner, models.PROTECT, related_name="proposals", verbose_name=_("Korean partner")
    )
    forms = models.ManyToManyField(
        CooperationForm, related_name="proposals", verbose_name=_("forms of cooperation")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="authored_proposals", verbose_name=_("author")
    )
    author_side = models.CharField(_("proposed by"), max_length=12, choices=Side.choices)

    # Technology transfer
    technology = models.CharField(_("technology"), max_length=200, blank=True)
    transfer_mode = models.CharField(
        _("form of transfer"),
        max_length=200,
        blank=True,
        help_text=_("e.g. licence, joint development, know-how"),
    )
    # Investment
    investment_amount = models.DecimalField(
        _("investment amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    investment_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    investment_form = models.CharField(
        _("form of investment"),
        max_length=200,
        blank=True,
        help_text=_("e.g. equity, joint venture, equipment"),
    )
    # Training
    training_topic = models.CharField(_("training topic"), max_length=200, blank=True)
    trainees = models.PositiveIntegerField(_("number of trainees"), null=True, blank=True)
    training_days = models.PositiveIntegerField(_("duration in days"), null=True, blank=True)
    training_place = models.CharField(_("place of training"), max_length=200, blank=True)
    # Staff exchange
    exchange_people = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    exchange_direction = models.CharField(
        _("direction"), max_length=12, choices=Direction.choices, blank=True
    )
    exchange_months = models.PositiveIntegerField(_("duration in months"), null=True, blank=True)

    # Outcomes, recorded by staff for active and completed proposals
    outcome_invested_amount = models.DecimalField(
        _("amount actually invested"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    outcome_invested_currency = models.CharField(
        _("currency of the investment"), max_length=3, choices=Currency.choices, blank=True
    )
    outcome_people_trained = models.PositiveIntegerField(_("people trained"), null=True, blank=True)
    outcome_staff_exchanged = models.PositiveIntegerField(_("staff exchanged"), null=True, blank=True)
    outcome_technology = models.TextField(_("technology transferred"), blank=True)
    outcome_export_markets = models.CharField(_("new export markets"), max_length=300, blank=True)
    outcome_recorded_at = models.DateTimeField(_("outcomes recorded"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    # Every change kept with who and when (django-simple-history; the admin shows the difference).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("cooperation proposal")
        verbose_name_plural = _("cooperation proposals")

    def __str__(self) -> str:
        return self.title


class ProposalEvent(models.Model):
    """A move or a comment on a proposal's timeline."""

    class Kind(models.TextChoices):
        MOVE = "move", _("move")
        COMMENT = "comment", _("comment")
        OUTCOMES = "outcomes", _("outcomes recorded")

    proposal = models.ForeignKey(
        CooperationProposal, models.PROTECT, related_name="events", verbose_name=_("proposal")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MOVE)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    from_state = models.CharField(_("from"), max_length=12, blank=True)
    to_state = models.CharField(_("to"), max_length=12, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_state} → {self.to_state}"

    @staticmethod
    def _label(state: str) -> str:
        if state in CooperationProposal.Status.values:
            return str(CooperationProposal.Status(state).label)
        return state

    @property
    def from_label(self) -> str:
        return self._label(self.from_state)

    @property
    def to_label(self) -> str:
        return self._label(self.to_state)


class FiguresVersion(models.Model):
    """One row whose token changes with every write that may move a figure of the home page, the
    programme page or the dashboard; the cached figures are kept under the token they were
    computed at (``partnership.lib.versioned_cache``), so a new token makes them all stale at once."""

    token = models.BigIntegerField(default=0)

    class Meta:
        db_table = versioned_cache.TABLE
        verbose_name = _("figures version")
        verbose_name_plural = _("figures versions")

    def __str__(self) -> str:
        return str(self.token)
