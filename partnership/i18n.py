"""Names stored in three languages (sectors, criteria, cooperation forms, ...)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


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
        language = (translation.get_language() or "id")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en
