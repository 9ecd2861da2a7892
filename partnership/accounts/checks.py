"""System checks of the accounts (ids mitra.W1**)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_is_required(app_configs, **kwargs):
    if settings.MITRA_2FA_REQUIRED:
        return []
    return [
        Warning(
            "Two-factor authentication is not required for ministry staff and superusers.",
            hint="Unset MITRA_2FA_REQUIRED (or set it to true) in production.",
            id="mitra.W101",
        )
    ]
