from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = _("Programme and cooperation")

    def ready(self):
        from partnership import checks  # noqa: F401 - registers the system checks
        from partnership.lib import (
            lookups,
            spreadsheets,  # noqa: F401 - registers the export check
        )
        from partnership.lib.roles import grant_staff_permissions
        from partnership.models import active_roster_fill, sme_is_shared_with_korean_team
        from smes.intake import set_roster_fill
        from smes.permissions import set_korean_team_rule

        # The registry asks the programme which firms the Korean team may see (smes.permissions).
        set_korean_team_rule(sme_is_shared_with_korean_team)
        # The registration pages say when the roster is full (smes.intake).
        set_roster_fill(active_roster_fill)

        lookups.register()
        post_migrate.connect(grant_staff_permissions, sender=self, dispatch_uid="grant_staff_permissions")
