"""Language as a native reader expects it: the glossary, dates and numbers by locale, strings we
do not own, and the small things around them (favicon, Korean line breaks)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

BASE = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_every_page_links_the_favicon(client):
    html = client.get(reverse("home")).content.decode()
    match = re.search(r'<link rel="icon" href="([^"]+)"', html)
    assert match, "no favicon link in the head"
    assert finders.find(match.group(1).removeprefix(settings.STATIC_URL).lstrip("/").removeprefix("static/"))


def test_korean_text_breaks_between_words():
    css = (BASE / "static" / "css" / "mitra.css").read_text()
    rule = re.search(r":lang\(ko\)\s*\{([^}]*)\}", css)
    assert rule and "word-break: keep-all" in rule.group(1)


@pytest.mark.parametrize("language", ["id", "ko"])
def test_the_rubric_help_quotes_the_labels_of_the_score_buttons(language):
    """One scale: the help above the rubric names 0 and 5 with the words of the buttons."""
    po = polib.pofile(str(BASE / "locale" / language / "LC_MESSAGES" / "django.po"))
    helps = [e.msgstr for e in po if e.msgid.startswith("Score each criterion from 0")]
    labels = {e.msgid: e.msgstr for e in po if e.msgid in ("0 – absent", "5 – excellent")}
    lowest = labels["0 – absent"].split("–", 1)[1].strip()
    highest = labels["5 – excellent"].split("–", 1)[1].strip()
    assert helps
    for text in helps:
        assert f"({lowest})" in text and f"({highest})" in text, text
        assert "해당 없음" not in text, "해당 없음 means not applicable, not a score of 0"
