"""Slugs (the address part made from a title, tag or category): readable ASCII, never empty by accident,
and never shared by two different names.

`slugify("Что такое PLN?")` gives "chto-takoe-pln": words in any script are transliterated with
Unidecode, as Pelican's own slugify does. Unidecode reads Chinese characters as Chinese, so text with
any hiragana or katakana is Japanese and is read first by pykakasi (Hepburn romanisation):
"学びの記録" gives "manabi-no-kiroku". A tag or category can be given its own slug with the TAG_SLUGS
setting (tag_slug). Symbols that carry the meaning of a name are spelled out,
so "C", "C++" and "C#" get three addresses ("c", "c-plus-plus", "c-sharp"), and an emoji or other
pictograph gives its Unicode name ("🐍" gives "snake"). Apostrophes and dots join ("don't" gives
"dont", "Node.js" gives "nodejs", as in Pelican); any other run of punctuation or spaces is one hyphen.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping

from unidecode import unidecode

from .problems import display_path

# Symbols spelled out wherever they stand.
SPELLED = {"+": "plus", "&": "and", "@": "at", "%": "percent", "=": "equals"}
# "#" and "♯" mean "sharp" after a letter or digit (C#, F#); at the start of a hashtag they mean nothing.
SHARP = "#♯"
JOINING = "'’`."
# A title can be long; an address part over this many characters is cut at a hyphen.
MAX_LENGTH = 80


def slugify(text: str) -> str:
    """The slug of a title, tag or category name: lowercase ASCII letters and digits joined by single
    hyphens, at most MAX_LENGTH characters; "" when the text has no letter, digit or symbol to show
    (such as "!!!")."""
    text = unicodedata.normalize("NFKC", text)  # half-width katakana as full-width, as same_name sees them
    if KANA.search(text):
        # pykakasi's time grows with the square of the text's length; the slug is cut at MAX_LENGTH letters,
        # and each Japanese character gives at least one.
        text = _romaji(text[: 2 * MAX_LENGTH])
    slug = _slug(text, name_letters=False)
    if not slug:  # letters Unidecode cannot write (a script it does not know): their Unicode names
        slug = _slug(text, name_letters=True)
    if len(slug) > MAX_LENGTH:
        slug = slug[: MAX_LENGTH + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_LENGTH] else slug[:MAX_LENGTH]
    return slug


def tag_slug(name: str, chosen: Mapping[str, str]) -> str:
    """The slug of a tag or category name: the one `chosen` gives it (the TAG_SLUGS setting, a dict from
    name to slug, its names matched as same_name matches them), else slugify(name)."""
    if chosen:
        slug = _folded_choices(tuple(chosen.items())).get(_folded(name))
        if slug:
            return slug
    return slugify(name)


def chosen_for(name: str, chosen: Mapping[str, str]) -> bool:
    """Whether the TAG_SLUGS setting (`chosen`) gives `name` its slug (tag_slug)."""
    return bool(chosen) and _folded(name) in _folded_choices(tuple(chosen.items()))


@functools.lru_cache(maxsize=8)
def _folded_choices(chosen: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {_folded(name): slug for name, slug in chosen}


# Hiragana, katakana (with its phonetic extensions) and half-width katakana: only Japanese writes them.
KANA = re.compile("[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
# Kana, the iteration mark 々 and the CJK ideographs (with extension A and the compatibility ones): what
# pykakasi reads.
JAPANESE = re.compile("[\u3005\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
JAPANESE_RUN = re.compile(f"({JAPANESE.pattern}+)")


def _romaji(text: str) -> str:
    """Japanese text in Hepburn romanisation, a space between words (pykakasi splits them); the parts that are
    not Japanese (Latin letters, Cyrillic, emoji) are kept as they are, for _slug to write."""
    parts = []
    for run in JAPANESE_RUN.split(text):  # only the Japanese is given to pykakasi, which loses emoji
        if JAPANESE.match(run):
            parts += [part["hepburn"] for part in _kakasi().convert(run)]
        else:
            parts.append(run)
    return " ".join(parts)


@functools.cache
def _kakasi():
    import pykakasi  # loading its dictionaries takes half a second: only for Japanese text

    return pykakasi.kakasi()


def _slug(text: str, name_letters: bool) -> str:
    words: list[str] = []
    previous = ""
    for character in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(character)
        if category in ("Mn", "Me", "Cf"):  # accents on their own, joiners, variation selectors
            continue
        if character in SPELLED:
            words.append(f" {SPELLED[character]} ")
        elif character in SHARP:
            words.append(" sharp " if previous.isalnum() else " ")
        elif character not in JOINING:
            ascii_text = unidecode(character) if category[0] in "LN" or character.isascii() else ""
            named = category[0] == "S" or (name_letters and category[0] in "LN")
            if not ascii_text.strip() and named:  # an emoji or other pictograph
                ascii_text = f" {unicodedata.name(character, '')} "
            words.append(ascii_text)
        previous = character
    return re.sub(r"[^a-z0-9]+", "-", "".join(words).lower()).strip("-")


def same_name(first: str, second: str) -> bool:
    """True when two names differ only in case, accents, invisible format characters (a zero-width space
    copied with a word), or spaces, hyphens and underscores between words ("Learning in public" and
    "learning-in-public"): one tag, written two ways."""
    return _folded(first) == _folded(second)


def _folded(name: str) -> str:
    plain = "".join(
        c
        for c in unicodedata.normalize("NFKD", name)
        if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )
    return " ".join(re.split(r"[\s_-]+", plain.casefold())).strip()


class Names:
    """The names of one kind (tags, categories) met in a build, with where each was first written, so a
    name whose slug is empty or already taken by another name is reported with both places."""

    def __init__(self, kind: str, address: str, build, chosen: Mapping[str, str] | None = None):
        """kind: "tag" or "category". address: the URL pattern, such as "tags/{slug}/". build: the Build
        (learnlog_core/build.py) problems are reported to. chosen: the TAG_SLUGS setting (tag_slug)."""
        self.chosen = chosen or {}
        self.kind = kind
        self.address = address
        self.build = build
        self.first: dict[str, tuple[str, str, int]] = {}  # slug -> (name, path, line)

    def slug(self, name: str, path: str, line: int) -> str | None:
        """The slug of `name` written at path:line, or None after reporting why it cannot have one."""
        slug = tag_slug(name, self.chosen)
        if not slug:
            self.build.report(
                path,
                line,
                f"the {self.kind} '{name}' has no letters or digits to make its address from (punctuation is left "
                "out of addresses); use a word: emoji and every script are fine",
            )
            return None
        known = self.first.setdefault(slug, (name, path, line))
        if not same_name(known[0], name):
            # Reported where it comes later in the files, whichever was read first.
            (first, first_path, first_line), (later, later_path, later_line) = sorted(
                [known, (name, path, line)], key=lambda place: (display_path(place[1]), place[2], place[0])
            )
            chosen = [name for name in (first, later) if _folded(name) in _folded_choices(tuple(self.chosen.items()))]
            fix = (
                f"TAG_SLUGS in the settings gives '{chosen[0]}' this address: give it another there, or write both "
                f"{self.kind}s the same way"
                if chosen
                else "write both the same way, or rename one"
            )
            self.build.report(
                later_path,
                later_line,
                f"the {self.kind} '{later}' would share the address /{self.address.format(slug=slug)} with "
                f"the {self.kind} '{first}' ({display_path(first_path)}:{first_line}); {fix}",
            )
            return None
        return slug
