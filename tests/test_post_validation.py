"""Unit tests of the header parser and metadata checks (no Pelican build)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from posts.header import split
from posts.validation import validate


def check(text: str, kind: str = "post", dated_name: bool = False):
    return validate(split(text), kind, dated_name)


def test_pelican_header_with_continuation_lines():
    header = split("Title: A long\n    title\nTags: a, b\n\nBody: not a field.\n")
    assert header.fields["title"].value == "A long title"
    assert header.fields["tags"].line == 3
    assert header.body == "Body: not a field.\n"


def test_yaml_front_matter_keeps_types_and_lines():
    header = split("---\ntitle: Hi\ndate: 2026-11-20 08:00\ntags: [a, b]\n---\nBody\n")
    assert header.fields["tags"].value == ["a", "b"] and header.fields["tags"].line == 4
    assert header.body == "Body\n"
    # YAML reads a time without seconds as text; the date check reads it the same either way.
    assert validate(header, "post", False)[0]["date"] == datetime(2026, 11, 20, 8, 0)


def test_unclosed_front_matter():
    _values, problems, _ = check("---\ntitle: Hi\n")
    assert problems == [(1, "the front matter starting with '---' has no closing '---' line")]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-11-20", datetime(2026, 11, 20)),
        ("2026-11-20 09:15", datetime(2026, 11, 20, 9, 15)),
        ("2026-11-20T09:15:30", datetime(2026, 11, 20, 9, 15, 30)),
        ("2026-11-20 09:15 +01:00", datetime(2026, 11, 20, 9, 15, tzinfo=timezone(timedelta(hours=1)))),
        ("2026-11-20T09:15Z", datetime(2026, 11, 20, 9, 15, tzinfo=UTC)),
    ],
)
def test_accepted_dates(written, expected):
    values, problems, _ = check(f"Title: T\nDate: {written}\n\nx")
    assert problems == []
    assert values["date"] == expected


@pytest.mark.parametrize("written", ["yesterday", "20/11/2026", "Nov 20", "2026-11-20 9:15", "2026-13-01"])
def test_refused_dates(written):
    _, problems, _ = check(f"Title: T\nDate: {written}\n\nx")
    assert problems == [(2, f"'date' is not a valid date: '{written}'; write it as 2026-11-23 or 2026-11-23 09:15")]


def test_a_dated_file_name_stands_for_the_date():
    assert check("Title: T\n\nx", dated_name=True)[1] == []
    assert check("Title: T\n\nx", kind="page")[1] == []


def test_tags_from_a_string_or_a_list():
    assert check("Title: T\nDate: 2026-11-20\nTags: a, b ,, c\n\nx")[0]["tags"] == ["a", "b", "c"]
    _values, problems, _ = check("---\ntitle: T\ndate: 2026-11-20\ntags: [a, 3]\n---\nx")
    assert problems == [
        (4, "'tags' must be a list of words, such as 'Tags: memory, habits'; put numbers or yes/no in quotes")
    ]


def test_slug_rules():
    _, problems, _ = check("Title: T\nDate: 2026-11-20\nSlug: My Post!\n\nx")
    assert problems == [
        (3, "the slug 'My Post!' may only use lowercase letters, digits and hyphens; write 'Slug: my-post'")
    ]


def test_number_title_in_yaml_must_be_quoted():
    _, problems, _ = check("---\ntitle: 1.10\ndate: 2026-11-20\n---\nx")
    assert problems == [(2, """'title' must be text, but YAML reads 1.10 as a number; write "1.10" in quotes""")]


def test_python_tags_are_refused():
    _, problems, _ = check("---\ntitle: !!python/object/apply:os.system [echo hi]\ndate: 2026-11-20\n---\nx")
    assert (2, "'title' uses a YAML tag that is not allowed; write a plain value") in problems
