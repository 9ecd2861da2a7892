"""Language as a native reader expects it: the glossary, dates and numbers by locale, strings we
do not own, and the small things around them (favicon, Korean line breaks)."""

import re
from pathlib import Path

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
