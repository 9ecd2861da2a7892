"""System checks for the portal's configuration (ids mitra.E***)."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


# A deploy check: `check --deploy` (CI, the deployment steps in the README) reports it, and the
# server itself refuses to start (partnership/wsgi.py); development commands stay usable.
@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    try:
        settings.SECRET_KEY  # noqa: B018 - Django raises when the key is empty
    except ImproperlyConfigured:
        return [
            Error(
                "SECRET_KEY is not set and DEBUG is off.",
                hint="Set SECRET_KEY in the environment (see .env.example), or DEBUG=1 for development.",
                id="mitra.E001",
            )
        ]
    return []
