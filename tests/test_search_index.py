"""The search index: its records, the bundle Pagefind writes from them, and the OpenSearch description."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import lxml.html
from conftest import Site
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from search.index import bundle_files, index_language
from search.opensearch import NAMESPACE, description, short_name
from search.records import (
    FILTER_MARK,
    Record,
    choices_of,
    document,
    kind_word,
    link_record,
    tag_word,
    year_word,
)

# Any text an author can write in a title, a note or a tag: every character XML can hold.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


@settings(max_examples=60, deadline=None)
@given(title=TEXT, text=TEXT, meta_value=TEXT, tags=st.lists(TEXT, max_size=3))
def test_a_record_document_gives_back_exactly_what_was_put_in(title, text, meta_value, tags):
    words = [kind_word("link"), *(tag_word(tag) for tag in tags)]
    html = document("en", "links/2026/w48/#link-1", title, [text], ["site.example"], {"via": meta_value}, words)
    root = lxml.html.document_fromstring(html)
    assert root.xpath("string(//h1)") == title.replace(FILTER_MARK, "\u2021")
    assert root.xpath("string(//body/p[1])") == text.replace(FILTER_MARK, "\u2021")
    assert shown_of(root) == {"via": meta_value, "target": "links/2026/w48/#link-1"}
    assert [span.get("data-pagefind-meta") for span in root.xpath("//*[@data-pagefind-meta]")] == ["shown"]
    assert root.xpath("string(//body/p[last()])").split() == words
    assert not root.xpath("//script | //img | //*[@onerror]")


@given(name=TEXT, other=TEXT)
def test_filter_words_are_one_word_of_one_length_ending_in_a_digit(name, other):
    for word in (tag_word(name), kind_word("week"), year_word(2026)):
        assert re.fullmatch(rf"{FILTER_MARK}[a-z]\d+", word)
    assert len(tag_word(name)) == len(tag_word(other))  # so no tag's word is the start of another's
    assert tag_word(name) == tag_word(name)
    assert year_word(987) == f"{FILTER_MARK}y0987"


def shown_of(root) -> dict:
    """What a record's result shows: its one metadata word, "ǂs" and the hex of its JSON."""
    (word,) = [span.text_content() for span in root.xpath("//*[@data-pagefind-meta='shown']")]
    assert word.startswith(FILTER_MARK + "s") and " " not in word
    return json.loads(bytes.fromhex(word[2:]).decode("utf-8"))


def link(**fields):
    week = SimpleNamespace(url="links/2026/w48/")
    defaults = dict(
        url="https://example.org/a",
        title="A title",
        date=datetime(2026, 11, 24, 9, 0),
        note="<p>The <em>note</em>.</p>",
        quote="A quote",
        tags=[SimpleNamespace(name="memory", slug="memory")],
        via_person=None,
        via_name="Jane Doe",
        via_domain="",
        domain="example.org",
        permalink="links/2026/w48/#link-abc",
        week=week,
    )
    return SimpleNamespace(**{**defaults, **fields})


def test_a_link_record_holds_its_title_note_quote_domain_and_via_and_leads_to_its_anchor():
    record = link_record(link(), "en", lambda date: date.strftime("%-d %B %Y"))
    root = lxml.html.document_fromstring(record.html)
    text = root.xpath("string(//body)")
    for part in ("A title", "The note.", "A quote", "example.org", "via Jane Doe", tag_word("memory")):
        assert part in text
    assert record.url == "links/2026/w48/#link-abc" and record.kind == "link"
    assert record.tags == (("memory", "memory"),) and record.year == 2026
    meta = shown_of(root)
    assert meta["date"] == "24 November 2026" and meta["kind"] == "Link" and meta["domain"] == "example.org"


def test_an_authors_text_never_holds_a_filter_word():
    html = document("en", "a/", "ǂk1 title", [f"a note with {kind_word('post')} and {tag_word('memory')}"], [], {}, [])
    root = lxml.html.document_fromstring(html)
    own_words = root.xpath("string(//h1)") + root.xpath("string(//body/p[1])")
    assert FILTER_MARK not in own_words and "‡k1 title" in own_words


def test_choices_count_each_value_and_offer_only_what_there_is():
    records = [
        Record("a/", "", "post", (("memory", "memory"), ("habits", "Habits")), 2026),
        Record("b/", "", "link", (("memory", "Memory"), ("memory", "memory")), 2025),
        Record("c/", "", "page"),
    ]
    choices = choices_of(records)
    assert [(choice.value, choice.count) for choice in choices.kind] == [("post", 1), ("link", 1), ("page", 1)]
    assert [(choice.value, choice.label, choice.count) for choice in choices.tag] == [
        ("habits", "Habits", 1), ("memory", "memory", 3)]  # fmt: skip
    assert [(choice.value, choice.count) for choice in choices.year] == [("2026", 1), ("2025", 1)]
    assert choices.tag[1].word == tag_word("memory")


def test_the_index_language_is_the_sites_primary_language():
    assert [index_language(lang) for lang in ("en", "en-GB", "pt_BR", "ZH-Hant", "")] == ["en", "en", "pt", "zh", "en"]


def test_the_same_records_give_the_same_bundle_and_other_records_another():
    records = [
        Record(f"links/2026/w48/#link-{n}", document("en", f"x/{n}", f"Title {n}", [f"note {n}"], [], {}, [
            kind_word("link"), tag_word(f"tag {n % 3}"), year_word(2026)]), "link")
        for n in range(40)
    ]  # fmt: skip
    first, second = bundle_files(records, "en"), bundle_files(records, "en")
    assert first == second and "pagefind.js" in first
    assert bundle_files(records[:-1], "en") != first


def test_every_build_holds_the_index_of_every_post_page_link_and_reflection(tmp_path):
    site = Site(tmp_path, 'DEFAULT_LANG = "en-GB"\n')
    site.post("2026-11-02-a.md", "Title: A post\nTags: memory\n\nText.\n")
    site.page("about.md", "Title: About\n\nAbout me.\n")
    site.links(
        "2026-W48.yaml",
        """\
        summary: A reflection.
        links:
          - {url: "https://example.org/1", title: One, date: 2026-11-24}
          - {url: "https://example.org/2", title: Two, date: 2026-11-25}
        """,
    )
    site.links("2026-W47.yaml", '- {url: "https://example.org/3", title: Three, date: 2026-11-17}\n')
    build = site.build()
    assert build.returncode == 0, build.log
    entry = json.loads((build.output / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]
    assert entry["languages"]["en"]["page_count"] == 1 + 1 + 3 + 1  # a post, a page, three links, one reflection
    page = (build.output / "search" / "index.html").read_text()
    assert 'lang="en-gb"' in page and f'data-word="{tag_word("memory")}"' in page
    again = site.build()
    assert tree(again.output) == tree(build.output)


def test_the_opensearch_description_leads_to_the_search_page(tmp_path):
    site_settings = {"SITENAME": "Learning in Public & more", "SITEURL": "https://name.github.io/blög",
                     "SEARCH_URL": "search/"}  # fmt: skip
    root = etree.fromstring(description(site_settings))
    found = {element.tag.removeprefix(f"{{{NAMESPACE}}}"): element for element in root}
    assert found["ShortName"].text == "Learning in"
    assert found["Description"].text == "Search Learning in Public & more"
    assert found["Url"].get("template") == "https://name.github.io/bl%C3%B6g/search/?q={searchTerms}"
    assert found["Url"].get("type") == "text/html"


@given(name=st.text(max_size=60))
def test_a_short_name_is_at_most_sixteen_characters(name):
    shortened = short_name(name)
    assert len(shortened) <= 16
    assert shortened == name or name.startswith(shortened)


def test_a_site_with_nothing_in_it_yet_says_so_on_its_search_page(tmp_path):
    build = Site(tmp_path).build()
    assert build.returncode == 0, build.log
    page = build.page("/search/")
    assert "There is nothing to search yet" in page and "search.js" not in page
    assert not (build.output / "pagefind").exists()
