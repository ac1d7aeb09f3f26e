"""`invoke link --via`: a blogroll id, a person's name or a whole http(s) address, and nothing the build would
show otherwise than the author meant: a near miss of a person's name, or an address missing its start."""

from __future__ import annotations

import contextlib
import re
import tempfile
from pathlib import Path

import pytest
from conftest import Site
from hypothesis import given, settings
from hypothesis import strategies as st
from learnlog_core import fields
from link_notes.blogroll import looks_like_address, meant_id, parse_blogroll
from link_notes.parsing import WEB_ADDRESS, parse_links_file

from learnlog.linknote import LinkError, add_link

BLOGROLL = (
    "- id: janedoe\n  name: Jane Doe\n  site: https://janedoe.example\n"
    "- id: sam\n  name: Sam Roe\n  site: https://sam.example\n"
    "- id: li\n  name: Li Wei\n  site: https://li.example\n"
)
PEOPLE = {person.id: person for person in parse_blogroll(BLOGROLL, str)[0]}
SOMEONE_ELSE = "If you mean someone else, give their site's address instead, such as --via https://www.example.org"
# Names a person may write, with dots, brackets and slashes: never taken for an address.
NAMES = ["Dr. Jane Doe", "J.R. Smith", "J.R.Smith", "Jane (via Mastodon)", "Node.js", "joe.bloggs", "HTTP/2",
         "HTTP: The Definitive Guide", "AC/DC", "@jane@mastodon.social", "Jon Doe", "Jane", "Sam", "e.e. cummings"]  # fmt: skip


def add(content: Path, via: str, url: str = "https://example.org/new"):
    return add_link(content, url, "New link", via=via, when="2026-11-24 10:00", timezone="Europe/London")


def saved_via(site: Site) -> str | None:
    """The `via` of the one link saved this week, as the build reads it."""
    parsed = parse_links_file((site.content / "links" / "2026-W48.yaml").read_bytes(), 1_000_000, str)
    assert not parsed["problems"], parsed["problems"]
    return parsed["links"][-1]["via"]


def via_messages(log: str) -> list[str]:
    """The build's warnings and problems about a `via`."""
    return [line for line in log.splitlines() if "via '" in line or "'via'" in line]


# Fault 1: a near miss of a person's name


@pytest.mark.parametrize(
    ("via", "meant"),
    [
        ("Jane Deo", "janedoe (Jane Doe)"),  # two letters swapped
        ("Jane Doee", "janedoe (Jane Doe)"),  # one too many
        ("jane do", "janedoe (Jane Doe)"),  # another case, and one letter missing
        ("Jane-Doe", "janedoe (Jane Doe)"),
        ("JaneDoe", "janedoe (Jane Doe)"),  # the name without its space
        ("Sam  Rowe", "sam (Sam Roe)"),
        ("Li Wie", "li (Li Wei)"),
    ],
)
def test_a_near_miss_of_a_blogroll_name_is_refused_with_the_id_and_the_name(site, via, meant):
    site.blogroll(BLOGROLL)
    with pytest.raises(LinkError) as refused:
        add(site.content, via)
    assert str(refused.value) == f"--via '{via}' is not in the blogroll; did you mean --via {meant}? {SOMEONE_ELSE}"
    assert not (site.content / "links").exists()


def test_a_typo_of_an_id_keeps_its_message(site):
    site.blogroll(BLOGROLL)
    with pytest.raises(LinkError, match=r"^--via 'janedoee' is not in the blogroll; did you mean 'janedoe'\?"):
        add(site.content, "janedoee")


@pytest.mark.parametrize("via", ["Jane Doe", "jane doe", "  JANE   doe  ", "sam roe"])
def test_a_person_s_name_in_any_case_is_saved_as_typed_and_the_build_does_not_warn(site, via):
    site.blogroll(BLOGROLL)
    add(site.content, via)
    assert saved_via(site) == via.strip()
    build = site.build()
    assert build.returncode == 0 and "not in the blogroll" not in build.log, build.log
    person = "Sam Roe" if via == "sam roe" else "Jane Doe"  # shown with their blogroll entry's name and link
    assert re.search(f'via <a href="[^"]*blogroll/#[a-z]+">{person}</a>', build.page("/links/2026/w48/"))


def test_an_address_written_by_hand_without_its_start_is_warned_about(site):
    site.links(
        "2026-W48.yaml",
        "- url: https://example.org/a\n  title: A\n  date: 2026-11-24\n  via: www.example.org\n"
        "- url: https://example.org/b\n  title: B\n  date: 2026-11-24\n  via: J.R. Smith\n",
    )
    build = site.build()
    assert build.returncode == 0, build.log
    assert (
        "content/links/2026-W48.yaml:4: via 'www.example.org' looks like a web address but is not a whole one, so it "
        "is shown as a name; write the whole address, starting with https://" in build.log
    )
    assert build.log.count("looks like a web address") == 1, build.log


def test_names_around_a_person_s_name_are_other_names(site):
    """'Dr. Jane Doe', 'Jon Doe' and 'Jane' are not typing mistakes of 'Jane Doe': saved, and built as names."""
    site.blogroll(BLOGROLL)
    for number, via in enumerate(NAMES):
        add(site.content, via, url=f"https://example.org/{number}")
        assert saved_via(site) == via
    build = site.build()
    assert build.returncode == 0 and not via_messages(build.log), build.log
    assert "via Dr. Jane Doe" in " ".join(build.page("/links/2026/w48/").split())


def test_the_build_warns_about_the_near_misses_the_command_refuses(site):
    site.blogroll(BLOGROLL)
    site.links(
        "2026-W48.yaml",
        "- url: https://example.org/a\n  title: A\n  date: 2026-11-24\n  via: Jane Deo\n"
        "- url: https://example.org/b\n  title: B\n  date: 2026-11-24\n  via: jane doe\n"
        "- url: https://example.org/c\n  title: C\n  date: 2026-11-24\n  via: Dr. Jane Doe\n",
    )
    build = site.build()
    assert build.returncode == 0, build.log
    assert "content/links/2026-W48.yaml:4: via 'Jane Deo' is not in the blogroll; did you mean 'janedoe'?" in build.log
    assert build.log.count("is not in the blogroll") == 1, build.log


def test_meant_id():
    assert [meant_id(via, PEOPLE) for via in ("Jane Deo", "JaneDoe", "janedoee", "samm", "Li Wie")] == [
        "janedoe", "janedoe", "janedoe", "sam", "li",
    ]  # fmt: skip
    for via in ("", "janedoe", "Jane Doe", " jane  DOE ", "www.janedoe.example", *NAMES):
        assert meant_id(via, PEOPLE) is None, via
    assert meant_id("Jane Deo", {}) is None


# Fault 2: an address without its whole start


@pytest.mark.parametrize(
    ("via", "fix"),
    [
        ("https:/ex.org", "write the whole address: --via https://ex.org"),
        ("http//ex.org", "write the whole address: --via http://ex.org"),
        ("https:ex.org", "write the whole address: --via https://ex.org"),
        ("HTTPS:/Example.org/Page", "write the whole address: --via https://Example.org/Page"),
        ("htps:/ex.org", "write the whole address: --via https://ex.org"),
        ("//ex.org/feed", "write the whole address: --via https://ex.org/feed"),
        ("www.example.org", "write the whole address: --via https://www.example.org"),
        ("example.org/page", "write the whole address: --via https://example.org/page"),
        ("mastodon.social/@jane", "write the whole address: --via https://mastodon.social/@jane"),
        ("example.org/?a=1&b=2", "write the whole address: --via 'https://example.org/?a=1&b=2'"),
        ("localhost:8000/notes", "write the whole address: --via https://localhost:8000/notes"),
        ("https:/", "write the whole address: --via https://www.example.org"),
        (
            "example.org",
            "write the whole address: --via https://example.org (or, for a name, write it with capitals: "
            "--via Example.org)",
        ),
    ],
)
def test_an_address_without_its_whole_start_is_refused_with_the_whole_address(site, via, fix):
    with pytest.raises(LinkError) as refused:
        add(site.content, via)
    assert str(refused.value) == f"--via '{via}' looks like a web address but is not a whole one; {fix}"
    assert not (site.content / "links").exists()


def test_an_address_among_other_words_is_refused(site):
    with pytest.raises(LinkError) as refused:
        add(site.content, "Jane (https://janedoe.example/blog)")
    assert str(refused.value) == (
        "--via 'Jane (https://janedoe.example/blog)' holds a web address among other words; write the address "
        "alone, such as --via https://janedoe.example/blog, or only a name"
    )


def test_the_suggested_fixes_are_accepted(site):
    """Each fix the messages give is a via the command saves and the build links."""
    for number, via in enumerate(("https://ex.org", "http://ex.org", "https://www.example.org", "Example.org")):
        add(site.content, via, url=f"https://example.org/{number}")
        assert saved_via(site) == via
    build = site.build()
    assert build.returncode == 0 and not via_messages(build.log), build.log


def test_a_whole_address_is_saved_with_its_scheme_in_lowercase(site):
    add(site.content, "HTTPS://Example.org/Page")
    assert saved_via(site) == "https://Example.org/Page"


@pytest.mark.parametrize("via", NAMES)
def test_names_with_dots_and_slashes_are_not_addresses(via):
    assert not looks_like_address(via)


# Any via: accepted as the build takes it, or refused in words

PIECES = ["Jane", "Doe", "jane", "doe", "Deo", "Jane Doe", "Sam", "Roe", "Li Wei", "e", "o", " ", "  ", ".", "/",
          "//", ":", ":/", "www.", "http", "https", ".org", ".fm", "example", "(", ")", "@", "-", "J.R.", "Dr. "]  # fmt: skip
VIAS = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=8).map("".join),
    st.text(max_size=30),
).filter(lambda via: "://" not in via)


@given(VIAS)
@settings(deadline=None, **({"max_examples": 200} if settings.get_current_profile_name() == "default" else {}))
def test_any_via_is_saved_as_the_build_shows_it_without_a_warning_or_refused_in_words(via):
    with tempfile.TemporaryDirectory() as folder:
        site = Site(Path(folder))
        site.blogroll(BLOGROLL)
        try:
            add(site.content, via)
        except LinkError as error:
            assert "\n" not in str(error)
            return
        saved = saved_via(site)
    if saved is None:  # nothing was given
        assert not via.strip()
        return
    assert saved == via.strip()
    assert meant_id(saved, PEOPLE) is None  # the build's warning (link_notes/generator.py)
    assert not looks_like_address(saved) or (WEB_ADDRESS.match(saved) and not fields.web_address("via", saved))


@given(st.lists(VIAS, min_size=1, max_size=6))
@settings(deadline=None, max_examples=3)
def test_the_vias_the_command_saves_build_without_a_warning(vias):
    with tempfile.TemporaryDirectory() as folder:
        site = Site(Path(folder))
        site.blogroll(BLOGROLL)
        for number, via in enumerate(vias):
            with contextlib.suppress(LinkError):  # refused in words: the other test
                add(site.content, via, url=f"https://example.org/{number}")
        build = site.build()
        assert build.returncode == 0 and not via_messages(build.log), build.log


def test_an_invisible_character_in_a_via_is_shown_in_the_message(site):
    """'janedoe' with a zero-width space copied after it: the message shows it, or it would read 'janedoe is
    not in the blogroll; did you mean janedoe?'."""
    site.blogroll(BLOGROLL)
    with pytest.raises(LinkError, match=r"--via 'janedoe\\u200b' is not in the blogroll"):
        add(site.content, "janedoe\u200b")
