"""The glossary (docs/glossary.md): the words a string must not use, and the word to write instead.

Read by ``manage.py apply_glossary``, which rewrites the catalogues, and by the test that keeps the
banned words out of them."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"
_ROW = re.compile(r"^\|\s*(id|ko|en)\s*\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|\s*$")


@dataclass(frozen=True)
class Rule:
    language: str
    avoid: str
    use: str

    def _pattern(self, word: str) -> re.Pattern:
        # A whole word: "Saring" is banned, "disaring" is not. Korean particles attach to the word
        # ("실사단을"), so a Korean word is found anywhere.
        if self.language == "ko":
            return re.compile(re.escape(word))
        return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")

    def _forms(self) -> list[tuple[str, str]]:
        forms = [(self.avoid, self.use)]
        if self.avoid[:1].islower():
            forms.append((self.avoid[:1].upper() + self.avoid[1:], self.use[:1].upper() + self.use[1:]))
        return forms

    def _matches(self, text: str):
        for avoid, use in self._forms():
            for match in self._pattern(avoid).finditer(text):
                # "Sandi" is banned but "Kata Sandi" is a capitalised "Kata sandi", not a second
                # word for it: skip a match that is already the end of the word to use.
                before = text[: match.end()]
                if use.lower() != avoid.lower() and before.lower().endswith(use.lower()):
                    continue
                yield match, use

    def found_in(self, text: str) -> bool:
        return any(True for _ in self._matches(text))

    def apply(self, text: str) -> str:
        for avoid, use in self._forms():
            pattern = self._pattern(avoid)
            text = pattern.sub(
                lambda m, use=use, source=text: (
                    m.group(0)
                    if source[: m.end()].lower().endswith(self.use.lower())
                    and self.use.lower() != self.avoid.lower()
                    else use
                ),
                text,
            )
        return text


@cache
def rules() -> tuple[Rule, ...]:
    """The rows of the table "Words we do not use"."""
    found = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if match := _ROW.match(line):
            found.append(Rule(*match.groups()))
    return tuple(found)


def apply(text: str, language: str) -> str:
    """``text`` with every banned word of ``language`` replaced by the glossary's word."""
    for rule in rules():
        if rule.language == language:
            text = rule.apply(text)
    return text


def banned_words_in(text: str, language: str) -> list[str]:
    return [rule.avoid for rule in rules() if rule.language == language and rule.found_in(text)]
