"""The catalogues use the glossary's words (docs/glossary.md), never the variants it bans."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

from partnership.lib import glossary

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_the_glossary_lists_banned_words_for_both_languages():
    languages = {rule.language for rule in glossary.rules()}
    assert {"id", "ko"} <= languages
    assert any(rule.avoid == "실사단" for rule in glossary.rules())


@pytest.mark.parametrize("language", ["id", "ko"])
def test_no_catalogue_string_uses_a_banned_word(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    offenders = []
    for entry in po:
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if words := glossary.banned_words_in(text, language):
                offenders.append((words, entry.msgid[:60]))
    assert not offenders, f"{language}: banned words in {offenders[:10]}"


def test_the_rewrite_keeps_words_that_only_contain_a_banned_one():
    assert glossary.apply("Daftar yang disaring", "id") == "Daftar yang disaring"
    assert glossary.apply("Saring direktori", "id") == "Filter direktori"
    assert glossary.apply("Kata Sandi", "id") == "Kata Sandi"
    assert glossary.apply("Sandi", "id") == "Kata sandi"
    assert glossary.apply("membuka dosier", "id") == "membuka berkas usaha"
    assert glossary.apply("에코 이노베이션 점수", "ko") == "친환경혁신 점수"


@pytest.mark.django_db
def test_names_kept_as_data_use_the_glossary_words_too():
    from smes.models import CooperationForm, Sector
    from surveys.rubric import DEFAULT_RUBRIC

    names = [(c["name_id"], "id") for c in DEFAULT_RUBRIC] + [(c["name_ko"], "ko") for c in DEFAULT_RUBRIC]
    for model in (Sector, CooperationForm):
        for row in model.objects.all():
            names += [(row.name_id, "id"), (row.name_ko, "ko")]
    offenders = [
        (text, words) for text, language in names if (words := glossary.banned_words_in(text, language))
    ]
    assert not offenders
