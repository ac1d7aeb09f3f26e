"""The web addresses of link notes and the blogroll (url, via, site, feed): a user name or password is refused
without being printed, a mangled start gets the address as it should be, and a file with any line endings
(LF, CR LF, or CR alone as old Macs saved them) has its mistakes reported on the line the editor shows."""

from __future__ import annotations

import re
import string
import tempfile
from pathlib import Path

import pytest
from conftest import Site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from learnlog_core import fields
from link_notes.blogroll import parse_blogroll
from link_notes.parsing import parse_links_file

LINK = "- url: {url}\n  title: A page\n  date: 2026-11-24 09:00\n"
PERSON = "- id: janedoe\n  name: Jane Doe\n  site: {site}\n"
REMOVE = "from the address; a user name or password would be published with it"


def link_problems(text: str | bytes) -> list[tuple[int, str]]:
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    return parse_links_file(raw, 1_000_000, str)["problems"]


def blogroll_problems(text: str) -> list[tuple[int, str]]:
    people, problems = parse_blogroll(text, str)
    assert not (people and problems)
    return problems


def build_lines(log: str) -> list[str]:
    """The build's messages about content files, as the author reads them."""
    return [line.strip() for line in log.splitlines() if line.strip().startswith("content/")]


# 1. A user name or password in an address


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("https://jane:secret@x.org/", "jane:…@"),
        ("http://jane:s3cr:et@x.org:8080/a?b#c", "jane:…@"),  # a password may hold ':'
        ("HTTPS://jane:secret@x.org/", "jane:…@"),
        ("https://jane@x.org/", "jane@"),
        ("https://jane:@x.org/", "jane:@"),  # an empty password hides nothing
        ("https://ghp_0123456789abcdefghijklmnopqrstuvwxyz@github.com/x", "ghp_…@"),  # a user name that is a token
        ("https://x.org@evil.example/", "x.org@"),  # the site is evil.example, not x.org
        ("https://@x.org/", "@"),
    ],
)
def test_a_link_s_url_with_user_information_is_refused_on_its_line_with_the_password_masked(address, shown):
    [(line, message)] = link_problems(LINK.format(url=f"'{address}'"))
    assert line == 1
    assert message == f"'url' holds '{shown}' before its site name; remove '{shown}' {REMOVE}"
    assert "secret" not in message and "s3cr" not in message and "0123456789" not in message


def test_a_via_with_user_information_is_refused_on_its_own_line():
    text = LINK.format(url="https://example.org/a") + "  tags: [memory]\n  via: https://jane:secret@x.org/\n"
    assert link_problems(text) == [(5, f"'via' holds 'jane:…@' before its site name; remove 'jane:…@' {REMOVE}")]


@pytest.mark.parametrize("via", ["https:/jane:secret@x.org/", "http//jane:secret@x.org", "//jane:secret@x.org"])
def test_half_an_address_in_via_is_refused_when_it_holds_a_password(via):
    """A via such as 'https:/x.org' is shown as a name (the build warns about it); with a password in it, the
    password would be shown all the same."""
    text = LINK.format(url="https://example.org/a") + f"  via: {via}\n"
    assert link_problems(text) == [(4, f"'via' holds 'jane:…@' before its site name; remove 'jane:…@' {REMOVE}")]


@pytest.mark.parametrize(
    "via",
    ["https://mastodon.social/@jane", "https://x.org/a?mail=jane@x.org", "Jane (@jane@mastodon.social)", "jane@x.org"],
)
def test_an_at_sign_after_the_site_name_or_in_a_name_is_no_user_information(via):
    result = parse_links_file((LINK.format(url="https://example.org/a") + f"  via: '{via}'\n").encode(), 10**6, str)
    assert result["problems"] == [] and result["links"][0]["via"] == via


@pytest.mark.parametrize(
    ("field", "line"),
    [("site", 3), ("feed", 4)],
)
def test_a_blogroll_site_or_feed_with_user_information_is_refused_on_its_line(field, line):
    site = "https://jane:secret@janedoe.example" if field == "site" else "https://janedoe.example"
    feed = "https://jane:secret@janedoe.example/feed.xml" if field == "feed" else "https://janedoe.example/feed.xml"
    text = PERSON.format(site=site) + f"  feed: {feed}\n"
    assert blogroll_problems(text) == [
        (line, f"'{field}' holds 'jane:…@' before its site name; remove 'jane:…@' {REMOVE}")
    ]


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("https://jane:secret@:99/", "'url' has no site name after https://, got 'https://jane:…@:99/'"),
        (
            "https://jane:secret@x.org:99999/",
            "'url' has a port that is not a number from 1 to 65535, got 'https://jane:…@",
        ),
        ("https://jane:secret@[::1", "'url' is not a web address a browser can open, got 'https://jane:…@[::1'"),
        (
            "https//jane:secret@x.org/a",
            "'url' is missing part of its start, got 'https//jane:…@x.org/a'; write 'https://jane:…@x.org/a'",
        ),
        ("jane.doe:secret@x.org/a", "got 'jane.doe:…@x.org/a'; write 'https://jane.doe:…@x.org/a'"),
    ],
)
def test_any_message_that_quotes_an_address_masks_its_password(address, message):
    """web_address itself (used by invoke link, the fetch and the settings too) prints no password."""
    problem = fields.web_address("url", address)
    assert problem.startswith(message) or message in problem, problem
    assert "secret" not in problem


def test_the_build_stops_naming_every_address_with_a_password_and_prints_none(site):
    site.blogroll(
        PERSON.format(site="https://jane:secret1@janedoe.example") + "  feed: https://jane:secret2@janedoe.example/f\n"
    )
    site.links(
        "2026-W48.yaml",
        LINK.format(url="https://jane:secret3@example.org/a") + "  via: https://sam:secret4@x.org/\n",
    )
    build = site.build()
    assert build.returncode != 0, build.log
    assert build_lines(build.log) == [
        f"content/blogroll.yaml:3: 'site' holds 'jane:…@' before its site name; remove 'jane:…@' {REMOVE}",
        f"content/blogroll.yaml:4: 'feed' holds 'jane:…@' before its site name; remove 'jane:…@' {REMOVE}",
        f"content/links/2026-W48.yaml:1: 'url' holds 'jane:…@' before its site name; remove 'jane:…@' {REMOVE}",
        f"content/links/2026-W48.yaml:4: 'via' holds 'sam:…@' before its site name; remove 'sam:…@' {REMOVE}",
    ]
    assert "secret" not in build.log


def test_an_address_with_an_at_sign_in_its_path_is_published(site):
    site.blogroll(PERSON.format(site="https://mastodon.social/@janedoe"))
    site.links("2026-W48.yaml", LINK.format(url="https://mastodon.social/@sam/1") + "  via: janedoe\n")
    build = site.build()
    assert build.returncode == 0, build.log
    page = build.page("/links/2026/w48/")
    assert 'href="https://mastodon.social/@sam/1"' in page


def examples(count: int) -> settings:
    """`count` examples in the default run (each one is a whole build); under another profile, such as
    `--hypothesis-profile=thorough`, as many as that profile says."""
    common = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
    if settings.get_current_profile_name() == "default":
        return settings(max_examples=count, database=None, print_blob=True, **common)
    return settings(**common)


# Characters RFC 3986 allows in user information (section 3.2.1): unreserved and sub-delimiters; ':' separates
# the user name from the password, so only the password may hold one. Every password starts with "Zq9", which
# nothing else written or printed holds (the user names and paths have no "Z", temporary folders are in lowercase).
USER_CHARACTERS = (string.ascii_letters + string.digits + "-._~!$&'()*+,;=").replace("Z", "")
PASSWORD = st.text(USER_CHARACTERS + ":", max_size=24).map(lambda rest: f"Zq9{rest}")
# (address, its password): an address after a site name may hold '@' ('/@jane'), which is no user information.
ADDRESS = st.builds(
    lambda scheme, user, password, host, path: (f"{scheme}://{user}:{password}@{host}/{path}", password),
    st.sampled_from(["https", "http", "HTTPS"]),
    st.text(USER_CHARACTERS, min_size=1, max_size=24),
    PASSWORD,
    st.sampled_from(["example.org", "bücher.example", "127.0.0.1:8000", "[::1]:8080", "x.org:443"]),
    st.text((string.ascii_letters + string.digits + "-._~/@").replace("Z", ""), max_size=12),
)


def quoted(value: str) -> str:
    """A YAML single-quoted scalar."""
    return "'" + value.replace("'", "''") + "'"


@examples(6)
@given(url=ADDRESS, via=ADDRESS, site_address=ADDRESS, feed=ADDRESS)
def test_no_generated_password_is_published_or_printed(url, via, site_address, feed):
    """For any address with a user name and password in each field, the build stops, names each field on its
    line, and no password is in what it printed."""
    with tempfile.TemporaryDirectory() as folder:
        site = Site(Path(folder))
        site.blogroll(
            f"- id: janedoe\n  name: Jane Doe\n  site: {quoted(site_address[0])}\n  feed: {quoted(feed[0])}\n"
        )
        site.links("2026-W48.yaml", LINK.format(url=quoted(url[0])) + f"  via: {quoted(via[0])}\n")
        build = site.build()
        assert build.returncode != 0, build.log
        found = [re.match(r"(\S+:\d+): '(\w+)' holds '", line) for line in build_lines(build.log)]
        named = {match.groups() if match else None for match in found}
        assert named == {
            ("content/blogroll.yaml:3", "site"),
            ("content/blogroll.yaml:4", "feed"),
            ("content/links/2026-W48.yaml:1", "url"),
            ("content/links/2026-W48.yaml:4", "via"),
        }, build.log
        for _, password in (url, via, site_address, feed):
            assert password not in build.log, (password, build.log)
        assert not (build.output / "links" / "2026" / "w48" / "index.html").exists()


# 2. A mangled start


@pytest.mark.parametrize(
    ("address", "whole"),
    [
        ("https:/a.example/x", "https://a.example/x"),
        ("http:/a.example/x", "http://a.example/x"),
        ("https:a.example", "https://a.example"),
        ("HTTPS:/a.example:8080/x?q=1#f", "https://a.example:8080/x?q=1#f"),
        ("https//a.example/x", "https://a.example/x"),
    ],
)
def test_a_mangled_start_gets_the_whole_address_in_every_field(address, whole):
    message = f"is missing part of its start, got '{address}'; write '{whole}'"
    assert link_problems(LINK.format(url=address)) == [(1, f"'url' {message}")]
    # A via not written like a whole address is a name, which the build warns about (generator.py).
    assert link_problems(LINK.format(url="https://example.org/a") + f"  via: {address}\n") == []
    assert blogroll_problems(PERSON.format(site=address)) == [(3, f"'site' {message}")]
    assert blogroll_problems(PERSON.format(site="https://janedoe.example") + f"  feed: {address}\n") == [
        (4, f"'feed' {message}")
    ]


@pytest.mark.parametrize("address", ["https:", "https:/", "https:?q", "https:///a.example"])
def test_an_address_with_no_site_name_after_its_start_gets_an_example(address):
    assert link_problems(LINK.format(url=quoted(address))) == [
        (
            1,
            f"'url' has no site name after https://, got '{address}'; write the whole address, "
            "such as https://example.org/page",
        )
    ]


def test_the_build_gives_the_whole_address_for_a_mangled_start(site):
    site.links("2026-W48.yaml", LINK.format(url="https:/a.example/x"))
    site.blogroll(PERSON.format(site="http:/janedoe.example"))
    build = site.build()
    assert build.returncode != 0, build.log
    assert build_lines(build.log) == [
        "content/blogroll.yaml:3: 'site' is missing part of its start, got 'http:/janedoe.example'; "
        "write 'http://janedoe.example'",
        "content/links/2026-W48.yaml:1: 'url' is missing part of its start, got 'https:/a.example/x'; "
        "write 'https://a.example/x'",
    ]


# 3. Lines of files with any line endings

FIVE_LINES = [
    "- url: https://example.org/a",
    "  title: A page",
    "  date: 2026-11-24 09:00",
    "  tags: [memory]",
    "  note: {note}",
]
BACKSPACE = "this line holds a backspace (U+0008) at column 13, which cannot be shown on a page or put in a feed"
NOT_UTF8 = (
    "this file is not UTF-8 text (byte 0xe9 on this line); save it from your editor with the encoding set to UTF-8"
)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_a_forbidden_character_is_reported_on_its_line_and_column_with_any_line_endings(ending):
    text = ending.join(FIVE_LINES).format(note="Some\x08 text") + ending
    [(line, message)] = link_problems(text)
    assert (line, message.startswith(BACKSPACE)) == (5, True), message


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_a_byte_that_is_not_utf8_is_reported_on_its_line_with_any_line_endings(ending):
    raw = (ending.join(FIVE_LINES).format(note="Caf\u00e9") + ending).encode("latin-1")
    assert link_problems(raw) == [(5, NOT_UTF8)]
    assert link_problems(b"\xef\xbb\xbf" + raw) == [(5, NOT_UTF8)]  # after a byte order mark


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_each_line_with_a_forbidden_character_is_counted_as_the_editor_shows_it(ending):
    rows = ["- url: https://example.org/a\x1b", "  title: A\x0c page", "", "  date: 2026-11-24", "  note: \x00"]
    assert [(line, message.split(",")[0]) for line, message in link_problems(ending.join(rows))] == [
        (1, "this line holds an escape character (U+001B) at column 29"),
        (2, "this line holds a form feed (page break) (U+000C) at column 11"),
        (5, "this line holds a null character (U+0000) at column 9"),
    ]


def test_mixed_line_endings_count_as_yaml_counts_them():
    text = "- url: https://example.org/a\r\n  title: A\r  date: 2026-11-24\n\r\n  note: \x08\n"
    [(line, message)] = link_problems(text)
    assert line == 5 and "at column 9" in message


def test_a_line_separator_in_a_cr_only_file_is_reported_on_its_line():
    text = "\r".join(FIVE_LINES).format(note="a\u2028b") + "\r"
    [(line, message)] = link_problems(text)
    assert line == 5 and "line separator (U+2028)" in message


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_the_blogroll_s_lines_are_counted_with_any_line_endings(ending):
    text = ending.join(["- id: janedoe", "  name: Jane Doe", "  site: https://janedoe.example", "  note: a\x08b"])
    [(line, message)] = blogroll_problems(text + ending)
    assert line == 4 and message.startswith("this line holds a backspace (U+0008) at column 10")


def test_the_build_names_the_line_of_a_cr_only_link_notes_file(site):
    site.links("2026-W48.yaml", ("\r".join(FIVE_LINES).format(note="Some\x08 text") + "\r").encode())
    site.links("2026-W49.yaml", ("\r".join(FIVE_LINES).format(note="Caf\u00e9") + "\r").encode("latin-1"))
    site.blogroll("- id: janedoe\r  name: Jane Doe\r  site: https://janedoe.example\r  note: a\x08b\r")
    build = site.build()
    assert build.returncode != 0, build.log
    lines = build_lines(build.log)
    assert [line.split(", which")[0] for line in lines] == [
        "content/blogroll.yaml:4: this line holds a backspace (U+0008) at column 10",
        "content/links/2026-W48.yaml:5: this line holds a backspace (U+0008) at column 13",
        f"content/links/2026-W49.yaml:5: {NOT_UTF8}",
    ]


def test_the_build_names_the_line_of_a_byte_that_is_not_utf8_in_a_cr_only_blogroll(site):
    (site.content / "blogroll.yaml").write_bytes(
        "- id: janedoe\r  name: Jane Doe\r  site: https://janedoe.example\r  note: Caf\u00e9\r".encode("latin-1")
    )
    build = site.build()
    assert build.returncode != 0, build.log
    assert [line.split(";")[0] for line in build_lines(build.log)] == [
        "content/blogroll.yaml:4: this file is not UTF-8 text (byte 0xe9 on this line)"
    ]


def test_a_password_in_a_menu_link_or_in_via_is_refused_and_never_shown(tmp_path, site):
    import sys

    from conftest import Site

    from learnlog.build import SettingsError, load_settings
    from learnlog.linknote import LinkError, add_link

    menu = Site(tmp_path / "menu", settings='MENU_LINKS = [("Me", "https://jane:secret@x.org/")]\n')
    saved = sys.modules.get("pelicanconf")  # load_settings runs the file as this module: give it back after
    try:
        with pytest.raises(SettingsError) as raised:
            load_settings(menu.settings)
    finally:
        if saved is None:
            sys.modules.pop("pelicanconf", None)
        else:
            sys.modules["pelicanconf"] = saved
    [problem] = raised.value.problems
    assert "'jane:…@'" in problem and "secret" not in problem
    for via in ("https://jane:secret@x.org", "https:/jane:secret@x.org"):
        with pytest.raises(LinkError) as refused:
            add_link(site.content, "https://example.org/a", "A", via=via, when="2026-11-20")
        assert "remove 'jane:…@' from the address" in str(refused.value) and "secret" not in str(refused.value)
