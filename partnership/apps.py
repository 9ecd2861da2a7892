from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = _("Programme and cooperation")

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the system checks
            lookups,
        )
        from .roles import grant_staff_permissions

        lookups.register()
        post_migrate.connect(grant_staff_permissions, sender=self, dispatch_uid="grant_staff_permissions")
