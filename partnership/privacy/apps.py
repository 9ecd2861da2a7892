from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "partnership.privacy"
    label = "mitra_privacy"
    verbose_name = _("Personal data protection")

    def ready(self):
        from partnership.lib import access_log

        from .log import open_line

        # Every floor logs through partnership.lib.access_log.record_access; the line is stored here.
        access_log.set_writer(open_line)
