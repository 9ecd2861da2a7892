from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "partnership.notifications"
    label = "mitra_notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partnership.lib.notify import on_mail

        from .record import notify_users_of_mail

        # Every mail that concerns accounts also gives each of them a notification in the portal.
        on_mail(notify_users_of_mail)
