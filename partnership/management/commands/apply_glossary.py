"""Rewrite the Indonesian and Korean catalogues with the glossary's words (docs/glossary.md)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

from partnership.lib import glossary


class Command(BaseCommand):
    help = "Replace the words the glossary bans in every msgstr of locale/id and locale/ko."
    requires_system_checks = []

    def handle(self, *args, **options):
        for language in ("id", "ko"):
            path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
            catalogue = polib.pofile(str(path), wrapwidth=78)
            changed = 0
            for entry in catalogue:
                if entry.obsolete:
                    continue
                if entry.msgstr:
                    new = glossary.apply(entry.msgstr, language)
                    changed += new != entry.msgstr
                    entry.msgstr = new
                for index, text in entry.msgstr_plural.items():
                    new = glossary.apply(text, language)
                    changed += new != text
                    entry.msgstr_plural[index] = new
            catalogue.save()
            self.stdout.write(f"{language}: {changed} msgstr rewritten")
