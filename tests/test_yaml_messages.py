"""YAML mistakes in link notes, the blogroll and front matter: each says what is wrong and what to do, in
plain words, on the line the author must change.

Every case is read by the real parsing functions, with each of PyYAML's loaders (the C one words its
errors differently and puts some marks elsewhere); one build of a small site shows the messages as the
author sees them; a property test checks that no text makes composing raise, point outside the file or
show PyYAML's words alone.
"""

from __future__ import annotations

import contextlib
import re
import signal
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE, Site, run_build
from hypothesis import given
from hypothesis import strategies as st
from learnlog_core import strict_yaml, yaml_messages
from link_notes.blogroll import parse_blogroll
from link_notes.parsing import parse_links_file
from posts.header import split

LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])]
# PyYAML's own words: never alone, only in brackets after a plain explanation.
RAW_PHRASES = (
    "mapping values are not allowed",
    "could not find expected",
    "while scanning",
    "while parsing",
    "did not find expected",
    "expected <block end>",
    "cannot start any token",
)
BRACKETED = " (YAML's reader says: "
# A ' #' inside [ ] and a list inside the list: YAML reads on past the line to the next field or item, or to
# the end of the file, and stops there; the message is for the line with the '['.
HASH_IN_TAGS = (
    "inside [ ], ' #' starts a comment, so the rest of the line is left out, ']' too: put each word that starts "
    "with '#' in quotes: tags: [memory, \"#edchat\"]"
)
LIST_IN_TAGS = (
    "the list of tags that starts with '[' is never closed: it holds 2 '[' and only 1 ']', and each '[' starts a "
    "list of its own: remove the extra '[', or end it with ']'"
)


@contextlib.contextmanager
def reading_with(loader):
    before = strict_yaml.Loader
    strict_yaml.Loader = loader
    try:
        yield
    finally:
        strict_yaml.Loader = before


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request):
    with reading_with(request.param):
        yield request.param


def text_of(rows: list[str]) -> str:
    return "\n".join(rows) + "\n"


def link_problems(rows: list[str]) -> list[tuple[int, str]]:
    return parse_links_file(text_of(rows).encode("utf-8"), 1_000_000, str)["problems"]


def blogroll_problems(rows: list[str]) -> list[tuple[int, str]]:
    return parse_blogroll(text_of(rows), str)[1]


def front_matter_problems(rows: list[str]) -> list[tuple[int, str]]:
    """The problems of a post whose YAML front matter is `rows`: line 1 is the opening '---'."""
    return sorted(set(split("\n".join(["---", *rows, "---", "Text."])).problems))


# Link notes: (the file's lines, the line to change, the message).
LINK_NOTES = [
    pytest.param(
        ["- url: https://example.org/a", "  title: Retrieval practice: a guide", "  date: 2026-11-23"],
        2,
        "the title holds ': ' (a colon and a space), which YAML reads as the start of a new field: put the title in quotes: title: \"Retrieval practice: a guide\"",
        id="colon-in-a-title",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: Note to self:", "  date: 2026-11-23"],
        2,
        "the title ends with ':', which YAML reads as the start of a new field: put the title in quotes: title: \"Note to self:\"",
        id="colon-at-the-end-of-a-title",
    ),
    pytest.param(
        [
            "- url: https://example.org/a",
            "  title: A long title about retrieval practice in the classroom: a guide for teachers",
            "  date: 2026-11-23",
        ],
        2,
        "the title holds ': ' (a colon and a space), which YAML reads as the start of a new field: put the whole title in quotes, with \" at its start and at its end",
        id="colon-in-a-long-title",
    ),
    pytest.param(
        ["- url: https://example.org/a", '  title: Why "spacing" works: a guide', "  date: 2026-11-23"],
        2,
        "the title holds ': ' (a colon and a space), which YAML reads as the start of a new field: put the title in quotes: title: 'Why \"spacing\" works: a guide'",
        id="colon-in-a-title-with-a-quote",
    ),
    pytest.param(
        [
            "- url: https://example.org/a",
            "  title: A",
            "  date: 2026-11-23",
            "  note: I read this",
            "    and then: something else",
        ],
        4,
        "the note goes on over several lines, and line 5 holds ': ', which YAML reads as the start of a new field: write it as a block of text, with 'note: |' on this line and the note on the lines below, each indented by 2 spaces more than 'note:'",
        id="colon-in-a-note-over-several-lines",
    ),
    pytest.param(
        [
            "- url: https://example.org/a",
            "  title: A",
            "  date: 2026-11-23",
            "  note: My takeaways:",
            "    - one",
            "    - two",
        ],
        4,
        "the note ends with ':', which YAML reads as the start of a new field: write it as a block of text, with 'note: |' on this line and the note on the lines below, each indented by 2 spaces more than 'note:'",
        id="colon-in-a-note-before-a-list",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: “Retrieval practice: a guide”", "  date: 2026-11-23"],
        2,
        "the title is in curly quotes (“ ”), which YAML does not take for quotes (a word processor makes them), and it holds ': ' (a colon and a space), which YAML reads as the start of a new field: type straight quotes instead: title: \"Retrieval practice: a guide\"",
        id="colon-in-curly-quotes",
    ),
    pytest.param(
        ["summary: A week: good", "links:", "  - url: https://example.org/a", "    title: A", "    date: 2026-11-23"],
        1,
        "the summary holds ': ' (a colon and a space), which YAML reads as the start of a new field: put the summary in quotes: summary: \"A week: good\"",
        id="colon-in-the-summary",
    ),
    pytest.param(
        ["- url: https://example.org/a", "\ttitle: A", "  date: 2026-11-23"],
        2,
        "this line is indented with a tab, and YAML allows only spaces: replace the tab with 2 spaces, lining 'title:' up with 'url:' on line 1",
        id="tab-before-a-field",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  date: 2026-11-23", "\t- url: https://example.org/b"],
        4,
        "this line is indented with a tab, and YAML allows only spaces: delete the tab, so that the '-' starts the line like the one on line 1",
        id="tab-before-a-dash",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  date: 2026-11-23", "  note: |", "\tText."],
        5,
        "this line is indented with a tab, and YAML allows only spaces: replace the tab with 4 spaces, 2 more than before 'note:' on line 4",
        id="tab-in-a-note",
    ),
    pytest.param(
        [
            "- url: https://example.org/a",
            "  title: A",
            "  date: 2026-11-23",
            "  url: https://example.org/b",
            "  title: B",
            "  date: 2026-11-24",
        ],
        4,
        "'url' appears a second time in this link (first on line 1), so a new link starts here without its '- ': start each link with '- ', as in '- url:', lined up with the '-' above",
        id="new-link-without-its-dash",
    ),
    pytest.param(
        [
            "links:",
            "  - url: https://example.org/a",
            "    title: A",
            "    date: 2026-11-23",
            "    url: https://example.org/b",
            "    title: B",
            "    date: 2026-11-24",
        ],
        5,
        "'url' appears a second time in this link (first on line 2), so a new link starts here without its '- ': start each link with '- ', as in '- url:', lined up with the '-' above",
        id="new-link-without-its-dash-under-links",
    ),
    pytest.param(
        [
            "- url: https://example.org/a",
            "  title: A",
            "  date: 2026-11-23",
            "url: https://example.org/b",
            "  title: B",
        ],
        4,
        "a new link starts here without its '- ': start each link with '- ', lined up with the '-' on line 1: - url: https://example.org/b",
        id="new-link-without-its-dash-at-the-start-of-the-line",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "   date: 2026-11-23"],
        3,
        "'date:' is indented more than 'title:' on line 2, so YAML reads it as part of the title: put 2 spaces before 'date:', lined up with 'title:' on line 2",
        id="field-indented-more",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", " date: 2026-11-23"],
        3,
        "'date:' is indented less than 'title:' on line 2, and fields that belong together must line up: put 2 spaces before 'date:', lined up with 'title:' on line 2",
        id="field-indented-less",
    ),
    pytest.param(
        ["links:", "  - url: https://example.org/a", "    title: A", "  date: 2026-11-23"],
        4,
        "'date:' is indented less than 'title:' on line 3, and fields that belong together must line up: put 4 spaces before 'date:', lined up with 'title:' on line 3",
        id="field-indented-less-under-links",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  note: |", "    Text.", "   date: 2026-11-23"],
        4,
        "'date:' is indented more than 'note:' on line 2, and fields that belong together must line up: put 2 spaces before 'date:', lined up with 'note:' on line 2",
        id="field-after-a-note-indented-more",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  date: 2026-11-23", " - url: https://example.org/b"],
        4,
        "this '-' is indented more than the '-' on line 1, so YAML cannot tell which list it belongs to: put it at the very start of the line, lined up with that one",
        id="dash-indented-more",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  date: 2026-11-23", "  tags:", "    - memory", "   - habits"],
        6,
        "this '-' is indented less than the '-' on line 5, so YAML cannot tell which list it belongs to: put it after 4 spaces, lined up with that one",
        id="tag-dash-indented-less",
    ),
    pytest.param(
        ["- url: https://example.org/a", '  title: "Retrieval practice', "  date: 2026-11-23"],
        2,
        'the title starts with a quote (") that is never closed, so YAML reads on into the lines below: add " at the end of the title: title: "Retrieval practice"',
        id="quote-never-closed",
    ),
    pytest.param(
        [
            "- url: https://example.org/a",
            '  title: "Retrieval practice',
            "  date: 2026-11-23",
            '- url: "https://example.org/b"',
            "  title: B",
            "  date: 2026-11-24",
        ],
        2,
        'the title starts with a quote (") that is never closed, so YAML reads on into the lines below: add " at the end of the title: title: "Retrieval practice"',
        id="quote-never-closed-before-another-link",
    ),
    pytest.param(
        ["- url: https://example.org/a", '  title: "Retrieval practice”', "  date: 2026-11-23"],
        2,
        'the title starts with a quote (") that is never closed (the ” at its end is a curly quote, which YAML does not take for one), so YAML reads on into the lines below: add " at the end of the title: title: "Retrieval practice"',
        id="quote-closed-with-a-curly-quote",
    ),
    pytest.param(
        ["- url: https://example.org/a", '  title: "The "best" way"', "  date: 2026-11-23"],
        2,
        'the title starts and ends with ", so the " inside it ends it too early: put the title in single quotes instead: title: \'The "best" way\'',
        id="double-quote-inside-double-quotes",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: 'It's here'", "  date: 2026-11-23"],
        2,
        "the title starts and ends with ', so the ' inside it ends it too early: put the title in double quotes instead: title: \"It's here\"",
        id="apostrophe-inside-single-quotes",
    ),
    pytest.param(
        ["- url: https://example.org/a", '  title: "Retrieval" practice', "  date: 2026-11-23"],
        2,
        "the title starts with a quote (\"), so YAML ends it at the next \" and cannot read what follows ('practice'): put the title in quotes: title: '\"Retrieval\" practice'",
        id="text-after-a-quoted-word",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: Week #3", "  date: 2026-11-23"],
        2,
        "YAML reads ' #' as the start of a comment, so '#3' is left out of the title: put the title in quotes: title: \"Week #3\" (if it is a comment, put a space after the '#')",
        id="lost-after-hash",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  date: 2026-11-23", "  tags: #edchat, #pln"],
        4,
        "YAML reads ' #' as the start of a comment, so 'tags' gets no value and '#edchat, #pln' is left out: put the tags in quotes: tags: \"#edchat, #pln\" (if it is a comment, put a space after the '#')",
        id="hashtags-as-tags",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title:Foo", "  date: 2026-11-23"],
        2,
        "put a space after the colon: title: Foo",
        id="no-space-after-the-colon",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  date: 2026-11-23", "  title:Foo"],
        3,
        "put a space after the colon: title: Foo",
        id="no-space-after-the-colon-on-the-last-line",
    ),
    pytest.param(
        ["-url: https://example.org/a", "  title: A", "  date: 2026-11-23"],
        1,
        "put a space after the '-' at the start of this line: - url: https://example.org/a",
        id="no-space-after-the-dash",
    ),
    pytest.param(
        [
            "- url: https://example.org/a",
            "  title: A",
            "  date: 2026-11-23",
            "-url: https://example.org/b",
            "  title: B",
            "  date: 2026-11-24",
        ],
        4,
        "put a space after the '-' at the start of this line: - url: https://example.org/b",
        id="no-space-after-the-dash-of-the-second-link",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title:\xa0Foo", "  date: 2026-11-23"],
        2,
        "this line has a non-breaking space after 'title:', which looks like a space but is not one to YAML (it comes with text copied from a web page or a word processor): delete it and type an ordinary space",
        id="non-breaking-space-after-the-colon",
    ),
    pytest.param(
        ["- url: https://example.org/a", "\xa0\xa0title: Foo", "  date: 2026-11-23"],
        2,
        "this line has a non-breaking space at the start of the line, which looks like a space but is not one to YAML (it comes with text copied from a web page or a word processor): delete it and type an ordinary space",
        id="non-breaking-spaces-as-indentation",
    ),
    pytest.param(
        ["- url: https://example.org/a", '  title: "C:\\Users\\me"', "  date: 2026-11-23"],
        2,
        "inside double quotes, a backslash (\\) starts a code for a special character, and '\\U' is none: put the title in single quotes instead: title: 'C:\\Users\\me'",
        id="backslash-in-double-quotes",
    ),
    pytest.param(
        ["- url: https://example.org/a", '  title: "C:\\Users\\Sam\'s files"', "  date: 2026-11-23"],
        2,
        "inside double quotes, a backslash (\\) starts a code for a special character, and '\\U' is none: write each \\ as \\\\",
        id="backslash-and-apostrophe-in-double-quotes",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  note: |", "  My text.", "  date: 2026-11-23"],
        4,
        "the text of 'note: |' on line 3 must be indented more than 'note:': put 4 spaces before each of its lines",
        id="note-text-not-indented",
    ),
    pytest.param(
        ["summary: |", "What I learned.", "links:", "  - url: https://example.org/a"],
        2,
        "the text of 'summary: |' on line 1 must be indented more than 'summary:': put 2 spaces before each of its lines",
        id="summary-text-not-indented",
    ),
    pytest.param(
        [
            "- url: https://example.org/a",
            "  title: A",
            "  note: first line",
            "  second line here",
            "  date: 2026-11-23",
        ],
        4,
        "this line has no ':' after a name, so it is not a field, and it is not indented under one: if it goes on with the note from line 3, put 4 spaces before it (and write 'note: |' on line 3 to keep its line breaks); if 'second' is the name of a field, put a colon and a space after it",
        id="note-going-on-at-the-field-indentation",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title Foo", "  date: 2026-11-23"],
        2,
        "put a colon and a space after 'title': title: Foo",
        id="colon-forgotten",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  tags: [memory, habits", "  date: 2026-11-23"],
        3,
        "the list of tags that starts with '[' is never closed: end it with ']'",
        id="tags-list-never-closed",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: [unclosed", "  date: 2026-11-23"],
        2,
        "the title starts with '[', which YAML reads as the start of a list, and no ']' closes it: if the '[' is part of the title, put the title in quotes: title: \"[unclosed\"; if it starts a list, end it with ']'",
        id="title-starting-with-an-unclosed-bracket",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  tags: [memory, #edchat]", "  date: 2026-11-23"],
        3,
        "inside [ ], ' #' starts a comment, so the rest of the line is left out, ']' too: put each word that starts with '#' in quotes: tags: [memory, \"#edchat\"]",
        id="hash-inside-a-tags-list",
    ),
    pytest.param(
        [
            "- url: https://example.org/a",
            "  title: A",
            "  tags: [memory, #edchat]",
            "- url: https://example.org/b",
            "  title: B",
        ],
        3,
        HASH_IN_TAGS,
        id="hash-inside-the-tags-list-before-another-link",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  tags: [memory, #edchat]"],
        3,
        HASH_IN_TAGS,
        id="hash-inside-the-tags-list-on-the-last-line",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  tags: [memory, #edchat", "- url: https://example.org/b"],
        3,
        "inside [ ], ' #' starts a comment, so the rest of the line is left out, ']' too: put each word that starts "
        "with '#' in quotes and end it with ']': tags: [memory, \"#edchat\"]",
        id="hash-inside-a-tags-list-never-closed",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  tags: [memory,", "    #edchat]", "- url: https://example.org/b"],
        3,
        "inside [ ], ' #' starts a comment, so the rest of the line is left out, ']' too: put each word that starts "
        "with '#' in quotes",
        id="hash-inside-a-tags-list-over-two-lines",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  tags: [a, [b]", "- url: https://example.org/b", "  title: B"],
        3,
        LIST_IN_TAGS,
        id="list-inside-the-tags-list-before-another-link",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  tags: [a, [b]"],
        3,
        LIST_IN_TAGS,
        id="list-inside-the-tags-list-on-the-last-line",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: [a, [b]", "  date: 2026-11-23"],
        2,
        "the title starts with '[', which YAML reads as the start of a list, and it holds 2 '[' and only 1 ']', so "
        "it is never closed: if the '[' is part of the title, put the title in quotes: title: \"[a, [b]\"; if it "
        "starts a list, remove the extra '[' or end it with ']'",
        id="list-inside-a-title-starting-with-a-bracket",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  tags: [memory, habits]]", "  date: 2026-11-23"],
        3,
        "there is one ']' too many in the tags: remove the extra ']'",
        id="one-bracket-too-many",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  date: 2026-11-23", "...", "- url: https://example.org/b"],
        4,
        "a line '...' marks the end of the YAML, so nothing may follow it: remove this line",
        id="text-after-a-line-of-three-dots",
    ),
    pytest.param(
        [
            "# Week 48",
            " summary: A week.",
            "links:",
            "  - url: https://example.org/a",
            "    title: A",
            "    date: 2026-11-23",
        ],
        2,
        "'summary:', the first field of the file, is indented, so YAML takes a line further left, such as line 3, for the start of something else: remove the 1 space at the start of this line",
        id="first-field-indented",
    ),
    pytest.param(
        ["links:", "   - url: https://example.org/a", "    title: A", "    date: 2026-11-23"],
        2,
        "'url:' is indented more than the fields below it: put 2 spaces before the '-', so that 'url:' lines up with 'title:' on line 3",
        id="first-link-dash-indented-more",
    ),
    pytest.param(
        [
            "links:",
            "    url: https://example.org/a",
            "    title: A",
            "    date: 2026-11-23",
            "  - url: https://example.org/b",
            "    title: B",
            "    date: 2026-11-24",
        ],
        2,
        "this link has no '- ' before it, unlike the one on line 5: start each link with '- ': - url: https://example.org/a",
        id="first-link-without-its-dash",
    ),
    pytest.param(
        [
            "url: https://example.org/a",
            "title: A",
            "date: 2026-11-23",
            "- url: https://example.org/b",
            "  title: B",
            "  date: 2026-11-24",
        ],
        1,
        "this link has no '- ' before it, unlike the one on line 4: start each link with '- ': - url: https://example.org/a",
        id="first-link-of-a-plain-list-without-its-dash",
    ),
    pytest.param(
        ["url: https://example.org/a", "  title: A", "  date: 2026-11-23"],
        1,
        "this link has no '- ' before it, so YAML reads 'title:' on line 2 as part of the url: start each link with "
        "'- ': - url: https://example.org/a",
        id="only-link-without-its-dash-fields-indented",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  note: hello", "    title: B"],
        3,
        "'title:' is indented more than 'note:' on line 2, so YAML reads it as part of the note: put 2 spaces "
        "before 'title:', lined up with 'note:' on line 2",
        id="a-field-indented-under-a-later-field",
    ),
    pytest.param(
        ["links:", "  - url: https://example.org/a", "\t", "    title: A", "    date: 2026-11-23"],
        3,
        "this line holds a tab and nothing else, which YAML does not allow here: delete the tab",
        id="a-line-of-only-a-tab",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: A", "  : B"],
        3,
        "this line starts with ':', with no field name before it: write the name, such as 'title:'",
        id="colon-with-no-name",
    ),
    pytest.param(
        ["- url: https://example.org/a", "  title: &more stuff", "  date: 2026-11-23"],
        2,
        "YAML anchors (&) and aliases (*) are not allowed; write the value out in full; if the '&' is part of the title, put the title in quotes: title: \"&more stuff\"",
        id="anchor-that-may-be-text",
    ),
]

# A title starting with a character YAML reserves: each says why, and shows the title in quotes.
RESERVED = [
    pytest.param(
        "*important* read this",
        "the title starts with '*', which YAML reads as a reference to another value: put the title in quotes: title: \"*important* read this\"",
        id="star",
    ),
    pytest.param(
        "[Draft] my notes",
        "the title starts with '[', which YAML reads as the start of a list: put the title in quotes: title: \"[Draft] my notes\"",
        id="bracket",
    ),
    pytest.param(
        "{Draft} notes",
        "the title starts with '{', which YAML reads as the start of a group of fields: put the title in quotes: title: \"{Draft} notes\"",
        id="brace",
    ),
    pytest.param(
        "@jane tips",
        "the title starts with '@', which YAML keeps for itself: put the title in quotes: title: \"@jane tips\"",
        id="at",
    ),
    pytest.param(
        "`code` tips",
        'the title starts with a backtick (`), which YAML keeps for itself: put the title in quotes: title: "`code` tips"',
        id="backtick",
    ),
    pytest.param(
        "%50 off",
        "the title starts with '%', which YAML keeps for itself: put the title in quotes: title: \"%50 off\"",
        id="percent",
    ),
    pytest.param(
        "& more",
        "the title starts with '&', which YAML reads as a name given to the value: put the title in quotes: title: \"& more\"",
        id="ampersand",
    ),
    pytest.param(
        "!important note",
        "the title starts with '!', which YAML reads as the name of a type ('!important'), not text: put the title in quotes: title: \"!important note\"",
        id="bang",
    ),
    pytest.param(
        "| my notes",
        "the title starts with '|', which YAML reads as the start of a block of text on the lines below: move the text after '|' to the next line, indented by 2 spaces more than 'title:', or, to begin the title with '|', put the title in quotes: title: \"| my notes\"",
        id="pipe",
    ),
    pytest.param(
        "> 50 students",
        "the title starts with '>', which YAML reads as the start of a block of text on the lines below: move the text after '>' to the next line, indented by 2 spaces more than 'title:', or, to begin the title with '>', put the title in quotes: title: \"> 50 students\"",
        id="greater-than",
    ),
    pytest.param(
        ">50 students",
        "the title starts with '>', which YAML reads as the start of a block of text on the lines below: put the title in quotes: title: \">50 students\"",
        id="greater-than-no-space",
    ),
    pytest.param(
        "- my list",
        "the title starts with '- ', which YAML reads as the start of a list item: put the title in quotes: title: \"- my list\"",
        id="dash",
    ),
    pytest.param(
        "? what",
        "the title starts with '?', which YAML reads as the start of a field name: put the title in quotes: title: \"? what\"",
        id="question-mark",
    ),
    pytest.param(
        ", hello",
        "the title starts with ',', which YAML keeps for lists: put the title in quotes: title: \", hello\"",
        id="comma",
    ),
]

BLOGROLL = [
    pytest.param(
        ["- id: janedoe", "  name: Jane Doe: maths teacher", "  site: https://janedoe.example"],
        2,
        "the name holds ': ' (a colon and a space), which YAML reads as the start of a new field: put the name in quotes: name: \"Jane Doe: maths teacher\"",
        id="colon-in-a-name",
    ),
    pytest.param(
        ["- id: janedoe", "\tname: Jane Doe", "  site: https://janedoe.example"],
        2,
        "this line is indented with a tab, and YAML allows only spaces: replace the tab with 2 spaces, lining 'name:' up with 'id:' on line 1",
        id="tab-before-a-field",
    ),
    pytest.param(
        [
            "- id: janedoe",
            "  name: Jane Doe",
            "  site: https://janedoe.example",
            "  id: sam",
            "  name: Sam",
            "  site: https://sam.example",
        ],
        4,
        "'id' appears a second time in this person (first on line 1), so a new person starts here without its '- ': start each person with '- ', as in '- id:', lined up with the '-' above",
        id="new-person-without-a-dash",
    ),
    pytest.param(
        ["- id: janedoe", "  name: Jane Doe", "  site: https://janedoe.example", "id: sam", "  name: Sam"],
        4,
        "a new person starts here without its '- ': start each person with '- ', lined up with the '-' on line 1: - id: sam",
        id="new-person-without-a-dash-at-the-start-of-the-line",
    ),
    pytest.param(
        ["- id: janedoe", '  name: "Jane Doe', "  site: https://janedoe.example"],
        2,
        'the name starts with a quote (") that is never closed, so YAML reads on into the lines below: add " at the end of the name: name: "Jane Doe"',
        id="quote-never-closed",
    ),
    pytest.param(
        ["- id: janedoe", "  name: Jane Doe", "  site: https://janedoe.example", "  note: Writes about #mathchat"],
        4,
        "YAML reads ' #' as the start of a comment, so '#mathchat' is left out of the note: put the note in quotes: note: \"Writes about #mathchat\" (if it is a comment, put a space after the '#')",
        id="hashtag-in-a-note",
    ),
    pytest.param(
        ["- id: janedoe", "  name: @janedoe", "  site: https://janedoe.example"],
        2,
        "the name starts with '@', which YAML keeps for itself: put the name in quotes: name: \"@janedoe\"",
        id="at-sign",
    ),
    pytest.param(
        ["- id: janedoe", "  name: Jane Doe", "  site: https://janedoe.example", "  name: Jane"],
        4,
        "'name' appears twice (first on line 2); keep one",
        id="name-twice",
    ),
    pytest.param(
        ["- id: janedoe", "  name: Jane Doe", "  site: https://janedoe.example", "  tags: [maths, assessment"],
        4,
        "the list of tags that starts with '[' is never closed: end it with ']'",
        id="tags-never-closed",
    ),
    pytest.param(
        ["- id: janedoe", "  name: Jane Doe", "  tags: [memory, #edchat]", "- id: sam", "  name: Sam"],
        3,
        HASH_IN_TAGS,
        id="hash-inside-the-tags-list-before-another-person",
    ),
    pytest.param(
        ["- id: janedoe", "  name: Jane Doe", "  tags: [memory, #edchat]"],
        3,
        HASH_IN_TAGS,
        id="hash-inside-the-tags-list-on-the-last-line",
    ),
    pytest.param(
        ["- id: janedoe", "  name: Jane Doe", "  tags: [a, [b]", "- id: sam", "  name: Sam"],
        3,
        LIST_IN_TAGS,
        id="list-inside-the-tags-list-before-another-person",
    ),
    pytest.param(
        ["- id: janedoe", "  name: Jane Doe", "  tags: [a, [b]"],
        3,
        LIST_IN_TAGS,
        id="list-inside-the-tags-list-on-the-last-line",
    ),
]

# Front matter: line 1 is the opening '---', so the lines are the post file's.
FRONT_MATTER = [
    pytest.param(
        ["title: Retrieval practice: a guide", "date: 2026-11-20"],
        2,
        "the title holds ': ' (a colon and a space), which YAML reads as the start of a new field: put the title in quotes: title: \"Retrieval practice: a guide\"",
        id="colon-in-the-title",
    ),
    pytest.param(
        ["title: A", "\tdate: 2026-11-20"],
        3,
        "this line is indented with a tab, and YAML allows only spaces: delete the tab, so that 'date:' starts the line like 'title:' on line 2",
        id="tab-before-a-field",
    ),
    pytest.param(
        ["title:Week 3", "date: 2026-11-20"],
        2,
        "put a space after the colon: title: Week 3",
        id="no-space-after-the-colon",
    ),
    pytest.param(
        ["title: Week #3", "date: 2026-11-20"],
        2,
        "YAML reads ' #' as the start of a comment, so '#3' is left out of the title: put the title in quotes: title: \"Week #3\" (if it is a comment, put a space after the '#')",
        id="lost-after-hash",
    ),
    pytest.param(
        ['title: "The "best" way"', "date: 2026-11-20"],
        2,
        'the title starts and ends with ", so the " inside it ends it too early: put the title in single quotes instead: title: \'The "best" way\'',
        id="double-quote-inside-double-quotes",
    ),
    pytest.param(
        ["title: “Retrieval practice: a guide”", "date: 2026-11-20"],
        2,
        "the title is in curly quotes (“ ”), which YAML does not take for quotes (a word processor makes them), and it holds ': ' (a colon and a space), which YAML reads as the start of a new field: type straight quotes instead: title: \"Retrieval practice: a guide\"",
        id="curly-quotes",
    ),
    pytest.param(
        ["title: A", "  date: 2026-11-20"],
        3,
        "'date:' is indented more than 'title:' on line 2, so YAML reads it as part of the title: move 'date:' to the start of the line, lined up with 'title:' on line 2",
        id="field-indented-more",
    ),
    pytest.param(
        ["title: A", "date: 2026-11-20", "tags: [memory, habits"],
        4,
        "the list of tags that starts with '[' is never closed: end it with ']'",
        id="tags-never-closed",
    ),
    pytest.param(["title: A", "tags: [memory, #edchat]", "date: 2026-11-20"], 3, HASH_IN_TAGS, id="hash-in-tags"),
    pytest.param(["title: A", "tags: [memory, #edchat]"], 3, HASH_IN_TAGS, id="hash-in-tags-on-the-last-line"),
    pytest.param(["title: A", "tags: [a, [b]", "date: 2026-11-20"], 3, LIST_IN_TAGS, id="list-in-tags"),
    pytest.param(["title: A", "tags: [a, [b]"], 3, LIST_IN_TAGS, id="list-in-tags-on-the-last-line"),
    pytest.param(
        ["title: [Draft] my notes", "date: 2026-11-20"],
        2,
        "the title starts with '[', which YAML reads as the start of a list: put the title in quotes: title: \"[Draft] my notes\"",
        id="title-starting-with-a-bracket",
    ),
    pytest.param(
        ["title: A", "summary: |", "What I learned.", "date: 2026-11-20"],
        4,
        "the text of 'summary: |' on line 3 must be indented more than 'summary:': put 2 spaces before each of its lines",
        id="summary-text-not-indented",
    ),
    pytest.param(
        ["title: !Important", "date: 2026-11-20"],
        2,
        "the title starts with '!', which YAML reads as the name of a type ('!Important'), not text: put the title in quotes: title: \"!Important\"",
        id="title-starting-with-a-bang",
    ),
    pytest.param(
        ["title:\xa0A", "date: 2026-11-20"],
        2,
        "this line has a non-breaking space after 'title:', which looks like a space but is not one to YAML (it comes with text copied from a web page or a word processor): delete it and type an ordinary space",
        id="non-breaking-space-after-the-colon",
    ),
    pytest.param(
        ['title: "C:\\Users\\me"', "date: 2026-11-20"],
        2,
        "inside double quotes, a backslash (\\) starts a code for a special character, and '\\U' is none: put the title in single quotes instead: title: 'C:\\Users\\me'",
        id="backslash-in-double-quotes",
    ),
    pytest.param(
        ['title: "A', "date: 2026-11-20"],
        2,
        'the title starts with a quote (") that is never closed, so YAML reads on into the lines below: add " at the end of the title: title: "A"',
        id="quote-never-closed",
    ),
    pytest.param(
        ["title: A", "date: 2026-11-20", "title: B"],
        4,
        "'title' appears twice (first on line 2); keep one",
        id="title-twice",
    ),
]


@pytest.mark.parametrize(("rows", "line", "message"), LINK_NOTES)
def test_link_notes(loader, rows, line, message):
    assert link_problems(rows) == [(line, message)]


@pytest.mark.parametrize(("title", "message"), RESERVED)
def test_a_title_starting_with_a_reserved_character(loader, title, message):
    assert link_problems(["- url: https://example.org/a", f"  title: {title}", "  date: 2026-11-23"]) == [(2, message)]


@pytest.mark.parametrize(("rows", "line", "message"), BLOGROLL)
def test_blogroll(loader, rows, line, message):
    assert blogroll_problems(rows) == [(line, message)]


@pytest.mark.parametrize(("rows", "line", "message"), FRONT_MATTER)
def test_front_matter(loader, rows, line, message):
    assert front_matter_problems(rows) == [(line, message)]


@pytest.mark.parametrize(
    "rows",
    [
        ["- url: https://example.org/a", "  title: C# tips", "  date: 2026-11-23"],
        ["- url: https://example.org/a", "  title: A", "  date: 2026-11-23  # a Monday"],
        [
            "- url: https://example.org/a",
            "  title: A",
            "  date: 2026-11-23",
            "  note: |",
            "    #edchat is great!",
            "    - !yes",
        ],
        ["- url: https://example.org/a", '  title: "Week #3"', "  date: 2026-11-23", "  tags: ['#edchat', pln]"],
        ["- url: https://example.org/a", "  title: Wow! It's here", "  date: 2026-11-23"],
        ["- url: https://example.org/a", "  title: “Curly quotes” are fine", "  date: 2026-11-23"],
    ],
    ids=["c-sharp", "comment", "hash-and-bang-in-a-note", "hash-in-quotes", "bang-inside-text", "curly-quotes-alone"],
)
def test_what_is_not_a_mistake_is_left_alone(loader, rows):
    assert link_problems(rows) == []


def test_a_tab_after_the_colon(loader):
    """libyaml reads a tab after 'title:' as a space; PyYAML's own reader refuses it, and says what to do."""
    expected = (
        []
        if loader.__name__ == "CSafeLoader"
        else [(2, "this line has a tab after 'title:', where YAML needs a space: replace the tab with a space")]
    )
    assert link_problems(["- url: https://example.org/a", "  title:\tA", "  date: 2026-11-23"]) == expected


def test_windows_1252_files_are_refused_with_the_line(loader):
    text = "- url: https://example.org/a\n  title: \u201cCaf\u00e9\u201d\n  date: 2026-11-23\n"
    problems = parse_links_file(text.encode("cp1252"), 1_000_000, str)["problems"]
    assert problems == [
        (
            2,
            "this file is not UTF-8 text (byte 0x93 on this line); save it from your editor with the encoding set to UTF-8",
        )
    ]


def test_a_mistake_no_check_knows_gets_what_to_try_and_the_parser_s_words_in_brackets(loader):
    [(line, message)] = front_matter_problems(["title: Hello", "My thoughts: on it: now"])
    assert line == 3
    plain, _, words = message.partition(BRACKETED)
    assert plain == (
        "YAML cannot read this line: check that it is indented with spaces exactly like the lines it belongs with, "
        "and each field is written 'name: value', with a space after the colon"
    )
    assert words.startswith("mapping values are not allowed") and words.endswith(")")


def test_the_anchor_message_is_kept_for_anchors():
    rows = ["- &first", "  url: https://example.org/a", "  title: A", "  date: 2026-11-23"]
    assert link_problems(rows) == [(1, "YAML anchors (&) and aliases (*) are not allowed; write the value out in full")]


def test_the_author_sees_each_message_in_the_build(tmp_path):
    site = Site(tmp_path)
    site.links(
        "2026-W48.yaml",
        text_of(
            [
                "- url: https://example.org/retrieval",
                "  title: Retrieval practice: a guide",
                "  date: 2026-11-23",
                "  url: https://example.org/spacing",
            ]
        ),
    )
    site.links("2026-W49.yaml", text_of(["- url: https://example.org/a", "\ttitle: A", "  date: 2026-11-30"]))
    site.links("2026-W50.yaml", text_of(["- url: https://example.org/a", "  title: Week #3", "  date: 2026-12-07"]))
    blogroll = "- id: jane\n  name: \u201cJane\u201d\n  site: https://jane.example\n"  # saved by Word, as Windows-1252
    (site.content / "blogroll.yaml").write_bytes(blogroll.encode("cp1252"))
    site.post("yaml.md", '---\ntitle: The "best" way"\ndate: 2026-11-20\ntags: [memory, habits\n---\nText.\n')
    site.post("latin.md", "Title: Caf\u00e9\nDate: 2026-11-20\n\nText.\n".encode("cp1252"))
    build = run_build(site.settings, tmp_path / "output")
    assert build.returncode == 1, build.log
    assert "Traceback" not in build.log
    shown = [line.strip() for line in build.log.splitlines() if line.startswith("  content/")]
    assert shown == [
        "content/blogroll.yaml:2: this file is not UTF-8 text (byte 0x93 on this line); save it from your editor with the "
        "encoding set to UTF-8",
        "content/links/2026-W48.yaml:2: the title holds ': ' (a colon and a space), which YAML reads as the start "
        'of a new field: put the title in quotes: title: "Retrieval practice: a guide"',
        "content/links/2026-W49.yaml:2: this line is indented with a tab, and YAML allows only spaces: replace the "
        "tab with 2 spaces, lining 'title:' up with 'url:' on line 1",
        "content/links/2026-W50.yaml:2: YAML reads ' #' as the start of a comment, so '#3' is left out of the "
        "title: put the title in quotes: title: \"Week #3\" (if it is a comment, put a space after the '#')",
        "content/posts/latin.md:1: this file is not UTF-8 text (byte 0xe9 on this line); save it from your editor "
        "with the encoding set to UTF-8",
        "content/posts/yaml.md:4: the list of tags that starts with '[' is never closed: end it with ']'",
    ]


def test_a_missing_dash_is_one_message_not_one_per_field(loader):
    rows = ["- url: https://example.org/a", "  title: A", "  date: 2026-11-23"]
    rows += ["  url: https://example.org/b", "  title: B", "  date: 2026-11-24"]
    rows += ["  url: https://example.org/c", "  title: C", "  title: D"]
    assert [line for line, _ in link_problems(rows)] == [4, 7, 9]
    assert link_problems(rows)[2] == (9, "'title' appears twice (first on line 8); keep one")


# Composing any text: a node or the reasons, on lines of the file, in plain words, and never an exception.

PIECES = st.sampled_from(
    [
        "- ", "-", "url: https://example.org/a", "title: ", "date: 2026-11-23", "note: |", "tags: ", "links:",
        "summary: >", ": ", ":", " #", "#x", "'", '"', "\u201c", "\u201d", "[", "]", "{", "}", "*", "&", "!",
        "|", ">", "@", "`", "%", "?", ",", "\\", "\t", "\u00a0", "\n", "\n  ", "\n    ", "\r\n", "\r", "  ",
        "---", "...", "a", "Retrieval practice", "2026",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.lists(PIECES, max_size=40).map("".join), st.text(max_size=120))


def lines_in(text: str) -> int:
    """The lines an editor shows: a line break at the very end starts no line."""
    breaks = re.split(r"\r\n|\r|\n", text)
    return max(1, len(breaks) - (1 if len(breaks) > 1 and not breaks[-1] else 0))


@pytest.mark.parametrize("parser", LOADERS, ids=lambda loader: loader.__name__)
@given(text=TEXTS)
def test_any_text_gives_a_node_or_plain_problems_on_its_lines(parser, text):
    with reading_with(parser):
        node, problems = strict_yaml.compose(text, item="link")
    if node is None and not problems:  # nothing but blank lines and comments
        assert list(yaml.compose_all(text, Loader=parser)) == []
    for line, message in problems:
        assert 1 <= line <= lines_in(text), (line, message)
        plain, bracketed, _ = message.partition(BRACKETED)
        assert plain.strip(), message
        assert not any(phrase in plain for phrase in RAW_PHRASES), message
        if bracketed:
            assert message.endswith(")"), message


# A good file costs no more than before: one pass of the parser, one of the composer, no message made.


@pytest.mark.parametrize(
    "path",
    [*sorted((SAMPLE / "content" / "links").glob("*.yaml")), SAMPLE / "content" / "blogroll.yaml"],
    ids=lambda p: p.name,
)
def test_a_good_file_is_parsed_once_and_nothing_is_explained(monkeypatch, path: Path):
    calls = {"parse": 0, "compose_all": 0}
    for name in calls:
        original = getattr(yaml, name)

        def counted(*args, name=name, original=original, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(yaml, name, counted)
    for name in ("explain", "lost_after_hash", "tag_at_start", "anchor_or_alias", "new_item_without_dash"):
        monkeypatch.setattr(yaml_messages, name, lambda *args, name=name: pytest.fail(f"{name} called for {path}"))
    text = path.read_text(encoding="utf-8") + "  # and #hashtags in a comment, or in a note: #edchat!\n"
    node, problems = strict_yaml.compose(text)
    assert node is not None and problems == []
    assert calls == {"parse": 1, "compose_all": 1}


def test_a_long_run_of_spaces_in_a_value_is_read_in_one_pass():
    """A value padded with 200,000 spaces, in a file with a mistake further down: reading its lines took time
    in the square of the run (a lazy pattern before trailing spaces), about 40 minutes for a 1 MB file."""
    from learnlog_core.yaml_messages import read_line

    line = read_line("  title: x" + " " * 200_000 + "y   ")
    assert (line.key, line.value) == ("title", "x" + " " * 200_000 + "y")
    text = "- url: https://example.org/a\n  title: x" + " " * 200_000 + "y\n  date: 2026-11-24\n  note: a: b\n"
    problems = parse_links_file(text.encode(), 10**7, str)["problems"]
    assert problems and problems[0][0] == 4


# A line of a million characters, a long run of spaces in it followed by a character the checks look for: each
# is explained in one pass over the line. Patterns that could start again at each space of the run took time in
# the square of its length: 60 s for 200,000 spaces before ': ', about 20 minutes for a million.

MILLION = " " * 1_000_000
LONG_LINES = [
    (": ", ["  title: a" + MILLION + ": c"], "the title holds ': ' (a colon and a space)"),
    ("#", ["  tags: [a," + MILLION + "#b]", "- url: https://example.org/b"], "inside [ ], ' #' starts a comment"),
    (" #", ["  title: a" + MILLION + "#b"], "YAML reads ' #' as the start of a comment, so '#b' is left out"),
    ("*", ["  title: *a" + MILLION + "*b"], "YAML anchors (&) and aliases (*) are not allowed"),
    ("&", ["  title: &a" + MILLION + "&b"], "YAML anchors (&) and aliases (*) are not allowed"),
    ("[", ["  title: [a," + MILLION + "[b]"], "the title starts with '[', which YAML reads as the start of a list"),
    ("'", ["  title: 'a" + MILLION + "'b'"], "the title starts and ends with ', so the ' inside it ends it too early"),
    ('"', ['  title: "a' + MILLION + '"b"'], 'the title starts and ends with ", so the " inside it ends it too early'),
    ("|", ["  title: |" + MILLION + "|b"], "the title starts with '|', which YAML reads as the start of a block"),
]


@contextlib.contextmanager
def deadline(seconds: float, doing: list[str]):
    """Stop what runs inside after `seconds` (SIGALRM interrupts a regular expression too), failing with what
    it was doing, rather than letting a quadratic pattern run for minutes."""

    def stop(signum, frame):
        raise TimeoutError(f"still explaining after {seconds} s: {doing[-1]}")

    before = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def test_a_million_character_line_is_explained_in_one_pass():
    """Each shape takes about 0.1 s (parsing with the C loader included); 5 s for all of them leaves room for a
    busy machine while stopping the quadratic time they used to take. The Python loader is left out only to keep
    this test quick: the lines are explained by the same code."""
    doing = ["starting"]
    with reading_with(LOADERS[-1]), deadline(5, doing):
        for name, rows, start in LONG_LINES:
            doing.append(f"a run of spaces before {name!r}")
            text = text_of(["- url: https://example.org/a", *rows, "  date: 2026-11-23"])
            _, problems = strict_yaml.compose(text, item="link")
            assert [line for line, _ in problems] == [2], (name, problems)
            assert problems[0][1].startswith(start), (name, problems[0][1][:200])


# The patterns and loops made linear give what the simple ones gave, on any short text.

SHORT_TEXT = st.text(alphabet=" \t#'\"\\ab:[]{},", max_size=30)


@given(value=SHORT_TEXT)
def test_a_comment_is_cut_where_the_simple_pattern_cut_it(value):
    assert yaml_messages._without_comment(value) == re.split(r"[ \t]+#(?=[ \t]|$)", value, maxsplit=1)[0]


@given(value=SHORT_TEXT, quote=st.sampled_from(["'", '"']))
def test_a_closing_quote_is_found_where_reading_each_character_found_it(value, quote):
    text, position, expected = quote + value, 1, -1
    while position < len(text):
        char, after = text[position], text[position + 1 : position + 2]
        escaped = (quote == '"' and char == "\\") or (quote == "'" and char + after == "''")
        if char == quote and not escaped:
            expected = position
            break
        position += 2 if escaped else 1
    assert yaml_messages._closing(text) == expected
