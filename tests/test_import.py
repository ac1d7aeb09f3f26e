"""`invoke import`: bookmarks from browsers, Pocket, Raindrop and Pinboard into link notes.

The exports in tests/exports/ are our own, written as each tool writes its files. Every import is read back
with the build's reader (parse_links_file), and one site is built after an import.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from conftest import Site, copy_of_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnlog.importer import ALREADY_SAVED, NOT_WEB, PRIVATE, REPEATED, UNREAD, Options, import_bookmarks, report
from learnlog.importer_formats import ExportError, read_export
from learnlog.linknote import link_files

EXPORTS = Path(__file__).parent / "exports"
NOW = datetime(2026, 11, 30, 9, 0)
BLOGROLL = "- id: jane\n  name: Jane Doe\n  site: https://jane.example.org\n"


def imported(content: Path, name: str, **options) -> tuple:
    """(result, {url: link as the build reads it}) after importing tests/exports/<name> into `content`."""
    timezone = options.pop("timezone", "Europe/London")
    max_bytes = options.pop("max_bytes", 1_000_000)
    raw = options.pop("raw", None) or (EXPORTS / name).read_bytes()
    result = import_bookmarks(content, raw, options=Options(**options), timezone=timezone, now=NOW, max_bytes=max_bytes)
    return result, saved_links(content)


def saved_links(content: Path) -> dict[str, dict]:
    """Every link of content/links/ as the build reads it, by address; a file with a problem fails the test."""
    links = {}
    for path, parsed in link_files(content / "links"):
        assert parsed["problems"] == [], (path, parsed["problems"])
        for link in parsed["links"]:
            links[link["url"]] = link | {"file": path.name}
    return links


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    (folder / "links").mkdir(parents=True)
    (folder / "blogroll.yaml").write_text(BLOGROLL)
    return folder


# Reading each format


def test_each_format_is_told_from_its_content():
    formats = {
        "firefox.html": "netscape",
        "chrome.html": "netscape",
        "pinboard.html": "netscape",
        "pocket.csv": "pocket-csv",
        "pocket.html": "pocket-html",
        "raindrop.csv": "raindrop",
        "pinboard.json": "pinboard",
    }
    for name, expected in formats.items():
        assert read_export((EXPORTS / name).read_bytes()).format == expected, name


@pytest.mark.parametrize("name", sorted(path.name for path in EXPORTS.iterdir()))
def test_a_byte_order_mark_and_windows_line_endings_change_nothing(name):
    raw = (EXPORTS / name).read_bytes()
    plain = read_export(raw)
    for variant in (
        b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"),
        raw.replace(b"\n", b"\r"),
        raw.decode().encode("utf-16"),
    ):
        again = read_export(variant)
        assert (again.format, again.bookmarks, again.problems) == (plain.format, plain.bookmarks, plain.problems)


def test_netscape_html_keeps_dates_tags_descriptions_and_folders():
    bookmarks = {bookmark.url: bookmark for bookmark in read_export((EXPORTS / "firefox.html").read_bytes()).bookmarks}
    exit_tickets = bookmarks["https://teaching.example.org/exit-tickets"]
    assert (exit_tickets.line, exit_tickets.title) == (14, "Exit tickets, done well")
    assert exit_tickets.when.isoformat() == "2020-03-01T00:00:00+00:00"
    assert exit_tickets.tags == ["assessment", "formative assessment"]
    assert exit_tickets.note == "Three questions at the end of a lesson tell me more than a quiz."
    assert exit_tickets.folders == ["Teaching ideas"]
    assert bookmarks["https://teaching.example.org/feedback-that-works"].folders == ["Teaching ideas", "Feedback"]
    assert bookmarks["https://teaching.example.org/feedback-that-works"].title == "Feedback that works & why"
    # The browser's own folders (toolbar, "Other Bookmarks") are not the author's.
    assert bookmarks["https://research.example.net/spacing-effect"].folders == []
    cafe = bookmarks["https://blog.example.com/caf%C3%A9-talks"]
    assert cafe.note == "Line one of my note.\nLine two, with a <b> that is text."
    pinboard = {b.url: b for b in read_export((EXPORTS / "pinboard.html").read_bytes()).bookmarks}
    assert pinboard["https://reading.example.org/slow-reading"].unread
    assert pinboard["https://reading.example.org/private-diary"].private


def test_pocket_raindrop_and_pinboard_fields():
    pocket = read_export((EXPORTS / "pocket.csv").read_bytes()).bookmarks
    assert pocket[0].title == "Retrieval practice, explained for busy teachers"  # a quoted comma
    assert pocket[0].tags == ["machine learning", "Über", "Lernpsychologie"]  # "|" between tags, spaces kept
    assert pocket[0].unread and not pocket[2].unread
    assert pocket[2].title == 'She said "test yourself" first'
    assert [bookmark.line for bookmark in pocket] == [2, 3, 4, 5, 6]  # a quoted line break counts
    html = read_export((EXPORTS / "pocket.html").read_bytes()).bookmarks
    assert [bookmark.unread for bookmark in html] == [True, True, False]  # the "Unread" and "Read Archive" sections
    raindrop = read_export((EXPORTS / "raindrop.csv").read_bytes()).bookmarks
    assert raindrop[0].note == "My take: match the content, not the learner."
    assert raindrop[0].quote == "A review of studies, with commas."
    assert raindrop[0].folders == ["Research", "Myths"] and raindrop[1].folders == []  # not "Unsorted"
    assert raindrop[0].when.isoformat() == "2024-03-01T09:15:00+00:00"  # ISO text with milliseconds
    assert (
        raindrop[2].quote == "Practice is the point."
    )  # the author's highlight over the excerpt, without "Highlight:"
    pinboard = read_export((EXPORTS / "pinboard.json").read_bytes()).bookmarks
    assert [(b.item, b.private, b.unread) for b in pinboard] == [(1, False, False), (2, True, True), (3, False, True)]
    assert (
        pinboard[0].tags == ["practice", "maths"] and pinboard[0].note == "Mix the problem types.\nEspecially in maths."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1700000000", "2023-11-14T22:13:20+00:00"),  # seconds
        ("1700000000000", "2023-11-14T22:13:20+00:00"),  # milliseconds
        ("1700000000000000", "2023-11-14T22:13:20+00:00"),  # microseconds
        ("2023-11-14T22:13:20Z", "2023-11-14T22:13:20+00:00"),
        ("2023-11-14T23:13:20.123+01:00", "2023-11-14T22:13:20+00:00"),
        ("2023-11-14 22:13", "2023-11-14T22:13:00"),  # no offset: the site's time zone
    ],
)
def test_dates_in_seconds_and_as_iso_text(value, expected):
    raw = f"title,url,time_added,tags,status\nA,https://example.org/a,{value},,archive\n".encode()
    if not value.isdigit():
        raw = f"id,title,note,excerpt,url,folder,tags,created\n1,A,,,https://example.org/a,,,{value}\n".encode()
    assert read_export(raw).bookmarks[0].when.isoformat() == expected


def test_what_is_not_an_export_is_said_with_the_fix():
    cases = {
        b"": "the file is empty",
        b"just some text\n": "--format netscape|pocket-html|pocket-csv|raindrop|pinboard",
        b"name,address\nA,https://example.org\n": "not a bookmarks export",
        b"url,when\nhttps://example.org,1\n": "columns are not those of Pocket or Raindrop",
        b"<dt><a href='x'>\xff\xfe bad</a>\n": "byte 0xff on line 1",
        b'{"posts": []}': "Pinboard's export is a list",
    }
    for raw, expected in cases.items():
        with pytest.raises(ExportError) as error:
            read_export(raw)
        assert expected in error.value.message, raw


def test_a_file_of_another_kind_is_refused_not_imported_as_junk():
    cases = [
        ((EXPORTS / "raindrop.csv").read_bytes(), "pocket-csv", "names no 'time_added' column"),
        ((EXPORTS / "pinboard.json").read_bytes(), "netscape", "this file is not HTML"),
        ((EXPORTS / "pocket.csv").read_bytes(), "pinboard", "Pinboard's export is a list"),
        (b"<!DOCTYPE html><html><body><a href='https://example.org/'>a page</a></body></html>", "", "a web page"),
        (b"<html><body><p>no links</p>", "netscape", "there are no bookmarks in this file"),
    ]
    for raw, format, expected in cases:
        with pytest.raises(ExportError) as error:
            read_export(raw, format)
        assert expected in error.value.message, (format, error.value.message)


def test_sizes_and_shapes_that_would_take_too_long_are_bounded():
    from learnlog.importer_formats import MAX_EXPORT_BYTES, MAX_FOLDERS

    with pytest.raises(ExportError, match="more than the 50,000,000 an import reads"):
        read_export(b"[" + b" " * MAX_EXPORT_BYTES + b"]")
    nested = "<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p>" + "".join(
        f'<DT><H3>F{n}</H3><DL><p><DT><A HREF="https://example.org/{n}" ADD_DATE="1700000000">P{n}</A>'
        for n in range(3_000)
    )
    bookmarks = read_export(nested.encode()).bookmarks
    assert len(bookmarks) == 3_000 and len(bookmarks[-1].folders) == MAX_FOLDERS
    assert bookmarks[-1].folders[:2] == ["F0", "F1"]


def test_csv_quotes_long_values_and_utf16_without_a_mark():
    unclosed = (
        b'title,url,time_added,tags,status\nA,https://example.org/a,1700000000,,\n"B,https://example.org/b,1,,\nC,x\n'
    )
    export = read_export(unclosed)
    assert [b.url for b in export.bookmarks] == ["https://example.org/a"]
    assert export.problems[0][0] == 3 and "a quote opened on line 3 is never closed" in export.problems[0][1]
    long_note = "word " * 40_000
    raw = f'id,title,note,excerpt,url,folder,tags,created\n1,A,"{long_note}",,https://example.org/a,,,2024-01-01\n'
    assert read_export(raw.encode()).bookmarks[0].note == long_note.strip()
    for codec in ("utf-16-le", "utf-16-be"):
        assert read_export((EXPORTS / "pocket.csv").read_text().encode(codec)).format == "pocket-csv"


def test_dates_beyond_what_a_link_can_have_are_problems_not_crashes(content):
    raw = json_export([
        {"href": "https://example.org/a", "time": "9999-12-31T23:59:59-05:00"},
        {"href": "https://example.org/b", "time": "0001-01-01T00:00:00Z"},
        {"href": "https://example.org/c", "time": "253402300799"},  # 9999 in seconds, 1978 in milliseconds
        {"href": "https://example.org/d", "time": "2999-06-01T00:00:00Z"},
        {"href": "https://example.org/e", "time": "1700000000000"},
    ])  # fmt: skip
    result = import_bookmarks(content, raw, timezone="Asia/Tokyo", now=NOW)
    assert sorted(link.url for link, _ in result.added) == ["https://example.org/d", "https://example.org/e"]
    messages = sorted(message for _, message in result.problems)
    assert [message[:7] for message in messages] == ["item 1:", "item 2:", "item 3:"]
    assert "its date, 0001-01-01, is in the year 1, which cannot be right" in messages[1]
    assert "no time from 1991 to 2199 in seconds, milliseconds or microseconds" in messages[2]
    assert any("1 bookmark is dated after 2026-11-30 09:00" in change or "are dated after" in change
               for change in result.changes)  # fmt: skip


def test_tags_lose_invisible_and_direction_characters(content):
    raw = b'<DL><DT><A HREF="https://example.org/a" ADD_DATE="1700000000" TAGS="&#x202E;evil,te&#x200B;aching">A</A>'
    _, links = imported(content, "", raw=raw)
    assert links["https://example.org/a"]["tags"] == ["evil", "teaching"]


def test_one_page_written_two_ways_is_one_bookmark(content):
    raw = json_export([
        {"href": "https://example.org/P%C3%A9dagogie", "time": "2024-01-01T00:00:00Z"},
        {"href": "https://example.org/Pédagogie/", "time": "2024-01-02T00:00:00Z"},
        {"href": "https://bücher.example/a/../b", "time": "2024-01-03T00:00:00Z"},
        {"href": "https://xn--bcher-kva.example/b", "time": "2024-01-04T00:00:00Z"},
    ])  # fmt: skip
    result = import_bookmarks(content, raw, timezone="UTC", now=NOW)
    assert len(result.added) == 2 and result.skipped[REPEATED] == 2


def test_a_broken_item_is_a_problem_with_its_line():
    export = read_export(
        b'[{"href": "https://example.org/a", "time": "2020-01-01T00:00:00Z"},\n{"href": 5, "time": []}, {"x"'
    )
    assert [bookmark.url for bookmark in export.bookmarks] == ["https://example.org/a"]
    assert [line for line, _ in export.problems] == [2, 2]
    assert "item 2: 'time' must be text" in export.problems[0][1]
    assert "item 3 is not valid JSON" in export.problems[1][1]
    export = read_export(b"title,url,time_added,tags,status\nA,https://example.org/a,yesterday,,\n")
    assert export.problems == [
        (2, "the date time_added='yesterday' is not a date Learnlog can read; fix it or remove it")
    ]
    nested = read_export(b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]")
    assert "item 1" in nested.problems[0][1]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300) | st.sampled_from([b"[", b"<dt><a href=", b'title,url,time_added\n"', b"\xff\xfe"]))
def test_any_bytes_are_read_or_refused_with_a_message(raw):
    try:
        export = read_export(raw)
    except ExportError as error:
        assert error.message and error.line >= 1
    else:
        assert all(line >= 1 and message for line, message in export.problems)


# Importing


def test_import_keeps_dates_tags_and_notes_and_reads_back_as_the_build_reads_it(content):
    result, links = imported(content, "firefox.html")
    exit_tickets = links["https://teaching.example.org/exit-tickets"]
    assert exit_tickets["date"] == datetime(2020, 3, 1, 0, 0)  # midnight UTC is midnight in London in March
    assert exit_tickets["file"] == "2020-W09.yaml"  # the week of its own date
    assert exit_tickets["tags"] == ["assessment", "formative assessment"]
    assert exit_tickets["note"] == "Three questions at the end of a lesson tell me more than a quiz."
    assert links["https://teaching.example.org/feedback-that-works"]["date"] == datetime(2020, 6, 1, 1, 0)  # BST
    assert links["https://research.example.net/spacing-effect"]["title"] == "research.example.net/spacing-effect"
    assert links["https://research.example.net/worked-examples?utm_source=feed"]["title"] == (
        "research.example.net/worked-examples"
    )
    assert links["https://blog.example.com/caf%C3%A9-talks"]["note"] == (
        "Line one of my note.\nLine two, with a <b> that is text."
    )
    assert len(links) == 5
    assert (result.skipped[REPEATED], result.skipped[NOT_WEB]) == (1, 2)
    assert result.skipped_lines[REPEATED] == [19] and result.skipped_lines[NOT_WEB] == [22, 32]
    assert result.problems == []
    said = "\n".join(report(result, "firefox.html", dry_run=False))
    assert "Added 5 link notes in 5 week files (2020: 2, 2021: 2, 2022: 1)." in said
    assert (
        "2 bookmarks had no title, or only the address: the title is the address's site and path; line 25 (content/links/2020-W53.yaml:2), "
        "26 (content/links/2021-W05.yaml:2)" in said
    )


def test_importing_the_same_file_twice_adds_nothing(content):
    imported(content, "pocket.csv")
    before = tree(content)
    result, _ = imported(content, "pocket.csv")
    assert result.added == [] and result.skipped[ALREADY_SAVED] == 5 and tree(content) == before


def test_links_already_saved_are_skipped_and_the_files_bytes_kept(content):
    week = content / "links" / "2023-W46.yaml"
    old = b"# My notes, by hand.\r\nsummary: |\r\n  A good week.\r\nlinks:\r\n  - url: https://learning.example.org/quotes/\r\n    title: Mine\r\n    date: 2023-11-13\r\n"
    week.write_bytes(old)
    result, links = imported(content, "pocket.csv")
    assert result.skipped[ALREADY_SAVED] == 1  # the same page, with a "/" at the end
    assert result.skipped[REPEATED] == 1  # "retrieval/" after "retrieval"
    new = week.read_bytes()
    assert new.startswith(old) and b"\n" not in new.replace(b"\r\n", b"")  # the file's own line endings
    assert links["https://learning.example.org/quotes/"]["title"] == "Mine"
    assert links["https://learning.example.org/retrieval"]["tags"] == ["machine learning", "Über", "Lernpsychologie"]
    assert links["https://learning.example.org/untitled-page"]["title"] == "learning.example.org/untitled-page"
    assert links["https://learning.example.org/two-lines"]["title"] == "A note over two lines"
    assert links["https://learning.example.org/two-lines"]["tags"] == ["ideas"]


def test_dry_run_writes_nothing_and_shows_counts_notes_and_problems(content):
    raw = (EXPORTS / "pocket.csv").read_bytes() + b"Bad one,https://exa mple.org/file,1700000000,,archive\n"
    before = tree(content)
    result, _ = imported(content, "", raw=raw, dry_run=True)
    assert tree(content) == before
    said = report(result, "pocket.csv", dry_run=True)
    assert "Would add 4 link notes in 1 week file (2023: 4)." in said
    assert "  content/links/2023-W46.yaml:" in said
    assert '    - url: "https://learning.example.org/retrieval"' in said
    assert said[-1] == "This was a dry run: nothing was written."
    problem = next(line for line in said if line.startswith("  pocket.csv:8: "))  # a quoted line break before
    assert "space" in problem and "not imported" in problem


def test_private_and_unread_bookmarks(content, tmp_path):
    _, links = imported(content, "pinboard.json")
    assert links["https://pin.example.org/secret"]["draft"]  # private: a draft unless skipped
    assert not links["https://pin.example.org/later"]["draft"]  # unread: published as any link
    assert links["https://pin.example.org/later"]["title"] == "pin.example.org/later"
    other = tmp_path / "other"
    (other / "links").mkdir(parents=True)
    result, links = imported(other, "pinboard.json", skip_private=True, as_drafts=True)
    assert set(links) == {"https://pin.example.org/interleaving", "https://pin.example.org/later"}
    assert links["https://pin.example.org/later"]["draft"] and result.skipped[PRIVATE] == 1
    third = tmp_path / "third"
    (third / "links").mkdir(parents=True)
    result, links = imported(third, "pinboard.html", skip_unread=True)
    assert result.skipped[UNREAD] == 1 and "https://reading.example.org/slow-reading" not in links


def test_tags_are_made_valid_and_each_change_told(content):
    (content / "links" / "2020-W01.yaml").write_text(
        "- url: https://example.org/mine\n  title: Mine\n  date: 2020-01-01\n  tags: [C++]\n"
    )
    raw = (
        b"title,url,time_added,tags,status\n"
        b"A,https://example.org/a,1700000000,c plus plus|\xe2\x9c\xa8|!!|tab\x08bed|ok|OK,archive\n"
        + b"B,https://example.org/b,1700000000,"
        + b"|".join(b"t%d" % n for n in range(60))
        + b",archive\n"
    )
    result, links = imported(content, "", raw=raw, folders_as_tags=True)
    assert links["https://example.org/a"]["tags"] == ["C++", "✨", "tabbed", "ok"]
    assert len(links["https://example.org/b"]["tags"]) == 50
    said = "\n".join(result.changes)
    assert "the tag 'c plus plus' was written as 'C++': the site already writes this tag so" in said
    assert "the tag '!!' was left out: it has no letters, digits or emoji" in said  # ✨ is /tags/sparkles/
    assert "1 bookmark had more than 50 tags: the first 50 were kept (line 3)" in said
    assert "the tag 'tab\\x08bed' was written as 'tabbed'" in said


def test_a_tag_keeps_the_sites_spelling_and_a_weeks_links_are_in_date_order(content):
    (content / "links" / "2020-W01.yaml").write_text(
        "- url: https://example.org/mine\n  title: Mine\n  date: 2020-01-01\n  tags: [memory, retrieval-practice]\n"
    )
    raw = json_export([
        {"href": "https://example.org/late", "time": "2024-01-03T10:00:00Z", "tags": "MEMORY retrieval_practice"},
        {"href": "https://example.org/early", "time": "2024-01-02T10:00:00Z", "tags": "Memory New"},
        {"href": "https://example.org/third", "time": "2024-01-04T10:00:00Z", "tags": "new"},
    ])  # fmt: skip
    result, links = imported(content, "", raw=raw)
    assert links["https://example.org/late"]["tags"] == ["memory", "retrieval-practice"]
    assert links["https://example.org/early"]["tags"] == ["memory", "New"]
    assert links["https://example.org/third"]["tags"] == ["New"]  # the first spelling of a new tag, for all
    assert "the tag 'MEMORY' was written as 'memory': the site already writes this tag so" in "\n".join(result.changes)
    lines = (content / "links" / "2024-W01.yaml").read_text()
    assert lines.index("example.org/early") < lines.index("example.org/late") < lines.index("example.org/third")


def test_a_week_over_the_size_limit_goes_on_in_a_second_file(content):
    raw = b"title,url,time_added,tags,status\n" + b"".join(
        b"Page %d,https://example.org/%d,%d,tag,archive\n" % (n, n, 1700000000 + n) for n in range(120)
    )
    result, links = imported(content, "", raw=raw, max_bytes=4_000)
    files = sorted(path.name for path in (content / "links").iterdir())
    assert {"2023-W46.yaml", "2023-W46-2.yaml", "2023-W46-3.yaml"} <= set(files)
    assert all(path.stat().st_size <= 4_000 for path in (content / "links").iterdir())
    assert len(links) == 120 and result.problems == []
    huge = b'[{"href": "https://example.org/long", "time": "2024-01-01T00:00:00Z", "extended": "%s"}]' % (
        b"word " * 900
    )
    result = import_bookmarks(content, huge, timezone="UTC", now=NOW, max_bytes=4_000)
    assert result.problems == [
        (1, "item 1: this bookmark's note is over LINKS_MAX_FILE_BYTES (4,000 bytes); shorten it")
    ]


def test_the_problems_of_an_existing_week_file_are_said_and_its_links_not_imported(content):
    (content / "links" / "2023-W46.yaml").write_text("- url: https://example.org/x\n  title: X\n  date: soon\n")
    result = import_bookmarks(content, (EXPORTS / "pocket.csv").read_bytes(), timezone="UTC", now=NOW)
    assert result.added == [] and len(result.problems) == 4
    assert all("content/links/2023-W46.yaml:3:" in message and "fix it" in message for _, message in result.problems)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.text(max_size=40),
    note=st.text(max_size=60),
    tags=st.lists(st.text(max_size=12), max_size=4),
    url=st.sampled_from(["https://example.org/a", "http://example.org/a b", "https://example.org/\u00e9t\u00e9"])
    | st.text(max_size=30),
)
def test_any_bookmark_is_imported_as_given_or_told(tmp_path_factory, title, note, tags, url):
    content = tmp_path_factory.mktemp("random") / "content"
    (content / "links").mkdir(parents=True)
    raw = json_export(
        [{"href": url, "description": title, "extended": note, "tags": " ".join(tags), "time": "2024-01-02T03:04:05Z"}]
    )
    result = import_bookmarks(content, raw, timezone="UTC", now=NOW)
    links = saved_links(content)
    assert len(links) + len(result.problems) + sum(result.skipped.values()) == 1
    for link in links.values():
        assert link["date"] == datetime(2024, 1, 2, 3, 4) and link["title"]  # to the minute, as invoke link writes


def json_export(items: list[dict]) -> bytes:
    import json

    return json.dumps(items).encode()


@pytest.mark.slow
def test_ten_thousand_bookmarks(content):
    rng = random.Random(7)
    words = ["memory", "feedback", "practice", "reading", "Über", "design"]
    lines = ["<!DOCTYPE NETSCAPE-Bookmark-file-1>", "<DL><p>"]
    for number in range(10_000):
        tags = ",".join(rng.sample(words, 2))
        lines.append(
            f'<DT><A HREF="https://site{number % 97}.example.org/{number}" ADD_DATE="{1300000000 + number * 40000}" '
            f'TAGS="{tags}">Page {number} about {rng.choice(words)}</A>'
        )
        if number % 4 == 0:
            lines.append(f"<DD>What I took from page {number}, with a comma.")
    result = import_bookmarks(content, "\n".join(lines).encode(), timezone="UTC", now=NOW)
    assert len(result.added) == 10_000 and result.problems == []
    assert sum(len(parsed["links"]) for _, parsed in link_files(content / "links")) == 10_000


# The command, as an author runs it


def test_the_command_reports_writes_and_fails_on_problems(tmp_path):
    project = copy_of_project(tmp_path)
    export = tmp_path / "pocket.csv"
    export.write_bytes((EXPORTS / "pocket.csv").read_bytes() + b"Bad,notanaddress,1700000000,,archive\n")

    def run(*arguments: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "invoke", "import", str(export), *arguments]
        return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)

    dry = run("--dry-run")
    assert dry.returncode == 1 and "Traceback" not in dry.stderr
    assert "Would add 4 link notes" in dry.stdout and f"{export}:8: " in dry.stdout
    assert not (project / "content" / "links" / "2023-W46.yaml").exists()
    done = run()
    assert done.returncode == 1 and "Added 4 link notes" in done.stdout
    assert (project / "content" / "links" / "2023-W46.yaml").exists()
    wrong = subprocess.run(
        [sys.executable, "-m", "invoke", "import", str(export), "--format", "chrome"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert wrong.returncode == 1 and wrong.stderr.startswith("Nothing was imported: there is no format 'chrome'; give")
    missing = subprocess.run(
        [sys.executable, "-m", "invoke", "import", "nowhere.html"], cwd=project, capture_output=True, text=True
    )
    assert missing.returncode == 1 and "Nothing was imported: nowhere.html could not be read" in missing.stderr


def test_a_progress_bar_on_a_terminal(tmp_path):
    """On a terminal (a pseudo-terminal here) a long import shows rich's progress bar; piped, it does not."""
    project = copy_of_project(tmp_path)
    export = tmp_path / "many.html"
    export.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p>\n"
        + "".join(
            f'<DT><A HREF="https://example.org/{n}" ADD_DATE="{1600000000 + n * 600}">Page {n}</A>\n'
            for n in range(1_500)
        )
    )
    leader, follower = os.openpty()
    command = [sys.executable, "-m", "invoke", "import", str(export), "--dry-run"]
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    process = subprocess.Popen(command, cwd=project, stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65_536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0
    text = shown.decode("utf-8", "replace")
    assert "Checking" in text and "Would add 1,500 link notes" in text
    piped = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)
    assert "Checking" not in piped.stdout + piped.stderr


def test_an_imported_site_builds(site: Site):
    result = import_bookmarks(site.content, (EXPORTS / "raindrop.csv").read_bytes(), timezone="UTC", now=NOW)
    assert len(result.added) == 3
    build = site.build()
    assert build.returncode == 0, build.log
    week = (site.folder / "output" / "links" / "2024" / "w09" / "index.html").read_text()
    assert "Learning styles: the evidence" in week and "match the content, not the learner" in week
    assert "A review of studies, with commas." in week
