from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
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
        _watch_figures()
        post_migrate.connect(grant_staff_permissions, sender=self, dispatch_uid="grant_staff_permissions")


# The apps whose rows the cached figures count (partnership.lib.versioned_cache).
FIGURE_APPS = ("smes", "partnership", "surveys")


def _watch_figures() -> None:
    from django.apps import apps

    from partnership.lib.versioned_cache import figures_moved
    from partnership.models import FiguresVersion

    for label in FIGURE_APPS:
        for model in apps.get_app_config(label).get_models():
            if model is FiguresVersion or hasattr(model, "instance_type"):
                # The token's own row, and django-simple-history's copies (their original's save
                # has already moved the token).
                continue
            uid = f"figures_moved:{model._meta.label}"
            post_save.connect(figures_moved, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(figures_moved, sender=model, dispatch_uid=f"{uid}:delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    figures_moved, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
                )
