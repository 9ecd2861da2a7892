"""Language as a native reader expects it: the glossary, dates and numbers by locale, strings we
do not own, and the small things around them (favicon, Korean line breaks)."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

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


def test_korean_dates_and_times_are_in_korean_order():
    moment = datetime.datetime(2015, 4, 27, 14, 0)
    with translation.override("ko"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2015년 4월 27일 오후 2:00"
        assert formats.date_format(moment.date()) == "2015년 4월 27일"


@pytest.mark.parametrize("language", ["id", "en"])
def test_months_are_written_in_one_style(language):
    """Every month in full: Django's default mixes abbreviations ("Agu.", "Aug.") with full names."""
    with translation.override(language):
        for month in range(1, 13):
            day = datetime.date(2026, month, 1)
            written = formats.date_format(day)
            assert "." not in written, written
            assert formats.date_format(day, "F") in written


def test_the_demo_quotes_a_score_as_the_indonesian_table_shows_it():
    from partnership.demo.pipeline import _score_id

    with translation.override("id"):
        table = Template("{{ value }}").render(Context({"value": Decimal("82.5")}))
    assert _score_id(Decimal("82.5")) == table == "82,5"


def _filter_sets():
    import importlib

    import django_filters

    for module in (
        "smes.filters",
        "partnership.roster.filters",
        "partnership.cooperation.filters",
        "surveys.filters",
    ):
        importlib.import_module(module)

    found, todo = [], [django_filters.FilterSet]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub._meta.model and sub.__module__.split(".")[0] in {"smes", "surveys", "partnership"}:
                found.append(sub)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "ko"])
def test_empty_choices_of_every_filter_say_what_they_mean(language):
    from tests.factories import make_programme

    programme = make_programme()
    sets = _filter_sets()
    assert len(sets) >= 7
    for filter_set in sets:
        kwargs = {"programme": programme} if "programme" in filter_set.__init__.__code__.co_varnames else {}
        with translation.override(language):
            html = str(filter_set(data={}, **kwargs).form)
        assert "---------" not in html, filter_set.__name__


@pytest.mark.django_db
def test_the_programme_and_its_stages_are_named_in_the_readers_language(client, korean_user):
    from tests.factories import make_programme, make_stage

    programme = make_programme(name="Kemitraan UKM", name_en="SME Partnership", name_ko="중소기업 파트너십")
    make_stage(programme, name="Tahap 1", name_en="Stage 1", name_ko="1단계")
    client.force_login(korean_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    html = client.get(reverse("surveys:stage_list")).content.decode()
    assert "1단계" in html and "중소기업 파트너십" in html
    assert "Tahap 1" not in html and "Kemitraan UKM" not in html
    with translation.override("en"):
        assert str(programme) == "SME Partnership"
    with translation.override("id"):
        assert str(programme) == "Kemitraan UKM"
