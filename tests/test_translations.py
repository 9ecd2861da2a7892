"""Every string is translated into Indonesian and Korean, and the compiled .mo files match."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["id", "ko"])
def test_catalogue_is_complete(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in po if not entry.obsolete and not entry.translated()]
    fuzzy = [entry.msgid for entry in po if not entry.obsolete and "fuzzy" in entry.flags]
    assert not missing, f"untranslated in {language}: {missing[:10]}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy[:10]}"


@pytest.mark.parametrize("language", ["id", "ko"])
def test_compiled_catalogue_matches_the_po_file(language):
    folder = LOCALE / language / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))

    def pairs(catalogue):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            for entry in catalogue
            if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
        }

    assert pairs(po) == pairs(mo), "run `make messages` to compile the .po files"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Direktori"), ("ko", "기업 디렉터리"), ("en", "Directory")],
)
def test_pages_follow_the_chosen_language(client, db, language, expected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("home")).content.decode()
    assert f'<html lang="{language}">' in html
    assert expected in html
    with translation.override(language):
        assert translation.gettext("Directory") == expected
