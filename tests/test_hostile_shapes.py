"""Posts as people paste them: HTML that is not whole, file names and line endings from other computers,
links that lead outside the content folder, and posts in another language.

Each test is one kind of fault; a site holds several inputs of its kind, and every page of a site that
builds is checked for repeated ids (conftest.run_build).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sys

import html5lib
import lxml.etree
import lxml.html
import pytest
from conftest import ROOT, good_post
from hypothesis import example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(ROOT / "plugins"))
from posts.fragment import whole

POST = "Title: {title}\nDate: 2026-11-{day:02d} 10:00\n{more}\n{body}\n"


def post(title: str, body: str, day: int = 20, more: str = "") -> str:
    return POST.format(title=title, day=day, more=more, body=body)


def problems_of(build) -> list[str]:
    assert build.returncode != 0, build.log
    assert "Traceback" not in build.log, build.log
    return [line.strip() for line in build.log.splitlines() if line.startswith("  ")]


def footer_is_the_page_s_own(html: str) -> bool:
    """True when the theme's footer is a child of <body>: no post's HTML swallowed it."""
    [footer] = lxml.html.document_fromstring(html).xpath("//footer[@class='site-footer']")
    return footer.getparent().tag == "body"


# HTML that is not whole


def test_html_that_is_not_whole_cannot_break_the_page_around_it(site):
    site.post("a.md", post("Doctype", "<!DOCTYPE html>\n\nText after a doctype.", day=1))
    site.post("b.md", post("Html", "<html>\n\nText after an html tag.", day=2))
    site.post("c.md", post("Open", "Before.\n\n<div><p>left open\n\nAfter.", day=3))
    site.post("d.md", post("Stray", "Before.\n\n</div></div></main>\n\nAfter the stray tags.", day=4))
    site.post("e.md", post("Summary", "Body.", day=5, more="Summary: <div><section>a summary left open\n"))
    site.post("f.md", post("Body end", "Text.\n\n</body></html>\n\nWords after the end.", day=6))
    build = site.build()
    assert build.returncode == 0, build.log
    for page in ["/", "/posts/2026/open/", "/posts/2026/stray/", "/posts/2026/summary/", "/tags/", "/archives/"]:
        assert footer_is_the_page_s_own(build.page(page)), page
    assert "Text after a doctype." in build.page("/posts/2026/doctype/")
    assert "Text after an html tag." in build.page("/posts/2026/html/")
    assert "Words after the end." in build.page("/posts/2026/body-end/")
    for page in ["/posts/2026/doctype/", "/posts/2026/html/"]:
        assert build.page(page).lower().count("<html") == 1


def test_ids_hidden_in_svg_scripts_and_empty_ids_are_made_unique(site):
    body = (
        '<svg><script><g id="main"></g></script></svg>\n\n# One {: id="" }\n\n# Two {: id="" }\n\n# Three {: id="a b" }'
    )
    site.post("a.md", post("Shapes", body))
    build = site.build()
    assert build.returncode == 0, build.log
    page = build.page("/posts/2026/shapes/")
    assert 'id=""' not in page
    assert '<g id="main_1">' in page  # a browser reads it as an element, inside <svg>
    assert 'id="a-b"' in page


def test_what_acts_on_the_whole_page_is_left_out_of_a_post(site):
    pasted = (
        "<!DOCTYPE html><html><head><title>District news</title>"
        "<meta http-equiv='refresh' content='0;url=https://example.org'><base href='https://example.org/'>"
        "<link rel='stylesheet' href='https://example.org/x.css'><style>body { display: none }</style>"
        "<script>document.title = 'x'</script></head>"
        "<body><p>The words of the page.</p><svg><title>A chart</title></svg></body></html>"
    )
    site.post("a.md", post("Pasted", pasted))  # no Summary line: the start of the post is its summary
    build = site.build()
    assert build.returncode == 0, build.log
    page = build.page("/posts/2026/pasted/")
    for gone in ("display: none", "District news", "http-equiv", "<base", "x.css"):
        assert gone not in page, gone
    assert "<svg><title>A chart</title></svg>" in page and "The words of the page." in page
    assert "document.title" in page  # a script stays on the post's own page
    home = build.page("/")
    assert "document.title" not in home and "The words of the page." in home
    [description] = lxml.html.document_fromstring(page).xpath("//meta[@name='description']/@content")
    assert description == "The words of the page. A chart"
    feed = (build.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "document.title" not in feed and "The words of the page." in feed


def test_a_reference_html_does_not_know_is_shown_as_written(site):
    site.post("a.md", post("Entities", "Fish &chips; and &nbsp;spaces &amp; more."))
    build = site.build()
    assert build.returncode == 0, build.log
    page = build.page("/posts/2026/entities/")
    assert "&amp;chips;" in page and "&chips;" not in page.replace("&amp;chips;", "")
    [paragraph] = lxml.html.document_fromstring(page).xpath("//div[contains(@class, 'e-content')]/p")
    assert paragraph.text_content() == "Fish &chips; and \u00a0spaces & more."


# Files from other computers


def test_old_mac_line_endings_are_read_as_lines(site):
    site.post("a.md", (post("Carriage", "First line.\n\nSecond paragraph.", more="Tags: habits\n")).replace("\n", "\r"))
    site.post("b.md", good_post(title="Windows").replace("\n", "\r\n"))
    build = site.build()
    assert build.returncode == 0, build.log
    assert "Second paragraph." in build.page("/posts/2026/carriage/")
    assert (build.output / "tags" / "habits" / "index.html").exists()


def test_old_mac_line_endings_keep_line_numbers_in_messages(site):
    site.post("a.md", "Title: A\rDate: 2026-11-20 10:00\rTags: \x08x\r\rBody.\r")
    [problem] = problems_of(site.build())
    assert problem.startswith("content/posts/a.md:3: this line holds a backspace")


def test_file_names_that_are_not_utf8_or_hold_control_characters_are_reported(site):
    folder = os.fsencode(site.content / "posts")
    with open(os.path.join(folder, b"caf\xe9.md"), "wb") as file:
        file.write(good_post().encode())
    site.post("line\nbreak.md", good_post(title="Other"))
    site.post("fine.md", good_post(title="Fine"))
    problems = problems_of(site.build())
    assert problems == [
        "content/posts/caf\\xe9.md: the name of this file is not UTF-8 text (it was made on a computer that "
        "writes names another way); rename it using letters, digits and dashes, such as my-first-post.md",
        "content/posts/line\\nbreak.md: the name of this file holds a line break (U+000A); rename it using "
        "letters, digits and dashes, such as my-first-post.md",
    ]


def test_a_file_name_with_a_date_no_post_can_have_is_reported(site):
    site.post("2026-02-30-leap.md", "Title: Leap\n\nBody.\n")
    site.post("0001-01-01-early.md", "Title: Early\nDate: 2026-01-01\n\nBody.\n")
    site.post("2026-01-01-fine.md", "Title: Fine\n\nBody.\n")
    assert problems_of(site.build()) == [
        "content/posts/0001-01-01-early.md: the file name starts with 0001-01-01, which is not a date a post "
        "can have; rename the file with the post's date first, as in 2026-11-23-early.md",
        "content/posts/2026-02-30-leap.md: the file name starts with 2026-02-30, which is not a date a post "
        "can have; rename the file with the post's date first, as in 2026-11-23-leap.md",
    ]


@pytest.mark.parametrize(
    ("date", "year"),
    [("0001-01-01", "0001"), ("9999-12-31 23:00:00-05:00", "9999"), ("1066-10-14", "1066")],
)
def test_a_date_in_a_year_no_post_has_is_reported(site, date, year):
    site.post("a.md", good_post(date=date))
    [problem] = problems_of(site.build())
    assert problem.startswith(f"content/posts/a.md:2: 'date' is in the year {year}, which cannot be right")


# Links that Pelican replaces


def test_links_outside_the_content_folder_are_refused_before_anything_is_copied(site):
    (site.folder / "secret.txt").write_text("not for the site", encoding="utf-8")
    body = (
        "[a]({static}/../secret.txt) and ![b]({static}../../../../../../etc/hostname) and [c]({attach}../../secret.txt)"
        " and [d]({filename}/../pelicanconf.py)"
    )
    site.post("a.md", post("Outside", body))
    problems = problems_of(site.build())
    assert len(problems) == 4
    assert all(
        re.match(r"content/posts/a\.md:4: the link \{\w+\}\S+ points outside the content/ folder", p) for p in problems
    )
    assert not (site.folder / "output").exists()


def test_an_attached_index_html_would_replace_the_post_page(site):
    (site.content / "posts" / "files").mkdir()
    (site.content / "posts" / "files" / "index.html").write_text("<p>x</p>", encoding="utf-8")
    site.post("a.md", post("Attach", "See [the file]({attach}files/index.html)."))
    [problem] = problems_of(site.build())
    assert problem.startswith("content/posts/a.md:4: the link {attach}files/index.html would put index.html")


def test_links_in_a_summary_are_checked_like_links_in_the_body(site):
    site.post("a.md", post("Summary link", "Body.", more="Summary: See [that]({filename}missing.md).\n"))
    [problem] = problems_of(site.build())
    assert problem.startswith(
        "content/posts/a.md:3: the link {filename}missing.md points at a file that does not exist"
    )


def test_tag_category_and_unknown_brace_links_are_checked(site):
    site.post("a.md", good_post(tags="habits"))
    site.post("b.md", post("Braces", "[ok]({tag}habits) [no]({tag}nothing) [cat]({category}nowhere)", day=21))
    site.post("c.md", post("Author", "[who]({author}sam)", day=22))
    problems = problems_of(site.build())
    assert [problem.split(": the link ")[1].split(" ")[0] for problem in problems] == [
        "{category}nowhere",
        "{tag}nothing",
        "{author}sam",
    ]


def test_a_file_name_with_a_space_can_be_linked(site):
    (site.content / "images").mkdir()
    (site.content / "images" / "my photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    site.post("a.md", post("Photo", "![A photo]({static}/images/my photo.png)"))
    build = site.build()
    assert build.returncode == 0, build.log
    assert (build.output / "images" / "my photo.png").exists()
    [image] = lxml.html.document_fromstring(build.page("/posts/2026/photo/")).xpath("//article//img")
    assert image.get("src").replace("%20", " ") == "../../../images/my photo.png"


# Another language


def test_a_post_or_page_in_another_language_is_written(site):
    site.post("a.md", post("Bonjour", "Un billet en français.", more="Lang: fr\n"))
    site.post("b.md", post("Links to it", "See [the French post]({filename}a.md).", day=21))
    site.page("uber.md", "Title: Über mich\nLang: de\n\nText.\n")
    build = site.build()
    assert build.returncode == 0, build.log
    assert '<div class="post-body e-content" lang="fr">' in build.page("/posts/2026/bonjour/")
    assert '<h1 lang="de">Über mich</h1>' in build.page("/uber-mich/")
    assert 'lang="fr"' not in build.page("/posts/2026/links-to-it/")


def test_two_posts_with_one_address_in_two_languages_are_reported(site):
    site.post("a.md", post("Bonjour", "En français.", more="Lang: fr\n"))
    site.post("b.md", post("Bonjour", "In English.", day=21))
    [problem] = problems_of(site.build())
    assert problem.startswith("content/posts/b.md:1: the slug 'bonjour' is already used by content/posts/a.md")


# Dates with offsets


def test_posts_dated_in_other_time_zones_show_each_year_once_in_the_archives(site):
    site.post("a.md", good_post(title="Late in Tokyo", date="2026-01-01 00:30+09:00"))  # 2025-12-31 15:30 UTC
    site.post("b.md", good_post(title="New Year's Eve", date="2025-12-31 22:00"))
    site.post("c.md", good_post(title="Early", date="2025-12-31 09:00"))
    build = site.build()
    assert build.returncode == 0, build.log
    archives = lxml.html.document_fromstring(build.page("/archives/"))
    assert [heading.text for heading in archives.xpath("//section[@class='archive-year']/h2")] == ["2026", "2025"]
    assert [link.text for link in archives.xpath("//section[@class='archive-year']//a")] == [
        "Late in Tokyo",
        "New Year's Eve",
        "Early",
    ]


# Any HTML at all, as a browser reads it


# Not <select>: the HTML standard's rules for what may be inside one changed in 2025 (customizable select),
# and html5lib, the parser that checks here, follows the older ones.
HTML_PIECES = st.sampled_from(
    [
        *"""<div> </div> <p> </p> <span> </span> <table> <tr> <td> </table> <ul> <li> </ul> <svg> </svg>
        <math> <style> </style> <script> </script> <template> </template> <textarea> </textarea> <title>
        <pre> </pre> <!-- --> <html> </html> <head> </head> <body> </body> <frameset> <noscript> <plaintext>
        <xmp> <iframe> </a> <main> </main> <footer> </footer> <article> </article> <![CDATA[ ]]> < > & &foo;
        &amp text""".split(),  # noqa: SIM905 (a list this long reads better as text)
        "<!DOCTYPE html>",
        "<a href='#x'>",
        " ",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(HTML_PIECES, max_size=25).map("".join))
@example("<svg><style><p><plaintext>")
@example("<svg><script><script><div><textarea>")  # a <script> in an SVG <script> holds markup too
@example("<svg><script><script><table>")
def test_a_post_s_html_stays_inside_its_article_in_a_browser(html):
    """A browser (html5lib, the HTML standard's parser) reads the made-whole HTML of a post inside the
    theme's <article>: the footer after it stays the page's own; and making it whole again keeps its text."""
    made_whole = whole(html)
    page = f"<!DOCTYPE html><html><body><main><article>{made_whole}</article></main><footer id='end'></footer></body></html>"
    document = html5lib.parse(page, namespaceHTMLElements=False)
    [footer] = [element for element in document.iter("footer") if element.get("id") == "end"]
    assert [element.tag for element in document.find("body")].count("footer") >= 1
    assert footer in list(document.find("body")), made_whole
    assert browser_text(whole(made_whole)) == browser_text(made_whole)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a<plaintext></p>b", "<p>a</p><pre>&lt;/p&gt;b</pre>"),
        ("<p>x <em>y<xmp>1 < 2</xmp>z</em> w</p>tail", "<p>x <em>yz</em> w</p><pre>1 &lt; 2</pre>tail"),
        ("<h2>t<listing>q</listing></h2>", "<h2>t</h2><pre>q</pre>"),
        ("<ul><li>a<xmp>b</xmp></li></ul>", "<ul><li>a<pre>b</pre></li></ul>"),  # a <pre> may be in a <li>
    ],
)
def test_old_elements_shown_as_written_become_a_pre_outside_a_paragraph(html, expected):
    """<plaintext>, <xmp> and <listing> become a <pre>, which a <p>, a heading or an <em> cannot hold (a browser
    would end the paragraph before it, and the Nu checker refuses the page)."""
    assert whole(html) == expected


def browser_text(fragment: str) -> str:
    """The text of an HTML fragment as a browser reads it (html5lib)."""
    return "".join(html5lib.parseFragment(fragment, namespaceHTMLElements=False).itertext())


def test_links_to_drafts_scheduled_posts_and_unpublished_files_are_reported(site):
    site.post("draft.md", "Title: Draft\nDate: 2026-11-20 10:00\nStatus: draft\n\nNot yet.\n")
    site.post("later.md", "Title: Later\nDate: 2099-01-01 09:00\n\nNext part.\n")
    (site.content / "notes").mkdir()
    (site.content / "notes" / "aside.md").write_text("Title: Aside\n\nNot a post.\n", encoding="utf-8")
    body = "[a]({filename}draft.md) [b]({filename}later.md) [c]({filename}/notes/aside.md)"
    site.post("a.md", post("Linking", body, day=21))
    site.post("b.md", "Title: Also a draft\nDate: 2026-11-20 10:00\nStatus: draft\n\n[a]({filename}draft.md)\n")
    problems = problems_of(site.build())
    assert [problem.split(" points at ")[1].split(",")[0] for problem in problems] == [
        "notes/aside.md",  # problems come in order of file, line and message
        "a draft",
        "a post scheduled for 2099-01-01 09:00",
    ]
    assert all(problem.startswith("content/posts/a.md:4: the link {filename}") for problem in problems)


def test_a_post_too_long_for_feeds_goes_into_them_as_its_summary_and_a_link(site):
    code = "```\n" + "print('a line of code that is long enough to add up')\n" * 12_000 + "```\n"
    site.post("a.md", good_post(title="Huge", tags="a, b, c") + code)
    build = site.build()
    assert build.returncode == 0, build.log
    assert len(build.page("/posts/2026/huge/")) > 500_000  # the page has it all
    feeds = list((build.output / "feeds").rglob("*.*"))
    assert len(feeds) == 21 and all(feed.stat().st_size < 20_000 for feed in feeds)
    item = json.loads((build.output / "feeds" / "tags" / "a.json").read_text(encoding="utf-8"))["items"][0]
    assert item["content_html"].startswith("<p>A short summary.</p>")
    assert (
        'href="http://localhost:8000/posts/2026/huge/">This post is too long for a feed reader' in item["content_html"]
    )


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en_GB", "'lang' is 'en_GB', which is not how a language code is written; write 'en-GB'"),
        ("french", "'lang' is 'french', which is not a language code"),
        ("e n", "'lang' is 'e n', which is not a language code"),
    ],
)
def test_a_lang_that_is_no_language_code_is_reported(site, lang, message):
    site.post("a.md", post("Bonjour", "Texte.", more=f"Lang: {lang}\n"))
    [problem] = problems_of(site.build())
    assert problem.startswith(f"content/posts/a.md:3: {message}")


def test_a_broken_link_is_reported_on_its_own_line_when_a_good_one_holds_its_path(site):
    site.post("2026-11-20-first.md", "Title: First\n\nBody.\n")
    body = "See [it]({filename}/posts/2026-11-20-first.md).\n\nAnd [a typo]({filename}posts/2026-11-20-first.md)."
    site.post("b.md", post("Second", body, day=21))
    [problem] = problems_of(site.build())
    assert problem.startswith("content/posts/b.md:6: the link {filename}posts/2026-11-20-first.md points at a file")


def test_a_post_in_another_language_marks_its_own_words_only(site):
    site.post("a.md", post("Bonjour", "Un billet en français.", more="Lang: fr\nSummary: Un résumé.\n"))
    site.post("b.md", post("Links to it", "See [the French post]({filename}a.md).", day=21))
    build = site.build()
    assert build.returncode == 0, build.log
    page = lxml.html.document_fromstring(build.page("/posts/2026/bonjour/"))
    assert page.get("lang") == "en"  # the theme's words ("min read", the menu) stay English
    assert page.xpath("//h1[@lang='fr']") and page.xpath("//div[contains(@class, 'e-content')][@lang='fr']")
    home = lxml.html.document_fromstring(build.page("/"))
    assert [card.text_content().strip() for card in home.xpath("//*[@lang='fr']")] == ["Bonjour", "Un résumé."]
    items = json.loads((build.output / "feeds" / "posts.json").read_text(encoding="utf-8"))["items"]
    assert [item.get("language") for item in items] == [None, "fr"]
    atom = lxml.etree.parse(str(build.output / "feeds" / "posts.atom.xml"))
    langs = atom.xpath("//a:entry/@xml:lang", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert langs == ["fr"]


def test_a_date_line_that_disagrees_with_the_file_name_is_a_warning(site):
    site.post("2026-11-20-typo.md", good_post(title="Typo", date="2062-11-20 10:00"))
    site.post("2026-11-21-same.md", good_post(title="Same", date="2026-11-21 09:00"))
    build = site.build()
    assert build.returncode == 0, build.log
    warnings = [line for line in build.log.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        "warning: content/posts/2026-11-20-typo.md:2: the Date line says 2062-11-20 but the file name says "
        "2026-11-20; the Date line counts (the post's address is under /posts/2062/): correct whichever is wrong"
    ]


def test_every_link_problem_of_a_post_is_reported_at_once(site):
    (site.content / "images").mkdir()
    (site.content / "images" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    site.links("2026-W47.yaml", "- url: https://example.org/a\n  title: A\n  date: 2026-11-18 09:00\n")
    site.post("2026-11-20-other.md", "Title: Other\n\nBody.\n")
    body = (
        "[out]({static}/../secret.txt)\n\n[missing]({filename}/posts/nothing.md)\n\n"
        "[source]({static}/posts/2026-11-20-other.md)\n\n[notes]({static}/links/2026-W47.yaml)\n\n"
        '<img src="{static}/images/a.png" srcset="{static}/images/a.png 2x" alt="A picture">'
    )
    site.post("a.md", post("Links", body, day=21))
    problems = problems_of(site.build())
    assert [problem.split(": the link ")[1].split(" ")[0] for problem in problems] == [
        "{static}/../secret.txt",
        "{filename}/posts/nothing.md",
        "{static}/posts/2026-11-20-other.md",
        "{static}/links/2026-W47.yaml",
        "{static}/images/a.png",
    ], problems
    assert [problem.split(": ")[0] for problem in problems] == [f"content/posts/a.md:{n}" for n in (4, 6, 8, 10, 12)]
    assert "is in a srcset" in problems[-1] and "published as a page of its own" in problems[2]


def test_a_footnote_nothing_refers_to_has_no_link_back(site):
    site.post("a.md", post("Notes", "Text with a note[^1].\n\n[^1]: The note.\n\n[^gone]: An orphan note."))
    build = site.build()
    assert build.returncode == 0, build.log
    page = lxml.html.document_fromstring(build.page("/posts/2026/notes/"))
    ids = set(page.xpath("//@id"))
    assert [href for href in page.xpath("//a/@href") if href.startswith("#") and href[1:] not in ids] == []
    assert "An orphan note." in page.text_content()


def test_a_byte_order_mark_saved_twice_is_left_out(site):
    site.post("a.md", "\ufeff\ufeff" + good_post(title="Two marks"))
    build = site.build()
    assert build.returncode == 0, build.log
    assert (build.output / "posts" / "2026" / "two-marks" / "index.html").exists()


def test_hidden_files_are_not_content(site):
    site.post(".2026-11-20-hidden.md", good_post(title="Hidden"))
    site.post("a.md", good_post(title="Seen"))
    site.links(".2026-W47.yaml", "- url: https://example.org/hidden\n  title: Hidden link\n  date: 2026-11-18 09:00\n")
    build = site.build()
    assert build.returncode == 0, build.log
    everything = "".join(path.read_text(encoding="utf-8") for path in build.output.rglob("*.html"))
    assert "Seen" in everything and "Hidden" not in everything


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: A\ndate: 2026-11-20\nTitle: B\n", "content/posts/a.md:4: 'Title' appears twice (first on line 2)"),
        ("title: A\ndate: 2026-11-20\n[x, y]: z\n", "content/posts/a.md:4: a field name must be a word"),
    ],
)
def test_front_matter_field_names_are_words_given_once(site, front, message):
    site.post("a.md", f"---\n{front}---\nBody.\n")
    [problem] = problems_of(site.build())
    assert problem.startswith(message)


def test_links_out_of_the_project_and_loops_stop_the_build_before_anything_is_read(site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "secret.txt").write_text("not for the site", encoding="utf-8")
    (site.content / "images").mkdir()
    (site.content / "images" / "secret.txt").symlink_to(outside / "secret.txt")
    (site.content / "images" / "everything").symlink_to(outside, target_is_directory=True)
    (site.content / "images" / "loop").symlink_to(".", target_is_directory=True)
    (site.folder / "notes.md").write_text("Title: Notes\n\nKept in the project.\n", encoding="utf-8")
    (site.content / "pages" / "notes.md").symlink_to(site.folder / "notes.md")  # inside the project: fine
    problems = problems_of(site.build())
    assert [problem.split(": this is a link to ")[0] for problem in problems] == [
        "content/images/everything",
        "content/images/loop",
        "content/images/secret.txt",
    ]
    assert "outside the project" in problems[0] and "a folder that holds it" in problems[1]
    assert not (site.folder / "output").exists()


def test_a_named_pipe_or_a_socket_among_the_content_stops_the_build_at_once(site):
    """Reading a named pipe never ends (the build would hang for good); a socket cannot be read at all."""
    (site.content / "links").mkdir(exist_ok=True)
    os.mkfifo(site.content / "links" / "2026-W48.yaml")
    os.mkfifo(site.content / "posts" / "pipe.md")
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(site.content / "pages" / "socket.md"))
        problems = problems_of(site.build())
    assert problems == [
        f"{path}: this is not a file but a named pipe, a socket or a device, which the build would wait on for ever; "
        "delete it"
        for path in ("content/links/2026-W48.yaml", "content/pages/socket.md", "content/posts/pipe.md")
    ]


def test_links_are_followed_through_folders_inside_the_project_and_into_history(site, tmp_path_factory):
    """A link to a folder inside the project that holds a link out of it, a link into .git (its settings can
    hold a password), a loop made of two links, and a content folder that is itself a link out."""
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "secret.txt").write_text("not for the site", encoding="utf-8")
    stash = site.folder / "stash"
    stash.mkdir()
    (stash / "secret.txt").symlink_to(outside / "secret.txt")
    (site.folder / ".git").mkdir()
    (site.folder / ".git" / "config").write_text("[http]\nextraheader = AUTHORIZATION: basic c2VjcmV0\n")
    (site.folder / "loopdir").mkdir()
    (site.content / "images").mkdir()
    (site.content / "images" / "stash").symlink_to("../../stash", target_is_directory=True)
    (site.content / "images" / "repo").symlink_to("../../.git", target_is_directory=True)
    (site.content / "images" / "config.txt").symlink_to("../../.git/config")
    (site.content / "images" / "a").symlink_to("../../loopdir", target_is_directory=True)
    (site.folder / "loopdir" / "b").symlink_to("../content/images", target_is_directory=True)
    problems = problems_of(site.build())
    assert [problem.split(": this is a link ")[0] for problem in problems] == [
        "content/images/a/b",
        "content/images/config.txt",
        "content/images/repo",
        "content/images/stash/secret.txt",
    ]
    assert "a folder that holds it" in problems[0]
    assert "into the project's .git folder" in problems[1] and "into the project's .git folder" in problems[2]
    assert "outside the project" in problems[3]
    assert not (site.folder / "output").exists()
    moved = tmp_path_factory.mktemp("content-elsewhere")
    shutil.rmtree(site.content / "images")
    (site.content).rename(moved / "content")
    site.content.symlink_to(moved / "content", target_is_directory=True)
    [problem] = problems_of(site.build())
    assert problem.startswith("content: this is a link to ") and "outside the project" in problem
