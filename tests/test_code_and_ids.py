"""Code is shown as it was written, and no page has one id twice.

A tab in a fenced code block stays a tab (a Makefile copied from a page still works), in the page and
in the feeds. Ids that posts bring (toc headings, `{#id}`, footnotes, raw HTML) never take the
theme's ids, such as the skip link's `main`; on listing pages, where several posts' summaries meet,
a summary carries no ids and its in-page links lead to its own post.
"""

from __future__ import annotations

import json
import re
import sys

import lxml.html
from conftest import ROOT, good_post
from lxml import etree
from page_checks import duplicate_ids, pages_with_duplicate_ids

sys.path.insert(0, str(ROOT / "plugins"))
from learnlog_core.filters import listed
from learnlog_core.layout import LAYOUT
from learnlog_core.shared import THEME_IDS
from posts.ids import unique_ids
from posts.markdown import markdown_converter

SETTINGS = {"MARKDOWN": {**LAYOUT["MARKDOWN"], "extensions": list(LAYOUT["MARKDOWN"]["extension_configs"])}}
ATOM = "{http://www.w3.org/2005/Atom}"

MAKEFILE = "all: site\n\nsite:\n\tinvoke build\n  \n\t\n\techo 'done'\t# tab inside a line too\n"


def convert(text: str) -> str:
    md = markdown_converter(SETTINGS)
    return md.convert(text)


def code_blocks(html: str) -> list[str]:
    """The text of each <pre> of a page or fragment, as a reader copies it."""
    return [pre.text_content() for pre in lxml.html.fragment_fromstring(html, create_parent="div").iter("pre")]


def ids_of(html: str) -> list[str]:
    return lxml.html.fragment_fromstring(html, create_parent="div").xpath("//@id")


def hrefs(html: str, css_class: str) -> list[str]:
    document = lxml.html.fragment_fromstring(html, create_parent="div")
    return document.xpath(f"//a[contains(concat(' ', @class, ' '), ' {css_class} ')]/@href")


# A. Code stays as written


def test_a_makefile_in_a_fenced_block_keeps_its_tabs_and_blank_looking_lines():
    for fence in ("```make\nCODE```", "~~~\nCODE~~~", "``` { .make }\nCODE```", "```nosuchlanguage\nCODE```"):
        html = convert("Before\n\n" + fence.replace("CODE", MAKEFILE) + "\n\nAfter")
        assert code_blocks(html) == [MAKEFILE], (fence, html)
        assert html.count("\t") == MAKEFILE.count("\t"), html  # the tab itself, as a reader's copy takes it


def test_tabs_outside_fenced_code_still_shape_the_text():
    """Tabs that indent a list, or make an indented code block, work as before (expanded)."""
    html = convert("- one\n\t- nested\n\n```\n\tkept\n```\n\nText\n\n\tindented code\n")
    document = lxml.html.fragment_fromstring(html, create_parent="div")
    assert document.xpath("//ul/li/ul/li/text()") == ["nested"], html
    # The limit (posts/code_blocks.py): an indented block has its tabs turned into spaces.
    assert code_blocks(html) == ["\tkept\n", "indented code\n"], html


def test_code_is_kept_in_the_built_page_and_in_the_feeds(site):
    text = good_post("Build with make") + "\n```make\n" + MAKEFILE + "```\n"
    site.post("2026-11-20-build-with-make.md", text.encode("utf-8"))  # as bytes: not dedented
    build = site.build()
    assert build.returncode == 0, build.log
    assert code_blocks(build.page("/posts/2026/build-with-make/")) == [MAKEFILE]
    atom = etree.parse(str(build.output / "feeds/posts.atom.xml"))
    content = atom.find(f"{ATOM}entry/{ATOM}content").text
    assert code_blocks(content) == [MAKEFILE]
    item = json.loads((build.output / "feeds/posts.json").read_text(encoding="utf-8"))["items"][0]
    assert code_blocks(item["content_html"]) == [MAKEFILE]


# B. One id once per page


HOSTILE = """\
# Main

Read the [notes](#main) first[^1], then the [second part](#part).

## Footnotes

Where the notes go.

## Part {#part}

A paragraph with an id of the theme's.
{: #latest-posts }

<div id="main" aria-labelledby="main">Raw HTML with the page's own id.</div>

[^1]: The first note.
"""


def test_content_never_takes_an_id_of_the_theme_and_links_follow_the_renamed_ids():
    html = convert(HOSTILE)
    ids = ids_of(html)
    assert not set(ids) & THEME_IDS, ids
    assert duplicate_ids(html) == []
    assert {"footnotes", "part", "fn:1", "fnref:1"} <= set(ids), ids
    # '# Main' is a heading 1, moved under the page's title (posts/headings.py): an h2.
    heading = lxml.html.fragment_fromstring(html, create_parent="div").xpath("//h2[text()='Main']")[0]
    assert heading.text == "Main" and heading.get("id").startswith("main_")
    assert f'<a href="#{heading.get("id")}">notes</a>' in html  # the author's link still reaches the heading
    assert 'aria-labelledby="{}"'.format(heading.get("id")) in html


def test_an_id_is_renamed_only_when_it_must_be():
    plain = '<h2 id="a">A</h2>\n<p>See <a href="#a">A</a> <span id="b">x</span></p>'
    assert unique_ids(plain) == plain
    twice = '<p id="a">one</p><p id=a>two</p><a href="#a">first</a><p id="a_1">three</p>'
    assert unique_ids(twice) == '<p id="a">one</p><p id="a_2">two</p><a href="#a">first</a><p id="a_1">three</p>'


def test_the_theme_ids_are_the_ids_the_templates_write():
    written = set()
    for template in sorted((ROOT / "theme" / "templates").glob("*.html")):
        written |= set(re.findall(r'\bid="([^"{}]+)"', template.read_text(encoding="utf-8")))
    assert written == THEME_IDS


def test_a_listed_summary_has_no_ids_and_its_links_lead_to_its_post():
    summary = '<h2 id="main">Main</h2><p>A note<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup> <a href="https://example.org/#x">out</a></p>'
    shown = listed(summary, "../posts/2026/a/")
    assert ids_of(shown) == []
    assert hrefs(shown, "footnote-ref") == ["../posts/2026/a/#fn:1"]
    assert 'href="https://example.org/#x"' in shown
    plain = "<p>No ids &rsquo; here.</p>"
    assert listed(plain, "../posts/2026/a/") is plain


def test_duplicate_ids_finds_an_id_on_two_elements():
    assert duplicate_ids('<p id="a">1</p><p id="b">2</p><div><span id="a">3</span></div>') == ["a"]
    assert duplicate_ids('<main id="main"><p id="b">x</p></main>') == []


def test_no_page_of_the_sample_site_repeats_an_id(sample_site):
    assert pages_with_duplicate_ids(sample_site.output) == {}


def hostile_post(title: str, date: str) -> str:
    """A post whose summary, cut from its start, has a heading and a footnote link (no Summary: field)."""
    return f"Title: {title}\nDate: {date}\nTags: habits\nCategory: Notes\n\n" + HOSTILE


def test_no_page_repeats_an_id_with_hostile_content(site):
    site.post("2026-11-20-first.md", hostile_post("First", "2026-11-20 10:00"))
    site.post("2026-11-21-second.md", hostile_post("Second", "2026-11-21 10:00"))
    site.page("main.md", "Title: Main\n\n" + HOSTILE)
    note = (
        "I learned *this*[^1]. <span id='main'>x</span> <a name='main' href='#main'>y</a>\n\n[^1]: n\n\n## Main {#main}"
    )
    note_yaml = "".join(f"    {line}\n" for line in note.splitlines())
    site.links(
        "2026-W47.yaml",
        f"summary: |\n{note_yaml}links:\n"
        + "".join(
            f"- url: https://example.org/{n}\n  title: Link {n}\n  date: 2026-11-1{n} 08:00\n  tags: [habits]\n"
            f"  note: |\n{note_yaml}"
            for n in range(6, 9)
        ),
    )
    # Saved again a week later: the tag page lists the address twice.
    site.links(
        "2026-W48.yaml", "- url: https://example.org/6\n  title: Link 6\n  date: 2026-11-23 08:00\n  tags: [habits]\n"
    )
    build = site.build()
    assert build.returncode == 0, build.log

    assert pages_with_duplicate_ids(build.output) == {}
    for url in ("/posts/2026/first/", "/main/"):
        page = lxml.html.document_fromstring(build.page(url))
        assert [element.tag for element in page.xpath('//*[@id="main"]')] == ["main"], url
        assert page.xpath('//a[@class="skip-link"]/@href') == ["#main"]
        assert page.xpath('//a[@class="footnote-ref"]/@href') == ["#fn:1"], url
        assert page.xpath('//*[@id="fn:1"]'), url  # the note is on the page
    # Listings show a plain-text teaser of each post (filters.teaser): no footnote marks, no ids of the posts.
    for url in ("/", "/tags/habits/", "/categories/notes/"):
        assert hrefs(build.page(url), "footnote-ref") == [], url
        assert "Read the notes first" in " ".join(build.page(url).split()), url
    # Link notes and week summaries are sanitised: no ids, no in-page links.
    for url in ("/links/2026/w47/", "/links/"):
        page = lxml.html.document_fromstring(build.page(url))
        assert [element.tag for element in page.xpath('//*[@id="main"]')] == ["main"], url
        notes = '//*[contains(@class, "e-content") or contains(@class, "week-summary")]'
        assert not page.xpath(f"{notes}//@id | {notes}//a[starts-with(@href, '#')]"), url
    week_ids = lxml.html.document_fromstring(build.page("/links/2026/w47/")).xpath("//article/@id")
    assert len(week_ids) == 3 and all(anchor.startswith("link-") for anchor in week_ids)
