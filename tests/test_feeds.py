"""The feeds and OPML files, read back the way readers read them."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import feedparser
import jsonschema
import lxml.html
import pytest
from conftest import ROOT, SAMPLE, good_post
from feed_checks import (
    ABSOLUTE,
    RFC3339,
    atom_items,
    json_items,
    parse_xml,
    rfc4287_problems,
    rss_date,
    rss_items,
)

FAMILIES = ("all", "posts", "links", "weekly")
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "jsonfeed-1.1.schema.json").read_text())


def every_feed(output: Path) -> list[str]:
    """Names of every feed in a built site: all, posts, …, tags/memory, …"""
    return sorted(
        str(path.relative_to(output / "feeds")).removesuffix(".atom.xml")
        for path in (output / "feeds").rglob("*.atom.xml")
    )


def three_formats(output: Path, name: str) -> dict[str, list[dict]]:
    base = output / "feeds" / name
    return {
        "atom": atom_items(Path(f"{base}.atom.xml")),
        "rss": rss_items(Path(f"{base}.rss.xml")),
        "json": json_items(Path(f"{base}.json")),
    }


def test_every_contract_path_exists(sample_site):
    output = sample_site.output
    for family in FAMILIES:
        for extension in ("atom.xml", "rss.xml", "json"):
            assert (output / "feeds" / f"{family}.{extension}").is_file()
    tags = [path.name for path in (output / "tags").iterdir() if path.is_dir()]
    assert tags and set(every_feed(output)) == {*FAMILIES, *(f"tags/{tag}" for tag in tags)}
    for opml in ("feeds.opml", "blogroll.opml", ".well-known/recommendations.opml"):
        assert (output / opml).is_file()
    assert (output / "blogroll.opml").read_bytes() == (output / ".well-known/recommendations.opml").read_bytes()


def test_ids_are_unique_and_the_same_in_every_format(sample_site):
    for name in every_feed(sample_site.output):
        formats = three_formats(sample_site.output, name)
        ids = [item["id"] for item in formats["atom"]]
        assert len(ids) == len(set(ids)), name
        assert ids == [item["id"] for item in formats["rss"]] == [item["id"] for item in formats["json"]], name
        titles = [item["title"] for item in formats["atom"]]
        assert titles == [item["title"] for item in formats["rss"]] == [item["title"] for item in formats["json"]]


def test_an_item_has_one_id_in_every_feed(sample_site):
    ids_by_link: dict[str, set[str]] = {}
    for name in every_feed(sample_site.output):
        for item in three_formats(sample_site.output, name)["json"]:
            ids_by_link.setdefault(item["link"], set()).add(item["id"])
    assert all(len(ids) == 1 for ids in ids_by_link.values())


def test_items_are_newest_first_with_offsets(sample_site):
    for name in every_feed(sample_site.output):
        formats = three_formats(sample_site.output, name)
        atom_dates = [datetime.fromisoformat(item["date"]) for item in formats["atom"]]
        assert all(RFC3339.match(item["date"]) for item in formats["atom"] + formats["json"])
        assert atom_dates == sorted(atom_dates, reverse=True), name
        assert [rss_date(item["date"]) for item in formats["rss"]] == atom_dates
        assert all(re.search(r"[+-]\d{4}$", item["date"]) for item in formats["rss"])


def test_every_url_is_absolute(sample_site):
    for name in every_feed(sample_site.output):
        for items in three_formats(sample_site.output, name).values():
            for item in items:
                assert ABSOLUTE.match(item["link"]), item
                for url in re.findall(r'(?:href|src)="([^"]*)"', item["content"]):
                    assert ABSOLUTE.match(url), (name, url)


def test_atom_follows_rfc_4287(sample_site):
    for path in (sample_site.output / "feeds").rglob("*.atom.xml"):
        assert rfc4287_problems(path) == [], path


def test_json_feeds_follow_the_json_feed_1_1_schema(sample_site):
    for path in (sample_site.output / "feeds").rglob("*.json"):
        jsonschema.validate(json.loads(path.read_text()), SCHEMA)


def test_feedparser_reads_every_feed_without_complaint(sample_site):
    for path in (sample_site.output / "feeds").rglob("*.xml"):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version in ("atom10", "rss20")
        assert parsed.entries


def test_a_link_item_points_at_the_saved_page_and_back_to_its_note(sample_site):
    formats = three_formats(sample_site.output, "links")
    atom, rss, json_feed = formats["atom"][0], formats["rss"][0], formats["json"][0]
    assert atom["link"] == rss["link"] == json_feed["external_url"]
    assert not atom["link"].startswith("http://localhost:8000/")
    assert json_feed["url"] == atom["related"]
    assert re.match(r"^http://localhost:8000/links/\d{4}/w\d\d/#link-[0-9a-f]{10}$", json_feed["url"])
    assert f'href="{json_feed["url"]}"' in atom["content"]  # a link back to the permalink
    assert "Via <a href=" in atom["content"]


def test_the_weekly_digest_has_only_ended_weeks(sample_site):
    items = three_formats(sample_site.output, "weekly")["json"]
    running = datetime.now().isocalendar()
    titles = [item["title"] for item in items]
    assert titles and all(f"Week {running[1]}, {running[0]} " not in title for title in titles)
    assert any("Week 47, 2026" in title for title in titles)
    week_47 = next(item for item in items if "Week 47, 2026" in item["title"])
    assert week_47["content"].count("<li>") == 9


def test_every_page_advertises_the_feeds(sample_site):
    for page in sample_site.output.rglob("*.html"):
        head = page.read_text().split("</head>")[0]
        for kind, path in (("atom+xml", "all.atom.xml"), ("rss+xml", "all.rss.xml"), ("feed+json", "all.json")):
            assert re.search(
                rf'<link rel="alternate" type="application/{re.escape(kind)}" title="[^"]+" href="[^"]*/feeds/{path}">',
                head,
            ), page
        assert re.search(r'<link rel="blogroll" type="text/xml" [^>]*href="[^"]*/blogroll.opml">', head), page
    tag_head = (sample_site.output / "tags" / "memory" / "index.html").read_text().split("</head>")[0]
    assert 'href="../../feeds/tags/memory.atom.xml"' in tag_head


def test_opml_files(sample_site):
    import yaml

    feeds = parse_xml(sample_site.output / "feeds.opml")
    assert feeds.get("version") == "2.0"
    urls = {outline.get("xmlUrl") for outline in feeds.iter("outline")}
    assert "http://localhost:8000/feeds/all.atom.xml" in urls and len(urls) == len(every_feed(sample_site.output))
    people = yaml.safe_load((SAMPLE / "content" / "blogroll.yaml").read_text())
    blogroll = parse_xml(sample_site.output / "blogroll.opml")
    assert [o.get("xmlUrl") for o in blogroll.iter("outline")] == [p["feed"] for p in people if p.get("feed")]


def test_subscribe_page_lists_every_feed(sample_site):
    html = sample_site.page("/subscribe/")
    for family in FAMILIES:
        for extension in ("atom.xml", "rss.xml", "json"):
            assert f'href="http://localhost:8000/feeds/{family}.{extension}"' in html
    assert "http://localhost:8000/feeds.opml" in html and "http://localhost:8000/blogroll.opml" in html
    assert 'href="http://localhost:8000/feeds/tags/memory.atom.xml"' in html
    # One way to follow comes first: the feed of everything, ready to copy.
    assert html.index('value="http://localhost:8000/feeds/all.atom.xml"') < html.index('id="all-feeds"')


def test_the_opml_files_to_import_never_repeat_an_item(sample_site):
    """follow.opml: posts and links, which share no item (a reader shows each once); topics.opml: the tags."""
    follow = parse_xml(sample_site.output / "follow.opml")
    assert [o.get("xmlUrl") for o in follow.iter("outline")] == [
        "http://localhost:8000/feeds/posts.atom.xml",
        "http://localhost:8000/feeds/links.atom.xml",
    ]
    topics = [o.get("xmlUrl") for o in parse_xml(sample_site.output / "topics.opml").iter("outline")]
    assert topics and all(url.startswith("http://localhost:8000/feeds/tags/") for url in topics)
    assert "http://localhost:8000/feeds/tags/memory.atom.xml" in topics
    every = [o.get("xmlUrl") for o in parse_xml(sample_site.output / "feeds.opml").iter("outline")]
    assert set(every) >= {*topics, "http://localhost:8000/feeds/all.atom.xml"}


def ids_of(build) -> dict[str, str]:
    """Item id by feed item link (the saved URL for links, the post's page for posts)."""
    return {item["link"]: item["id"] for item in three_formats(build.output, "all")["json"]}


def test_edits_keep_every_id(site):
    post = site.post("2026-11-20-first-post.md", good_post("First title", "2026-11-20 10:00", "habits"))
    notes = site.links(
        "w.yaml",
        "- url: https://example.org/a\n  title: Old title\n  date: 2026-11-19 10:00\n  tags: [x]\n  note: Old.\n",
    )
    before = site.build()
    assert before.returncode == 0, before.log
    old_ids = ids_of(before)

    post.write_text(good_post("A new title", "2026-11-20 10:00", "memory, other") + "New text.\nSlug: not-a-field\n")
    post.write_text(post.read_text().replace("Title: A new title\n", "Title: A new title\nSlug: renamed\n"))
    notes.write_text(
        notes.read_text().replace("Old title", "New title").replace("Old.", "New note.").replace("[x]", "[y, z]")
    )
    after = site.build()
    assert after.returncode == 0, after.log
    new_ids = ids_of(after)
    assert sorted(old_ids.values()) == sorted(new_ids.values())
    assert "http://localhost:8000/posts/2026/renamed/" in new_ids  # the slug did change the URL


def test_pinned_ids(site):
    site.post("p.md", good_post() + "").write_text("Title: P\nDate: 2026-11-20\nId: my-own-id\n\nText.\n")
    site.links("w.yaml", "- url: https://example.org/a\n  title: A\n  date: 2026-11-19\n  id: urn:uuid:1234\n")
    build = site.build()
    assert build.returncode == 0, build.log
    assert set(ids_of(build).values()) == {"tag:localhost,2026-11-20:posts/my-own-id", "urn:uuid:1234"}


def test_hostile_content_gives_well_formed_feeds_without_script(site):
    site.post(
        "2026-11-20-hostile.md",
        # Raw control characters are refused with their line (test_hostile_content.py); as character
        # references they reach the HTML, and the feeds must still be well-formed.
        "Title: Tricky ]]> & <b>\nDate: 2026-11-20\nTags: t\n\nBody with ]]> and &#1; and &#x0b; and &#127; and &#xFFFE;.\n",
    )
    site.links(
        "w.yaml",
        "- url: https://example.org/a?x=1&y=2\n  title: ']]> <script>alert(1)</script>'\n  date: 2026-11-19\n  tags: [t]\n"
        "  note: |\n    <script>alert(2)</script> ]]> <img src=x onerror=alert(3)> [j](javascript:alert(4))\n"
        "  quote: ']]><![CDATA[ <script>'\n",
    )
    build = site.build()
    assert build.returncode == 0, build.log
    for path in (build.output / "feeds").rglob("*"):
        if path.suffix == ".xml":
            parse_xml(path)  # well-formed
            assert not feedparser.parse(path.read_bytes()).bozo
        elif path.suffix == ".json":
            json.loads(path.read_text())
    for items in three_formats(build.output, "all").values():
        assert len(items) == 2
        for item in items:
            assert "<script" not in item["content"] and "onerror" not in item["content"]
            assert 'href="javascript:' not in item["content"]
            assert "\x0b" not in item["content"] and "\x01" not in item["content"]


def test_item_counts_and_families_are_settings(tmp_path):
    from conftest import Site

    site = Site(
        tmp_path, 'FEED_ITEMS = 2\nFEED_FAMILIES = ["posts", "links"]\nFEED_TITLES = {"posts": "Only my posts"}\n'
    )
    for day in range(10, 14):
        site.post(f"2026-11-{day}-post-{day}.md", good_post(f"Post {day}", f"2026-11-{day} 10:00"))
    build = site.build()
    assert build.returncode == 0, build.log
    assert every_feed(build.output) == ["links", "posts"]
    items = three_formats(build.output, "posts")["atom"]
    assert [item["title"] for item in items] == ["Post 13", "Post 12"]
    assert "<title>Only my posts</title>" in (build.output / "feeds" / "posts.atom.xml").read_text()
    assert 'title="Only my posts (Atom)" href="./feeds/posts.atom.xml"' in build.page("/")


@pytest.mark.parametrize("family", FAMILIES)
def test_feeds_use_the_published_site_address(tmp_path, family):
    from conftest import Site

    site = Site(tmp_path, 'SITEURL = "https://learner.example/blog"\nRELATIVE_URLS = False\n')
    site.post("2026-11-10-p.md", good_post("P", "2026-11-10 10:00"))
    site.links("w.yaml", "- url: https://example.org/a\n  title: A\n  date: 2026-11-09 10:00\n")
    build = site.build()
    assert build.returncode == 0, build.log
    text = (build.output / "feeds" / f"{family}.atom.xml").read_text()
    assert "https://learner.example/blog/feeds/" in text and "localhost" not in text


def test_a_post_without_summary_links_to_other_posts_by_their_address_in_the_feeds(site):
    """Pelican cuts a summary from the text as linked from the page rendered last: in the feeds it must
    be cut from the text with absolute links, in every build, fresh or not."""
    site.post("2026-11-10-target.md", good_post("The target", "2026-11-10 10:00"))
    for number in range(12):  # pages at every depth are rendered before and after the feeds
        site.post(
            f"2026-10-{number + 1:02d}-other-{number}.md",
            good_post(f"Other {number}", f"2026-10-{number + 1:02d} 10:00"),
        )
    site.post(
        "2026-11-20-linking.md",
        "Title: Linking\nDate: 2026-11-20 10:00\nTags: habits\n\nFirst [see the target]({filename}/posts/2026-11-10-target.md).\n",
    )
    for _ in range(2):
        build = site.build()
        assert build.returncode == 0, build.log
        feed = feedparser.parse((build.output / "feeds" / "posts.atom.xml").read_bytes())
        entry = next(entry for entry in feed.entries if entry.title == "Linking")
        assert 'href="http://localhost:8000/posts/2026/target/"' in entry.summary, entry.summary
        assert 'href="http://localhost:8000/posts/2026/target/"' in entry.content[0].value
        for path in (build.output / "feeds").rglob("*"):
            if path.is_file():
                assert "posts/posts/" not in path.read_text(encoding="utf-8"), path


def test_a_feed_summary_does_not_depend_on_the_page_rendered_last():
    """Pelican's `get_summary(site_url)` cuts the text as linked from the page rendered last (the context's
    `localsiteurl`): there a {filename} link is relative to that page, which a feed reader resolves against
    the post's own address (/posts/posts/…). The feeds' own summary is cut from the text with absolute links."""
    import sys

    sys.path.insert(0, str(ROOT / "plugins"))
    from feeds.items import post_summary
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "posts/{date:%Y}/{slug}/", "SITEURL": "http://localhost:8000"}
    context = {"generated_content": {}, "static_content": {}, "localsiteurl": ".."}  # after /about/
    when = datetime(2026, 11, 20, 10, 0)

    def article(slug: str, html: str) -> Article:
        metadata = {"title": slug, "date": when, "slug": slug}
        return Article(html, metadata, settings, f"posts/{slug}.md", context)

    context["generated_content"]["posts/target.md"] = article("target", "<p>Target.</p>")
    linking = article("linking", '<p>First <a href="{filename}/posts/target.md">see</a>.</p>')
    site_url = settings["SITEURL"]
    absolute = 'href="http://localhost:8000/posts/2026/target/"'
    assert absolute not in linking.get_summary(site_url)  # a relative link: why the feeds do not use it
    assert absolute in post_summary(linking, site_url)


def test_two_items_with_one_feed_id_are_reported_with_both_places(site):
    """A copied `id:` line would give two items one id, and readers show only one: the build stops, naming
    both places."""
    site.post("a.md", "Title: A\nDate: 2026-11-20\nId: urn:uuid:same\n\nText.\n")
    site.post("b.md", "Title: B\nDate: 2026-11-21\nTags: x\nId: urn:uuid:same\n\nText.\n")
    site.links(
        "w.yaml",
        "- url: https://example.org/a\n  title: A\n  date: 2026-11-19\n  id: urn:uuid:link\n"
        "- url: https://example.org/b\n  title: B\n  date: 2026-11-18\n  id: urn:uuid:link\n",
    )
    build = site.build()
    assert build.returncode == 1, build.log
    assert "Traceback" not in build.log
    assert "content/posts/b.md:4: the feed id 'urn:uuid:same' is also the id of content/posts/a.md:3" in build.log or (
        "content/posts/a.md:3: the feed id 'urn:uuid:same' is also the id of content/posts/b.md:4" in build.log
    ), build.log
    assert (
        "content/links/w.yaml:5: the feed id 'urn:uuid:link' is also the id of content/links/w.yaml:1" in build.log
        or ("content/links/w.yaml:1: the feed id 'urn:uuid:link' is also the id of content/links/w.yaml:5" in build.log)
    ), build.log


def test_a_link_without_a_note_does_not_promise_one_and_every_item_names_its_author(site):
    site.post("2026-11-20-a.md", good_post())
    site.links(
        "2026-W47.yaml",
        "- url: https://example.org/bare\n  title: Bare\n  date: 2026-11-19\n"
        "- url: https://example.org/noted\n  title: Noted\n  date: 2026-11-18\n  note: Worth a read.\n",
    )
    build = site.build()
    assert build.returncode == 0, build.log
    feed = json.loads((build.output / "feeds" / "links.json").read_text())
    bare, noted = feed["items"]
    assert "My note on" not in bare["content_html"] and "Saved to my link log" in bare["content_html"]
    assert "My note on Noted" in noted["content_html"]
    assert [item["authors"][0]["name"] for item in feed["items"]] == ["Test Author"] * 2
    atom = feedparser.parse((build.output / "feeds" / "all.atom.xml").read_bytes())
    rss = feedparser.parse((build.output / "feeds" / "all.rss.xml").read_bytes())
    for parsed in (atom, rss):
        assert not parsed.bozo, parsed.bozo_exception
        assert len(parsed.entries) == 3
        assert [entry.get("author") for entry in parsed.entries] == ["Test Author"] * 3
    atom_text = (build.output / "feeds" / "all.atom.xml").read_text()
    assert atom_text.count("<author>") == 4  # the feed's and each entry's (RFC 4287, section 4.2.1)
    assert (build.output / "feeds" / "all.rss.xml").read_text().count("<dc:creator>Test Author</dc:creator>") == 3


@pytest.mark.parametrize(
    ("families", "box", "follow"),
    [
        ('["posts", "links", "tags"]', ["posts.atom.xml", "links.atom.xml"], ["posts.atom.xml", "links.atom.xml"]),
        ('["all", "tags"]', ["all.atom.xml"], ["all.atom.xml"]),
        ('["posts"]', ["posts.atom.xml"], ["posts.atom.xml"]),
        ('["weekly"]', [], None),
    ],
)
def test_subscribe_offers_what_the_chosen_feed_families_hold(tmp_path, families, box, follow):
    """With any FEED_FAMILIES, the box at the top of /subscribe/ and follow.opml hold every post and link
    once if they can, and nothing that is not built."""
    from conftest import Site

    site = Site(tmp_path, settings=f"FEED_FAMILIES = {families}\n")
    site.post("a.md", good_post())
    build = site.build()
    assert build.returncode == 0, build.log
    page = lxml.html.document_fromstring(build.page("/subscribe/"))
    assert [value.rsplit("/", 1)[1] for value in page.xpath('//section[@class="recommended"]//input/@value')] == box
    opml_file = build.output / "follow.opml"
    if follow is None:
        assert not opml_file.exists() and "follow.opml" not in build.page("/subscribe/")
    else:
        assert [o.get("xmlUrl").rsplit("/", 1)[1] for o in parse_xml(opml_file).iter("outline")] == follow
