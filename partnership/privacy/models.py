"""What UU 27/2022 asks the portal to keep: who saw which personal data, and the data subjects'
requests with their deadlines. The consent history is the registry's (``smes.ConsentChange``)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register

from partnership.lib import access_log
from smes.models import SME


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("The access log cannot be changed."))

    def delete(self):
        raise ValidationError(_("The access log cannot be changed."))


class AccessLog(models.Model):
    """One line, append-only: a user saw personal data of some firms (Art. 31, record of processing)."""

    class What(models.TextChoices):
        IDENTIFIERS = access_log.IDENTIFIERS, _("NIK or NPWP shown")
        DOCUMENT = access_log.DOCUMENT, _("document opened")
        DOSSIER = access_log.DOSSIER, _("dossier opened")
        EXPORT = access_log.EXPORT, _("export or download with personal data")
        PROFILE = access_log.PROFILE, _("full record with the contact person shown")

    class Role(models.TextChoices):
        STAFF = "staff", _("ministry staff")
        KOREAN_TEAM = "korean_team", _("Korean team")
        KOREAN_FIRM = "korean_firm", _("Korean firm")
        OWNER = "owner", _("the firm's own account")
        OTHER = "other", _("other account")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("who")
    )
    username = models.CharField(_("user name"), max_length=150)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    what = models.CharField(_("what"), max_length=12, choices=What.choices, db_index=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    firms = models.ManyToManyField(SME, related_name="+", verbose_name=_("firms"))

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log line")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username}: {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("The access log cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The access log cannot be changed."))

    @property
    def organisation(self) -> str:
        return str(ORGANISATIONS.get(self.role, ""))


ORGANISATIONS = {
    AccessLog.Role.STAFF: _("the ministry (controller)"),
    AccessLog.Role.KOREAN_TEAM: _("the Korean team (ASEIC, GBC Korea), in Korea"),
    AccessLog.Role.KOREAN_FIRM: _("a Korean firm of the programme, in Korea"),
    AccessLog.Role.OWNER: _("your firm"),
    AccessLog.Role.OTHER: "",
}


class DataRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=DataRequest.Status.OPEN)


class DataRequest(models.Model):
    """A request of the firm under UU 27/2022 (Art. 5-13): what, when, who handled it, the outcome."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("access and copy of the data")
        CONSENT = "consent", _("withdrawal or giving of a consent")
        CORRECTION = "correction", _("correction of the contact person's data")
        ERASURE = "erasure", _("erasure of the personal data")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("carried out")
        REFUSED = "refused", _("refused")

    sme = models.ForeignKey(SME, models.PROTECT, related_name="data_requests", verbose_name=_("SME"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    made_at = models.DateTimeField(_("made at"), default=timezone.now, db_index=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    reason = models.TextField(_("reason given"), blank=True)
    summary = models.CharField(_("what was asked"), max_length=300, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # The ZIP of an access request (private storage, served only through a signed link).
    export_file = models.FileField(_("export file"), upload_to="exports/", max_length=200, blank=True)

    objects = DataRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sme_id}, {self.made_at:%Y-%m-%d})"

    @property
    def deadline(self):
        return self.made_at + timedelta(hours=settings.PRIVACY_REQUEST_DEADLINE_HOURS)

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and timezone.now() > self.deadline


# The history of user accounts (who changed an account, when, what): kept here, at the top floor,
# so that the accounts part keeps no table of its own for it. No password hashes in it.
register(User, app="partnership.privacy", excluded_fields=["password", "last_login"])
