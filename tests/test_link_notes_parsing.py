"""Unit tests of reading one link-notes file: one test per rule, each with the exact message."""

from __future__ import annotations

import re
import textwrap
from datetime import datetime, timedelta, timezone

import pytest
from link_notes.parsing import parse_links_file
from link_notes.render import NoteRenderer

RENDER = NoteRenderer()
GOOD = """\
- url: https://example.org/spaced-practice
  title: Why spaced practice beats cramming
  date: 2026-11-23 09:15
"""


def parse(text: str | bytes, max_bytes: int = 1_000_000) -> dict:
    raw = text if isinstance(text, bytes) else textwrap.dedent(text).encode("utf-8")
    return parse_links_file(raw, max_bytes, RENDER)


def problems(text: str | bytes, **options) -> list[tuple[int, str]]:
    return parse(text, **options)["problems"]


def test_a_valid_list():
    result = parse(GOOD + "  tags: [memory, learning-science]\n  note: What I *learned*.\n  via: janedoe\n")
    assert result["problems"] == []
    [link] = result["links"]
    assert link["url"] == "https://example.org/spaced-practice"
    assert link["title"] == "Why spaced practice beats cramming"
    assert link["date"] == datetime(2026, 11, 23, 9, 15)
    assert link["tags"] == ["memory", "learning-science"]
    assert link["note"] == "<p>What I <em>learned</em>.</p>"
    assert link["via"] == "janedoe"
    assert link["line"] == 1


def test_the_summary_shape():
    result = parse("summary: A **good** week.\nlinks:\n" + textwrap.indent(GOOD, "  "))
    assert result["problems"] == []
    assert result["summary"] == "<p>A <strong>good</strong> week.</p>"
    assert len(result["links"]) == 1


def test_tags_as_a_comma_separated_string():
    assert parse(GOOD + "  tags: memory, habits ,\n")["links"][0]["tags"] == ["memory", "habits"]


def test_an_empty_file_has_no_links_and_no_problems():
    assert parse("") == {"summary": None, "links": [], "problems": []}
    assert parse("# just a comment\n") == {"summary": None, "links": [], "problems": []}


def test_yaml_syntax_error():
    assert problems("- url: https://example.org\n  title: [unclosed\n  date: 2026-11-23\n") == [
        (
            2,
            "the title starts with '[', which YAML reads as the start of a list, and no ']' closes it: if the '[' "
            "is part of the title, put the title in quotes: title: \"[unclosed\"; if it starts a list, end it with ']'",
        )
    ]


def test_unknown_key_suggests_the_closest():
    assert problems(GOOD + "  titel: typo\n") == [(4, "unknown field 'titel' in a link; did you mean 'title'?")]
    assert problems(GOOD + "  colour: red\n") == [
        (4, "unknown field 'colour' in a link; allowed: url, title, date, tags, note, via, quote, draft, id")
    ]


@pytest.mark.parametrize(
    ("missing", "example"),
    [
        ("url", "url: https://example.org/article"),
        ("title", "title: What the page is called"),
        ("date", "date: 2026-11-23 09:15"),
    ],
)
def test_missing_required_field(missing, example):
    text = "".join(line + "\n" for line in GOOD.splitlines() if not line.lstrip("- ").startswith(missing + ":"))
    if not text.startswith("-"):
        text = "- " + text.lstrip()
    assert problems(text) == [(1, f"this link has no '{missing}'; add a line such as '{example}'")]


def test_wrong_types():
    assert problems(GOOD + "  note: [a, list]\n") == [(4, "'note' must be text, got a list")]
    assert problems(GOOD + "  tags: {a: b}\n") == [
        (4, "'tags' must be a list such as [memory, habits], or words separated by commas")
    ]
    assert problems(GOOD + "  draft: maybe\n") == [(4, "'draft' must be true or false")]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("no", "true/false value"),
        ("yes", "true/false value"),
        ("on", "true/false value"),
        ("1.10", "number"),
        ("012345", "number"),
    ],
)
def test_yaml_1_1_surprises_where_text_is_expected(value, kind):
    assert problems(GOOD.replace("Why spaced practice beats cramming", value)) == [
        (2, f"""'title' must be text, but YAML reads {value} as a {kind}; write "{value}" in quotes""")
    ]
    assert problems(GOOD + f"  tags: [memory, {value}]\n") == [
        (4, f"""each tag must be text, but YAML reads {value} as a {kind}; write "{value}" in quotes""")
    ]


def test_quoted_surprises_are_fine():
    assert problems(GOOD.replace("Why spaced practice beats cramming", '"no"') + '  tags: ["1.10"]\n') == []


def test_duplicate_keys():
    assert problems(GOOD + "  title: Again\n") == [(4, "'title' appears twice (first on line 2); keep one")]


def test_anchors_and_aliases_are_refused():
    text = "- &first\n  url: https://example.org/a\n  title: A\n  date: 2026-11-23\n- *first\n"
    assert problems(text) == [(1, "YAML anchors (&) and aliases (*) are not allowed; write the value out in full")]


@pytest.mark.parametrize(
    "text",
    [
        "- url: https://example.org/a\n  title: &t A\n  date: 2026-11-23\n",
        "- url: https://example.org/a\n  title: A\n  date: 2026-11-23\n  tags: [x, *t]\n",
        "- {url: https://example.org/a, title: &t A, date: 2026-11-23}\n",
    ],
)
def test_anchors_and_aliases_are_refused_wherever_they_are(text):
    assert "YAML anchors (&) and aliases (*) are not allowed" in problems(text)[0][1]


def test_stars_and_ampersands_in_text_are_fine():
    text = GOOD + "  note: |\n    *Spacing* & interleaving: a*b and R&D.\n"
    assert problems(text) == []


def test_python_tags_are_refused():
    text = GOOD + "  note: !!python/object/apply:os.system [echo owned]\n"
    assert problems(text) == [
        (4, "the YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed; write a plain value")
    ]


@pytest.mark.parametrize("written", ["2026-11-31", "2026-13-01", "23/11/2026", "next week", "2026-11-23 9:15"])
def test_invalid_dates(written):
    assert problems(GOOD.replace("2026-11-23 09:15", written)) == [
        (3, f"'date' is not a valid date: '{written}'; write it as 2026-11-23 or 2026-11-23 09:15")
    ]


def test_dates_and_offsets():
    assert parse(GOOD.replace("2026-11-23 09:15", "2026-11-23"))["links"][0]["date"] == datetime(2026, 11, 23)
    moment = parse(GOOD.replace("2026-11-23 09:15", "2026-11-29 23:30 -05:00"))["links"][0]["date"]
    assert moment == datetime(2026, 11, 29, 23, 30, tzinfo=timezone(timedelta(hours=-5)))


def test_non_utf8_file():
    assert problems(GOOD.replace("cramming", "café").encode("latin-1")) == [
        (
            2,
            "this file is not UTF-8 text (byte 0xe9 on this line); save it from your editor with the encoding set to UTF-8",
        )
    ]


@pytest.mark.parametrize("text", ["just some words\n", "42\n", "url: https://example.org\ntitle: A\n"])
def test_top_level_that_is_neither_shape(text):
    [(line, message)] = problems(text)
    assert line == 1
    assert message.startswith(
        "the file must be a list of links (each starting with '- url:'), or 'summary:' and 'links:'"
    )


def test_summary_without_links_key():
    assert problems("summary: A week.\n") == [(1, "the file has no 'links:' list; add 'links:' and the links below it")]


def test_several_documents():
    assert problems(GOOD + "---\n" + GOOD) == [(4, "only one YAML document is allowed; remove the extra '---' line")]


def test_control_characters_in_text():
    [(line, message)] = problems(GOOD + '  note: "bell \\a here"\n')
    assert line == 4
    assert message.startswith("'note' contains an invisible control character (U+0007)")
    assert "delete it" in message


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "'url' must be a web address starting with https:// or http://, not 'javascript:'"),
        (
            "data:text/html;base64,PHNjcmlwdD4=",
            "'url' must be a web address starting with https:// or http://, not 'data:'",
        ),
        (
            "/notes/relative",
            "'url' must be a full web address starting with https:// or http://, got '/notes/relative'",
        ),
        (
            "example.org/page",
            "'url' must be a full web address starting with https:// or http://, got 'example.org/page'; write 'https://example.org/page'",
        ),
        ("ftp://example.org/file", "'url' must be a web address starting with https:// or http://, not 'ftp:'"),
    ],
)
def test_non_http_urls(url, message):
    assert problems(GOOD.replace("https://example.org/spaced-practice", url)) == [(1, message)]


def test_oversized_file():
    assert problems(GOOD, max_bytes=50) == [
        (
            1,
            f"the file is {len(GOOD.encode()):,} bytes, over the limit of 50 (LINKS_MAX_FILE_BYTES); split it into one file per week",
        )
    ]


def test_every_problem_of_a_file_is_reported():
    text = GOOD + "  titel: x\n- url: javascript:x\n  title: no\n  date: soon\n"
    assert [line for line, _ in problems(text)] == [4, 5, 6, 7]


def test_a_broken_link_does_not_hide_the_good_ones():
    result = parse(GOOD + "- url: nope\n  title: B\n  date: 2026-11-23\n")
    assert len(result["links"]) == 1 and len(result["problems"]) == 1


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        '<a href="https://ok.example" onclick="alert(1)">x</a>',
        "[click](javascript:alert(1))",
        '<a href="&#106;&#97;vascript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<style>body{display:none}</style>",
        '<iframe src="https://evil.example"></iframe>',
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_notes_are_sanitised(hostile):
    html = RENDER(f"Before {hostile} after")
    lowered = html.lower()
    for banned in ("<script", "onerror=", "onclick=", "onload=", "<style", "<iframe", "<svg", "<img"):
        assert banned not in lowered, html
    # A refused link may stay as harmless text, but never as an address.
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|data|vbscript):", lowered), html
    assert "Before" in html and "after" in html


def test_safe_links_in_notes_stay():
    html = RENDER("See [this](https://example.org/a), [that](http://example.org/b) or [mail](mailto:me@example.org).")
    assert 'href="https://example.org/a"' in html
    assert 'href="http://example.org/b"' in html
    assert 'href="mailto:me@example.org"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "https://", "'url' has no site name after https://, got 'https://'"),
        ("url", "https://:8080/x", "'url' has no site name after https://, got 'https://:8080/x'"),
        ("url", "http://user@/x", "'url' has no site name after http://, got 'http://user@/x'"),
        ("url", "https://example.org:99999/x", "'url' has a port that is not a number from 1 to 65535"),
        ("url", "https://example.org:abc/x", "'url' has a port that is not a number from 1 to 65535"),
        ("via", "https://", "'via' has no site name after https://, got 'https://'"),
        ("via", "HTTPS://:1/", "'via' has no site name after https://, got 'HTTPS://:1/'"),
        ("via", "ftp://example.org/", "'via' must be a web address starting with https:// or http://, not 'ftp:'"),
    ],
)
def test_addresses_without_a_host_are_refused_with_the_line(field, value, message):
    """An address must name its site (and a real port, if any): one check, shared by the build and
    `invoke link`, reported on the field's line instead of crashing later."""
    text = (
        GOOD.replace("https://example.org/spaced-practice", value) if field == "url" else GOOD + f"  via: {value!r}\n"
    )
    found = problems(text)
    assert len(found) == 1 and found[0][0] == (1 if field == "url" else 4), found
    assert found[0][1].startswith(message), found


def test_a_via_that_is_a_name_or_an_id_is_not_an_address():
    for via in ("janedoe", "Jane Doe", "my colleague: Sam", "Sam (https://sam.example)"):
        assert problems(GOOD + f"  via: {via!r}\n") == [], via
