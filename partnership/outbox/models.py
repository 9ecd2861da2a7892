"""The outbox of e-mails and the heartbeat of the workers that send them."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Waits before the 2nd, 3rd, ... attempt; after the last one the mail is marked failed.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def split_addresses(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


class OutboxMailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Queued mails whose next attempt has come, oldest first."""
        return self.filter(
            status=OutboxMail.Status.QUEUED, next_attempt_at__lte=now or timezone.now()
        ).order_by("next_attempt_at", "pk")


class OutboxMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # Addresses one per line (a display name may hold a comma).
    to = models.TextField(_("recipients"))
    cc = models.TextField(_("copy to"), blank=True)
    bcc = models.TextField(_("blind copy to"), blank=True)
    reply_to = models.TextField(_("reply to"), blank=True)
    from_email = models.CharField(_("sender"), max_length=320)
    language = models.CharField(_("language"), max_length=10, blank=True)
    template = models.CharField(_("template"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutboxMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox mail")
        verbose_name_plural = _("outbox mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.recipients)}"

    @property
    def recipients(self) -> list[str]:
        return split_addresses(self.to)


class WorkerHeartbeat(models.Model):
    """One row per worker process: the last time it was alive (read by /healthz)."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.worker_id
