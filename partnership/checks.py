"""System checks for the portal's configuration (ids mitra.E***, warnings mitra.W***)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
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


@register()
def korean_pdf_font_is_installed(app_configs, **kwargs):
    """Without the packaged font a Korean PDF depends on the reader's fonts (☒ for "·")."""
    from pathlib import Path

    if Path(settings.KOREAN_PDF_FONT).is_file():
        return []
    return [
        Warning(
            f"The Korean font of the PDF report is missing: {settings.KOREAN_PDF_FONT}.",
            hint="Run `make install` (npm package @expo-google-fonts/noto-sans-kr), or set "
            "KOREAN_PDF_FONT_DIR.",
            id="mitra.W201",
        )
    ]
