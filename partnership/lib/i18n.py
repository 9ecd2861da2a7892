"""Languages: names stored in three languages (sectors, criteria, cooperation forms, ...), and the
language cookie."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def active_language() -> str:
    """The two-letter code of the active language ("id", "en" or "ko"); the site's default outside
    a request (commands, tasks) when no language is active."""
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


class TranslatedName(models.Model):
    """Abstract model with ``name_en``, ``name_id`` and ``name_ko``; ``name`` follows the locale."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return getattr(self, f"name_{active_language()}", "") or self.name_en


def localized(obj, field: str) -> str:
    """``obj.<field>_<language>`` when the object has it and it is filled, else ``obj.<field>``.

    For names kept as data in the programme's own language (Indonesian) with an English and a
    Korean version beside them: ``Programme.display_name``, ``Stage.display_name``."""
    return getattr(obj, f"{field}_{active_language()}", "") or getattr(obj, field)


def set_language_cookie(response, language: str) -> None:
    """Remember ``language`` for the browser, as Django's set_language view does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
