from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Stages and surveys")

    def ready(self):
        from partnership.roster.services import on_roster_leave

        from .services import release_withdrawn_entry

        # A firm that leaves the roster gives up its shortlist place and its planned visits.
        on_roster_leave(release_withdrawn_entry)
