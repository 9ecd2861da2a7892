"""The portal's notifications and the record of the reminders already sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import render


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def of(self, user):
        return self.filter(recipient_id=user.pk)


class Notification(models.Model):
    """One event told to one account.

    The text is not stored: ``kind`` (the mail's template name) and ``params`` (plain values)
    are rendered in the reader's language when the notification is read (:mod:`.kinds`).
    """

    # A notification is the portal's own message, not something a person entered: it goes
    # with the account.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def message(self) -> str:
        """The text in the active language (the reader's)."""
        return render(self.kind, self.params)


class ReminderSent(models.Model):
    """A reminder already sent: ``send_reminders`` never sends one twice for the same situation.

    ``object_key`` names the object (``sme:12``, ``visit:4``), ``situation`` what it is in (the
    timeline event of the request, the visit's date, the proposal's state entry, the digest's day).
    """

    kind = models.CharField(_("kind"), max_length=32)
    object_key = models.CharField(_("object"), max_length=64)
    situation = models.CharField(_("situation"), max_length=64)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_key", "situation"], name="reminder_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_key} {self.situation}"
