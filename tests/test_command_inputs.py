"""What an author types into `invoke new-post` and `invoke link`: refused in plain words, or saved so the build
accepts it, and never a traceback.

Each command either refuses, with a message that says what to do and every file left byte for byte as it
was, or writes one file that the build's own readers accept as given: a week's link notes read by
link_notes/parsing.py, a post's header by posts/header.py and posts/validation.py, tags and titles given
addresses by learnlog_core/slugs.py. Dates go through learnlog_core/fields.py in both commands.

The property-based tests call the commands' functions directly, with titles, tags, notes, via and dates
drawn from hostile alphabets (control characters, line breaks of every kind, non-characters, invisible and
direction characters, emoji, right-to-left and CJK scripts, YAML and Markdown syntax, bytes that are not
UTF-8 as a terminal passes them, long values); a few tests run `invoke` itself in a copy of the project,
for the cases that used to end in a traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from conftest import ROOT, Site, copy_of_project, good_post
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from learnlog_core import characters, fields, limits
from learnlog_core.slugs import same_name, slugify
from link_notes.parsing import parse_links_file
from link_notes.render import NoteRenderer
from posts.header import split as split_header
from posts.validation import validate

from learnlog.linknote import LinkError, add_link, check_address, fetched_title, printable
from learnlog.newpost import NewPostError, create_post

ZONE = "Europe/London"
WEEK_48 = "2026-W48.yaml"
EXISTING_LINKS = (
    "# My links, my comments.\n"
    "- url: https://example.org/first   # an inline comment\n"
    "  title:    Oddly   spaced\n"
    "  date: 2026-11-23\n"
    "  tags: [C++, Learning in public]\n"
    "\n"
    "# a trailing comment\n"
)
EXISTING_POST = good_post(title="Reflecting weekly", date="2026-11-16 09:00", tags="memory, C#")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path, with its bytes."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def a_site(folder: Path) -> Site:
    site = Site(folder)
    site.links(WEEK_48, EXISTING_LINKS)
    site.post("2026-11-16-reflecting-weekly.md", EXISTING_POST)
    return site


def link(site: Site, url: str = "https://example.org/new", title: str = "New link", **options):
    return add_link(site.content, url, title, timezone=ZONE, **options)


def post(site: Site, title: str = "A new post", **options):
    return create_post(site.content, title, timezone=ZONE, **options)


def refused(error_class, call, site: Site, *fragments: str) -> str:
    """Run `call`; it must raise `error_class` with a message holding each fragment, changing no file."""
    before = snapshot(site.folder)
    with pytest.raises(error_class) as raised:
        call()
    message = str(raised.value)
    for fragment in fragments:
        assert fragment in message, message
    assert snapshot(site.folder) == before
    return message


# Dates: both commands, one reading (fields.when), one range of years


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("9999-12-31", "--date is in the year 9999, which cannot be right; write a year from 1900 to 9998"),
        ("0001-01-01", "--date is in the year 0001, which cannot be right; write a year from 1900 to 9998"),
        ("9999-12-31T23:00-05:00", "--date is in the year 9999"),
        ("9998-12-31T23:00-05:00", "is in the year 9999 in the site's time zone (Europe/London)"),
        ("1900-01-01T00:30+01:00", "is in the year 1899 in the site's time zone (Europe/London)"),
        ("2026-02-30", "--date is not a valid date: '2026-02-30'; write it as 2026-11-23"),
        ("next tuesday", "--date 'next tuesday' is not a date; write it as 2026-11-23 or '2026-11-23 09:15'"),
        ("2026-11-23\nTitle: x", "is not a date"),
    ],
)
def test_a_date_the_build_would_refuse_is_refused_by_both_commands(tmp_path, written, fragment):
    site = a_site(tmp_path)
    refused(LinkError, lambda: link(site, when=written), site, fragment)
    refused(NewPostError, lambda: post(site, when=written), site, fragment)


@pytest.mark.parametrize(
    ("written", "saved"),
    [
        ("2026-11-25", datetime(2026, 11, 25)),
        ("2026-11-25 09:30", datetime(2026, 11, 25, 9, 30)),
        ("2026-11-25T09:30:15", datetime(2026, 11, 25, 9, 30, 15)),
        ("2026-11-25 09:30 +01:00", datetime(2026, 11, 25, 8, 30)),
        ("2026-11-25T09:30Z", datetime(2026, 11, 25, 9, 30)),
        ("2026-11-22 23:30-05:00", datetime(2026, 11, 23, 4, 30)),
        ("1900-01-01", datetime(1900, 1, 1)),
        ("9998-12-30 12:00", datetime(9998, 12, 30, 12)),
    ],
)
def test_both_commands_read_a_date_alike_and_convert_an_offset_to_the_site_time_zone(tmp_path, written, saved):
    site = Site(tmp_path)
    added = link(site, when=written)
    [saved_link] = parse_links_file(added.path.read_bytes(), 10**6, str)["links"]
    assert saved_link["date"] == saved
    path = post(site, when=written)
    values, problems, _ = validate(split_header(path.read_text()), "post", True)
    assert not problems and values["date"] == saved
    assert path.name.startswith(f"{saved:%Y-%m-%d}-")


# Week files the build would refuse already


@pytest.mark.parametrize(
    ("existing", "fragments"),
    [
        (
            "- url: https://example.org/a\n  title: Caf\xe9\n  date: 2026-11-23\n".encode("latin-1"),
            ["content/links/2026-W48.yaml already has problems", "line 2: this file is not UTF-8 text", "UTF-8"],
        ),
        (
            b"- url: https://example.org/a\n  title: Bell\x07\n  date: 2026-11-23\n",
            ["content/links/2026-W48.yaml already has problems", "line 2: this line holds an invisible control"],
        ),
        (
            b"- url: https://example.org/a\n  title: [broken\n  date: 2026-11-23\n",
            ["content/links/2026-W48.yaml already has problems", "line 2: the title starts with '['"],
        ),
        (
            b"- url: https://example.org/a\n  title: A\n  date: 2026-11-23\n  titel: typo\n",
            ["line 4: unknown field 'titel' in a link; did you mean 'title'?"],
        ),
        (b"summary: No links yet.\n", ["line 1: the file has no 'links:' list"]),
        (b"[{url: https://example.org/a, title: A, date: 2026-11-23}]\n", ["add the link to the file by hand"]),
        (b"{links: []}\n", ["add the link to the file by hand"]),
    ],
)
def test_a_week_file_the_build_refuses_is_left_byte_for_byte(tmp_path, existing, fragments):
    site = Site(tmp_path)
    path = site.links(WEEK_48, existing)
    refused(LinkError, lambda: link(site, when="2026-11-24 10:00"), site, *fragments)
    assert path.read_bytes() == existing
    assert [p.name for p in path.parent.iterdir()] == [WEEK_48]  # no temporary file left


@pytest.mark.parametrize(
    "existing",
    [
        "\ufeff- url: https://example.org/a\n  title: A\n  date: 2026-11-23\n",
        "- url: https://example.org/a\r\n  title: A\r\n  date: 2026-11-23\r\n",
        "[]\n",
        "summary: A week.\nlinks:\n\n# the links will come here\n",
        "links:\n- url: https://example.org/a\n  title: A\n  date: 2026-11-23\nsummary: |\n  A week.\n",
        "-\n  url: https://example.org/a\n  title: A\n  date: 2026-11-23\n",
        "- url: https://example.org/a\n  title: A\n  date: 2026-11-23",
    ],
)
def test_odd_but_valid_week_files_keep_every_note_and_line_ending(tmp_path, existing):
    site = Site(tmp_path)
    path = site.links(WEEK_48, existing.encode("utf-8"))
    before = parse_links_file(existing.encode("utf-8"), 10**6, str)
    added = link(site, when="2026-11-24 10:00", note="Line one\nLine two")
    after = parse_links_file(path.read_bytes(), 10**6, str)
    assert not after["problems"]
    assert after["summary"] == before["summary"]
    assert [entry["url"] for entry in after["links"]] == [
        *(entry["url"] for entry in before["links"]),
        "https://example.org/new",
    ]
    assert after["links"][-1]["line"] == added.line and after["links"][-1]["note"] == "Line one\nLine two"
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff") == existing.startswith("\ufeff")
    if "\r\n" in existing:
        assert "\n" not in text.replace("\r\n", "")


# Tags: checked as the build checks them


@pytest.mark.parametrize(
    ("tags", "fragment"),
    [
        ("!!!", "the tag '!!!' has no letters or digits to make its address from; use a word"),
        ("memory, ...", "the tag '...' has no letters"),
        (",".join(f"tag{number}" for number in range(limits.MAX_TAGS + 1)), f"at most {limits.MAX_TAGS}"),
        ("C++, c plus plus", "the tag 'c plus plus' would share the address /tags/c-plus-plus/ with the tag 'C++'"),
        ("C sharp", "with the tag 'C#' (content/posts/2026-11-16-reflecting-weekly.md:3); write it as 'C#'"),
        ("c-plus-plus", "with the tag 'C++' (content/links/2026-W48.yaml:5)"),
        ("a\nDate: 1999-01-01", "--tags 'a\\nDate: 1999-01-01' holds a line break; write the tags on one line"),
        ("a\rb", "holds a line break"),
        ("a\u2028b", "holds a line break"),
        ("bell\x07", "--tags 'bell\\x07' contains an invisible control character (U+0007)"),
        ("caf\udce9", "--tags holds bytes that are not UTF-8 text"),
    ],
)
def test_tags_the_build_would_refuse_are_refused_by_both_commands(tmp_path, tags, fragment):
    site = a_site(tmp_path)
    refused(LinkError, lambda: link(site, tags=tags, when="2026-11-24 10:00"), site, fragment)
    refused(NewPostError, lambda: post(site, tags=tags, when="2026-11-24 10:00"), site, fragment)


def test_one_tag_written_another_way_is_the_same_tag(tmp_path):
    site = a_site(tmp_path)
    added = link(site, tags="learning-in-public, c++, 🐍, C#, Что такое", when="2026-11-24 10:00")
    [_, saved] = parse_links_file(added.path.read_bytes(), 10**6, str)["links"]
    assert saved["tags"] == ["learning-in-public", "c++", "🐍", "C#", "Что такое"]
    path = post(site, tags="Memory, c#", when="2026-11-24 10:00")
    assert "\nTags: Memory, c#\n" in path.read_text()


# Titles, via, notes, addresses


def test_a_title_on_several_lines_becomes_one_line_and_adds_no_header_line(tmp_path):
    site = Site(tmp_path)
    path = post(site, "Spaced\npractice\r\nDate: 1999-01-01\u2028again", when="2026-11-24 10:00")
    header = split_header(path.read_text())
    assert header.fields["title"].value == "Spaced practice Date: 1999-01-01 again"
    assert header.fields["date"].value == "2026-11-24 10:00"
    added = link(site, title="Two\nlines", when="2026-11-24 10:00")
    assert parse_links_file(added.path.read_bytes(), 10**6, str)["links"][0]["title"] == "Two lines"


def test_a_title_the_build_would_refuse_is_refused(tmp_path):
    site = a_site(tmp_path)
    refused(NewPostError, lambda: post(site, "!!!"), site, "has no letters or digits")
    refused(NewPostError, lambda: post(site, " \n\t "), site, "Give the post a title")
    refused(NewPostError, lambda: post(site, "Bell \x07"), site, "the title 'Bell \\x07' contains an invisible")
    refused(NewPostError, lambda: post(site, "Caf\udce9"), site, "the title holds bytes that are not UTF-8 text")
    refused(
        NewPostError,
        lambda: post(site, "Reflecting: weekly!", when="2027-01-04"),
        site,
        "content/posts/2026-11-16-reflecting-weekly.md already has the address 'reflecting-weekly'",
        "choose another title",
    )
    refused(LinkError, lambda: link(site, title="Bell \x07", when="2026-11-24"), site, "'title' contains an invisible")
    refused(LinkError, lambda: link(site, title="  ", when="2026-11-24"), site, "'title' is empty")


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"via": "https://"}, "--via has no site name after https://"),
        ({"via": "https://[::1"}, "--via is not a web address a browser can open"),
        ({"via": "jane\ndoe"}, "--via 'jane\\ndoe' holds a line break; write one blogroll id, name or address"),
        ({"via": "jane\x1bdoe"}, "'via' contains an escape character (U+001B)"),
        ({"note": "A bell\x07 rang"}, "'note' contains an invisible control character (U+0007)"),
        ({"note": "Line one\nline \ufffe two"}, "'note' contains a code point that is not a character (U+FFFE)"),
        ({"note": "caf\udce9"}, "--note holds bytes that are not UTF-8 text"),
        ({"url": "https://example.org/\x1b[2J"}, "the address 'https://example.org/\\x1b[2J' contains an escape"),
        ({"url": "javascript:alert(1)"}, "the address must be a web address starting with https://"),
        ({"url": "https://exa mple.org/"}, "the address contains a space"),
        ({"note": "x" * 3000, "max_bytes": 2000}, "over the limit of 2,000 (LINKS_MAX_FILE_BYTES); shorten the note"),
    ],
)
def test_other_options_the_build_would_refuse_are_refused(tmp_path, options, fragment):
    site = a_site(tmp_path)
    refused(LinkError, lambda: link(site, when="2026-11-24 10:00", **options), site, fragment)


def test_an_address_is_checked_before_its_page_is_fetched_and_a_fetched_title_is_cleaned():
    assert check_address(" HTTPS://example.org/a \n") == "https://example.org/a"
    with pytest.raises(LinkError, match="the address 'https://example.org/\\\\x07' contains an invisible control"):
        check_address("https://example.org/\x07")
    with pytest.raises(LinkError, match=r"the address 'example.org\\n/x' holds a line break; copy the whole address"):
        check_address("example.org\n/x")
    assert fetched_title("  A\x08 page\x1b[31m\n title\ufffe ") == "A page[31m title"
    with pytest.raises(LinkError, match="the page's title has no text to show; give the title yourself with --title"):
        fetched_title("\x07 \x08")


def test_a_post_over_the_size_limit_is_refused(tmp_path):
    site = Site(tmp_path)
    message = refused(NewPostError, lambda: post(site, "Long " * 400, max_bytes=1000), site)
    assert "over the limit of 1,000 (MARKDOWN_MAX_FILE_BYTES)" in message


def test_odd_but_valid_values_are_saved_exactly_and_the_site_builds(tmp_path):
    site = a_site(tmp_path)
    note_text = "שלום — مرحبا 🧠\n\n    indented code\u2028line separator\n\n- a list\n  \t\n"
    added = link(
        site,
        "HTTPS://example.org/page?q=%20#frag",
        title="👩\u200d🏫 Lernen: «Üben» & C# — 日本語 \u202eevil",
        note=note_text,
        tags="C#, 🐍, Что такое PLN",
        via="HTTPS://friend.example/",
        when="2026-11-24T09:15:30.5+01:00",
    )
    [_, saved] = parse_links_file(added.path.read_bytes(), 10**6, NoteRenderer())["links"]
    assert saved["url"] == "https://example.org/page?q=%20#frag" and saved["via"] == "https://friend.example/"
    assert saved["title"] == "👩\u200d🏫 Lernen: «Üben» & C# — 日本語 \u202eevil"
    assert saved["note"] == NoteRenderer()(note_text.strip())
    assert saved["date"] == datetime(2026, 11, 24, 8, 15, 30, 500000)
    assert "\u2028" not in added.path.read_text(encoding="utf-8")  # written as an escape, YAML reads it back
    post(site, "🐍 Что такое PLN? «Üben» \u202b", tags="C#, Learning in public", when="2026-11-24 10:00")
    build = site.build()
    assert build.returncode == 0, build.log


def test_two_commands_at_once_each_add_their_note(tmp_path):
    site = Site(tmp_path)
    script = textwrap.dedent(
        """\
        import sys
        from pathlib import Path
        from learnlog.linknote import add_link
        for number in range(5):
            add_link(Path(sys.argv[1]), f"https://example.org/{sys.argv[2]}/{number}", "T", when="2026-11-24 10:00")
        """
    )
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(site.content), str(worker)], env=environment)
        for worker in range(4)
    ]
    assert [run.wait(timeout=60) for run in runs] == [0, 0, 0, 0]
    parsed = parse_links_file((site.content / "links" / WEEK_48).read_bytes(), 10**6, str)
    assert not parsed["problems"] and len(parsed["links"]) == 20


# Property-based: any text at all, refused in words or saved so the build accepts it


def examples(count: int) -> settings:
    """`count` examples in the default run; under another profile (`invoke test --thorough`), as many as it says."""
    common = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
    if settings.get_current_profile_name() == "default":
        return settings(max_examples=count, database=None, print_blob=True, **common)
    return settings(**common)


PIECES = [
    *["memory", "PLN", "C#", "C++", "!!!", "...", " ", "  ", "\t", ",", ", ", "a,b", "learning in public"],
    *["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\nDate: 1999-01-01", "\nTags: x"],
    *["\x00", "\x07", "\x08", "\x1b[31m", "\x7f", "\x9b", "\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\udce9"],
    *["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u00ad", "\u00a0", "\u3000", "e\u0301", "\u0301"],
    *["🐍", "👩\u200d🏫", "🇬🇧", "❤\ufe0f", "שלום", "مرحبا", "日本語", "Что такое", "ＡＢＣ", "½", "™"],
    *[": ", " #", "- ", "[", "]", "{", "}", "'", '"', "|", ">", "&a", "*a", "!!binary", "---", "...", "%", "\\"],
    *["yes", "no", "~", "null", "012", "1e3", "2026-11-31", "<script>", "**", "`", "[x](javascript:1)", "    "],
]
HOSTILE = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=6).map("".join)
LONG = st.builds(
    lambda piece, count: piece * count, st.sampled_from(["ab ", "🐍", "[", "\n", "é,"]), st.integers(1, 900)
)
TEXT = st.one_of(HOSTILE, LONG)
DATES = st.one_of(
    st.sampled_from(["2026-11-24 10:00", "2026-11-25", "2026-11-29 23:30"]),
    st.builds(
        lambda moment, form, offset: moment.strftime(form) + offset,
        st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
        st.sampled_from(["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f"]),
        st.sampled_from(["", "", "Z", "+01:00", "-05:00", " +14:00", "-1200"]),
    ),
    HOSTILE,
)
ADDRESSES = st.one_of(
    st.sampled_from(["https://example.org/a", "https://example.org/first", "HTTP://例え.jp/パス?q=1#x"]),
    st.builds(lambda start, tail: start + tail, st.sampled_from(["https://example.org/", "example.org/", ""]), HOSTILE),
)


def message_problems(message: str) -> list[str]:
    """What is wrong with a refusal's message as the author would read it."""
    shown = printable(message)
    found = []
    if not message.strip() or "Traceback" in message:
        found.append("no message, or a traceback")
    if characters.first_forbidden(shown) or "\x1b" in shown or "\n" in shown or "\u202e" in shown:
        found.append("the message would print a character a terminal acts on")
    return found


@given(url=ADDRESSES, title=TEXT, tags=TEXT, text=TEXT, via=TEXT, when=DATES, data=st.data())
@examples(100)
def test_invoke_link_refuses_in_words_or_saves_what_the_build_reads_back(url, title, tags, text, via, when, data):
    with tempfile.TemporaryDirectory() as folder:
        site = a_site(Path(folder))
        if data.draw(st.booleans(), label="links under 'links:' with a summary after them"):
            site.links(WEEK_48, "links:\n  - url: https://example.org/first\n    title: First\n    date: 2026-11-23\n"
                                "    tags: [C++, Learning in public]\nsummary: |\n  A week.\n")  # fmt: skip
        before = snapshot(site.content)
        try:
            added = link(site, url, title, note=text, tags=tags, via=via, when=when)
        except LinkError as error:
            note(f"refused: {error}")
            assert not message_problems(str(error)), (str(error), message_problems(str(error)))
            assert snapshot(site.content) == before
            return
        after = snapshot(site.content)
        changed = [name for name in after if before.get(name) != after[name]]
        assert changed == [str(added.path.relative_to(site.content))]
        old, new = before.get(changed[0], b"").decode(), after[changed[0]].decode()
        old_lines, new_lines = old.split("\n"), new.split("\n")
        inserted = len(new_lines) - len(old_lines)
        if old:  # every earlier line kept, in its place, around the new lines
            assert new_lines[: added.line - 1] + new_lines[added.line - 1 + inserted :] == old_lines
        parsed = parse_links_file(after[changed[0]], 10**6, NoteRenderer())
        assert not parsed["problems"], parsed["problems"]
        [saved] = [entry for entry in parsed["links"] if entry["line"] == added.line]
        assert saved["title"] == " ".join(title.split()) == added.title
        tag_names = [name.strip() for name in tags.split(",") if name.strip()]
        assert saved["tags"] == tag_names and len(tag_names) <= limits.MAX_TAGS
        assert all(slugify(name) for name in tag_names)
        everyone = [*tag_names, "C++", "Learning in public", "memory", "C#"]
        assert all(same_name(a, b) for a in everyone for b in everyone if slugify(a) == slugify(b))
        assert saved["note"] == NoteRenderer()(text.replace("\r\n", "\n").replace("\r", "\n").strip())
        assert fields.in_years(saved["date"]) and saved["date"].tzinfo is None


@given(title=TEXT, tags=TEXT, when=DATES)
@examples(100)
def test_invoke_new_post_refuses_in_words_or_writes_a_post_the_build_reads_back(title, tags, when):
    with tempfile.TemporaryDirectory() as folder:
        site = a_site(Path(folder))
        before = snapshot(site.content)
        try:
            path = post(site, title, tags=tags, when=when)
        except NewPostError as error:
            note(f"refused: {error}")
            assert not message_problems(str(error)), (str(error), message_problems(str(error)))
            assert snapshot(site.content) == before
            return
        after = snapshot(site.content)
        assert [name for name in after if before.get(name) != after[name]] == [str(path.relative_to(site.content))]
        text = path.read_bytes().decode("utf-8")
        assert not characters.forbidden_lines(text) and limits.markdown_problem(text) is None
        values, problems, warnings = validate(split_header(text), "post", True)
        assert not problems and not warnings, (problems, warnings)
        assert values["title"] == " ".join(title.split())
        tag_names = [name.strip() for name in tags.split(",") if name.strip()]
        assert values.get("tags", []) == tag_names and len(tag_names) <= limits.MAX_TAGS
        assert all(slugify(name) for name in tag_names)
        everyone = [*tag_names, "C++", "Learning in public", "memory", "C#"]
        assert all(same_name(a, b) for a in everyone for b in everyone if slugify(a) == slugify(b))
        dated = re.fullmatch(r"(\d{4}-\d{2}-\d{2})-(.+)\.md", path.name)
        assert dated[2] == slugify(values["title"]) != "reflecting-weekly"
        assert dated[1] == f"{values['date']:%Y-%m-%d}" and fields.in_years(values["date"])


# `invoke` itself, in a copy of the project


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_of_project(tmp_path)


def invoke(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *arguments], cwd=project, capture_output=True, text=True, timeout=120
    )


def test_invoke_refuses_without_a_traceback_and_changes_nothing(project):
    week = project / "content" / "links" / "2026-W02.yaml"
    week.write_bytes("- url: https://example.org/a\n  title: Café\n  date: 2026-01-05\n".encode("latin-1"))
    before = snapshot(project / "content")
    cases = [
        (
            ["link", "https://example.org/x", "--title", "X", "--date", "9998-12-31T23:00-05:00"],
            "write a year from 1900 to 9998",
        ),
        (
            ["link", "https://example.org/x", "--title", "X", "--date", "2026-01-06"],
            "content/links/2026-W02.yaml already has problems; fix them first: line 2: this file is not UTF-8 text",
        ),
        (["link", "https://example.org/x", "--title", "X", "--tags", "!!!"], "the tag '!!!' has no letters"),
        (["new-post", "T", "--tags", "a\nDate: 1999-01-01"], "holds a line break; write the tags on one line"),
        (["new-post", "T", "--date", "0001-01-01"], "write a year from 1900 to 9998"),
    ]
    for arguments, fix in cases:
        finished = invoke(project, *arguments)
        output = finished.stdout + finished.stderr
        assert finished.returncode == 1, output
        assert "Traceback" not in output and fix in output, output
        assert output.startswith(("The link was not saved: ", "Nothing was created: ")), output
    assert snapshot(project / "content") == before


def test_invoke_link_uses_the_links_size_limit_of_the_settings(project):
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings_file:
        settings_file.write("\nLINKS_MAX_FILE_BYTES = 3000\n")
    before = snapshot(project / "content")
    arguments = ["link", "https://example.org/long", "--title", "Long", "--date", "2026-01-06", "--note", "x" * 4000]
    finished = invoke(project, *arguments)
    output = finished.stdout + finished.stderr
    assert finished.returncode == 1 and "Traceback" not in output, output
    assert "over the limit of 3,000 (LINKS_MAX_FILE_BYTES); shorten the note" in output, output
    assert snapshot(project / "content") == before
    finished = invoke(project, *arguments[:-1], "A short note.")
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "Saved “Long” to content/links/2026-W02.yaml:2." in finished.stdout
