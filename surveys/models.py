from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnership.lib.i18n import TranslatedName, localized
from partnership.models import Programme, RosterEntry
from smes.models import Province, Regency


class Stage(models.Model):
    """A survey stage of a programme, e.g. "Tahap 1" with 20 firms from Bogor and Banten."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    programme = models.ForeignKey(
        Programme, models.PROTECT, related_name="stages", verbose_name=_("programme")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    # "Tahap 1" as the programme writes it, with the English and Korean names of the stage.
    name = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(_("shortlist capacity"), default=20)
    eligible_provinces = models.ManyToManyField(
        Province, blank=True, related_name="+", verbose_name=_("eligible provinces")
    )
    eligible_regencies = models.ManyToManyField(
        Regency, blank=True, related_name="+", verbose_name=_("eligible regencies and cities")
    )
    survey_start = models.DateField(_("survey window starts"), null=True, blank=True)
    survey_end = models.DateField(_("survey window ends"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="stage_unique_number"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The stage's name in the reader's language ("1단계" rather than "Tahap 1" in Korean)."""
        return localized(self, "name")

    @property
    def has_region_limit(self) -> bool:
        """Whether the stage names eligible regions (prefetch them when asking for many stages)."""
        return bool(self.eligible_province_codes or self.eligible_regency_codes)

    @property
    def eligible_province_codes(self) -> set[str]:
        return {province.pk for province in self.eligible_provinces.all()}

    @property
    def eligible_regency_codes(self) -> set[str]:
        return {regency.pk for regency in self.eligible_regencies.all()}

    def accepts_region(self, sme) -> bool:
        """Whether ``sme`` lies in one of the stage's eligible regions (any region when none)."""
        if not self.has_region_limit:
            return True
        return (
            sme.regency_id in self.eligible_regency_codes or sme.province_id in self.eligible_province_codes
        )


class ShortlistEntry(models.Model):
    """A roster firm on a stage's shortlist."""

    stage = models.ForeignKey(Stage, models.PROTECT, related_name="shortlist", verbose_name=_("stage"))
    roster_entry = models.ForeignKey(
        RosterEntry, models.PROTECT, related_name="shortlist_entries", verbose_name=_("roster entry")
    )
    is_pilot = models.BooleanField(_("pilot firm"), default=False)
    is_active = models.BooleanField(_("on the shortlist"), default=True)
    removal_reason = models.TextField(_("reason for removal"), blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Every change kept with who and when (django-simple-history; the admin shows the difference).
    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "-is_pilot", "roster_entry__sme__legal_name"]
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        constraints = [
            models.UniqueConstraint(fields=["stage", "roster_entry"], name="shortlist_unique_entry"),
            # A firm is on at most one live shortlist at a time, whatever the stage.
            models.UniqueConstraint(
                fields=["roster_entry"],
                condition=models.Q(is_active=True),
                name="shortlist_one_active_per_firm",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.roster_entry.sme} @ {self.stage}"


class Criterion(TranslatedName):
    """A criterion of a stage's survey rubric; the weights of a stage add up to 100."""

    stage = models.ForeignKey(Stage, models.PROTECT, related_name="criteria", verbose_name=_("stage"))
    code = models.SlugField(_("code"), max_length=40)
    weight = models.PositiveSmallIntegerField(_("weight (%)"), validators=[MaxValueValidator(100)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["stage", "order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["stage", "code"], name="criterion_unique_code"),
        ]


class SurveyVisit(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    class Recommendation(models.TextChoices):
        RECOMMEND = "recommend", _("recommend")
        MAYBE = "maybe", _("maybe")
        DO_NOT_RECOMMEND = "do_not_recommend", _("do not recommend")

    shortlist_entry = models.ForeignKey(
        ShortlistEntry, models.PROTECT, related_name="visits", verbose_name=_("shortlisted firm")
    )
    scheduled_for = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    surveyors = models.CharField(_("surveyors"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # The survey form as last saved while the visit is still planned (surveys.services
    # .save_visit_draft): {"scores": {criterion id: [score or null, comment]}, "recommendation",
    # "notes"}. Only a completed visit has Score rows, so the ranking never reads a draft.
    draft = models.JSONField(_("draft of the survey"), default=dict, blank=True)
    draft_saved_at = models.DateTimeField(_("draft saved"), null=True, blank=True)

    # Every change kept with who and when (django-simple-history; the admin shows the difference).
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheduled_for", "id"]
        verbose_name = _("survey visit")
        verbose_name_plural = _("survey visits")
        constraints = [
            # One visit in the diary and one completed survey per shortlisted firm: the ranking
            # reads the scores of the completed one.
            models.UniqueConstraint(
                fields=["shortlist_entry"],
                condition=models.Q(status="planned"),
                name="visit_one_planned_per_firm",
            ),
            models.UniqueConstraint(
                fields=["shortlist_entry"],
                condition=models.Q(status="done"),
                name="visit_one_done_per_firm",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shortlist_entry} – {self.scheduled_for:%Y-%m-%d}"


class Score(models.Model):
    visit = models.ForeignKey(SurveyVisit, models.PROTECT, related_name="scores", verbose_name=_("visit"))
    criterion = models.ForeignKey(
        Criterion, models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score (0–5)"), validators=[MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True)

    # Every change kept with who and when (django-simple-history; the admin shows the difference).
    history = HistoricalRecords()

    class Meta:
        ordering = ["visit", "criterion__order"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["visit", "criterion"], name="score_unique_criterion"),
            models.CheckConstraint(condition=models.Q(value__lte=5), name="score_at_most_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"
