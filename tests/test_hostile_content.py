"""Content as real people write it: invisible characters in any field, and addresses made from any text.

Each test is one kind of fault found in public bug reports: a character XML cannot hold copied into a
tag, a U+FFFE in a YAML file, a control character in a setting; tags and titles of emoji, symbols or
other scripts; tags that would share a page; a post that asks for another page's address.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import Site, good_post

LINK = "- url: https://example.org/{n}\n  title: Link {n}\n  date: 2026-11-18 09:00\n"


def problems_of(build) -> list[str]:
    """The problem lines of a failed build, as the author reads them."""
    assert build.returncode != 0, build.log
    assert "Traceback" not in build.log, build.log
    return [line.strip() for line in build.log.splitlines() if re.match(r"\s+\S+:\d+: ", line)]


# Invisible and forbidden characters


@pytest.mark.parametrize(
    ("header", "line"),
    [
        ("Tags: memory, hab\bits\n", 4),  # the bug report: a backspace in Tags
        ("Category: Prac\x1btice\n", 4),
        ("Summary: A short\x0c summary.\n", 4),
    ],
    ids=["tags", "category", "summary"],
)
def test_control_character_in_a_post_field_is_reported_with_its_line(site, header, line):
    site.post("a.md", f"Title: A post\nDate: 2026-11-20 10:00\nStatus: published\n{header}\nBody.\n")
    [problem] = problems_of(site.build())
    assert problem.startswith(f"content/posts/a.md:{line}: this line holds ")
    assert "delete it" in problem


def test_control_character_in_a_post_body_is_reported(site):
    site.post("a.md", good_post() + "\nA line with a bell\x07 in it.\n")
    [problem] = problems_of(site.build())
    assert problem.startswith("content/posts/a.md:8: this line holds an invisible control character (U+0007)")


def test_every_line_with_a_forbidden_character_is_reported_at_once(site):
    site.post("a.md", good_post() + "\none\x01\ntwo\x02\n")
    site.page("about.md", "Title: About\x7f\n\nText.\n")
    assert [problem.split(": ")[0] for problem in problems_of(site.build())] == [
        "content/pages/about.md:1",
        "content/posts/a.md:8",
        "content/posts/a.md:9",
    ]


def test_escaped_control_character_in_yaml_front_matter_tags(site):
    site.post("a.md", '---\ntitle: A post\ndate: 2026-11-20 10:00\ntags: [memory, "hab\\bits"]\n---\nBody.\n')
    [problem] = problems_of(site.build())
    assert problem.startswith("content/posts/a.md:4: 'tags' contains a backspace (U+0008)")


def test_non_character_in_a_link_notes_file(site):
    site.links("2026-W47.yaml", LINK.format(n=1) + "  note: Seen\ufffe here.\n")
    [problem] = problems_of(site.build())
    assert problem.startswith(
        "content/links/2026-W47.yaml:4: this line holds a code point that is not a character (U+FFFE)"
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("tags", '"memory, re\\btrieval"'), ("title", '"Bell\\a"'), ("via", '"Jane\\x01"'), ("quote", '"\\uFFFF"')],
)
def test_escaped_control_character_in_a_link_field(site, field, value):
    text = LINK.format(n=1)
    if field == "title":
        text = text.replace("title: Link 1", f"title: {value}")
    else:
        text += f"  {field}: {value}\n"
    site.links("2026-W47.yaml", text)
    [problem] = problems_of(site.build())
    line = 2 if field == "title" else 4
    assert problem.startswith(f"content/links/2026-W47.yaml:{line}: '{field}' contains ")


def test_control_character_in_a_week_summary(site):
    site.links(
        "2026-W47.yaml",
        "summary: |\n  A week of\x08 reading.\nlinks:\n"
        + LINK.format(n=1).replace("\n  ", "\n    ").replace("- ", "  - "),
    )
    [problem] = problems_of(site.build())
    assert problem.startswith("content/links/2026-W47.yaml:2: this line holds a backspace (U+0008)")


def test_control_character_in_the_blogroll(site):
    site.blogroll('- id: jane\n  name: "Jane\\x1b Doe"\n  site: https://jane.example\n')
    [problem] = problems_of(site.build())
    assert problem.startswith("content/blogroll.yaml:2: 'name' contains an escape character (U+001B)")


@pytest.mark.parametrize("setting", ["SITENAME", "AUTHOR", "SITE_DESCRIPTION"])
def test_control_character_in_a_text_setting(tmp_path, setting):
    site = Site(tmp_path, settings=f'{setting} = "Learning\\x07 notes"\n')
    site.post("a.md", good_post())
    build = site.build()
    assert build.returncode != 0
    assert "Traceback" not in build.log
    line = site.settings.read_text().splitlines().index(f'{setting} = "Learning\\x07 notes"') + 1
    assert f"pelicanconf.py:{line}: {setting} contains an invisible control character (U+0007)" in build.log


# Addresses: never empty, never shared by two different names, readable in any script


def test_tags_that_slugify_alike_get_pages_of_their_own(site):
    site.post("a.md", good_post(tags="C, C++, C#"))
    build = site.build()
    assert build.returncode == 0, build.log
    for slug, name in (("c", "C"), ("c-plus-plus", "C++"), ("c-sharp", "C#")):
        assert f">{name}<" in build.page(f"/tags/{slug}/")
        assert (build.output / "feeds" / "tags" / f"{slug}.atom.xml").is_file()


def test_emoji_tags_and_category_get_named_addresses(site):
    site.post("a.md", good_post(tags="🐍, 🎉 party") + "")
    site.post("b.md", "Title: Other\nDate: 2026-11-21 10:00\nCategory: ✨\n\nBody.\n")
    build = site.build()
    assert build.returncode == 0, build.log
    assert (build.output / "tags" / "snake" / "index.html").is_file()
    assert (build.output / "tags" / "party-popper-party" / "index.html").is_file()
    assert (build.output / "categories" / "sparkles" / "index.html").is_file()
    assert "<h1" in (build.output / "tags" / "index.html").read_text()


def test_title_of_only_an_emoji_gets_its_own_folder(site):
    site.post("a.md", good_post(title="🎉"))
    site.post("b.md", good_post(title="🎉🎉", date="2026-11-21 10:00"))
    build = site.build()
    assert build.returncode == 0, build.log
    assert "🎉" in build.page("/posts/2026/party-popper/")
    assert (build.output / "posts" / "2026" / "party-popper-party-popper" / "index.html").is_file()


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Что такое личная сеть обучения?", "chto-takoe-lichnaia-set-obucheniia"),
        ("Η μάθηση στο διαδίκτυο", "e-mathese-sto-diadiktuo"),
        ("التعلم مدى الحياة", "lt-lm-md-lhy"),
        ("日本語の学習メモ", "nihongo-no-gakushuu-memo"),  # read as Japanese (pykakasi), not Chinese
        ("ひらがなで書く", "hiraganade-kaku"),
    ],
    ids=["cyrillic", "greek", "arabic", "japanese", "kana"],
)
def test_a_title_in_any_script_gets_a_readable_address(site, title, slug):
    site.post("a.md", good_post(title=title))
    build = site.build()
    assert build.returncode == 0, build.log
    assert title in build.page(f"/posts/2026/{slug}/")


def test_a_long_title_gets_an_address_a_file_system_can_hold(site):
    title = "A very long title " * 30
    site.post("a.md", good_post(title=title))
    build = site.build()
    assert build.returncode == 0, build.log
    [folder] = (build.output / "posts" / "2026").iterdir()
    assert len(folder.name) <= 80
    assert folder.name.startswith("a-very-long-title-a-very")


def test_a_tag_of_only_punctuation_is_reported(site):
    site.post("a.md", good_post(tags="memory, !!!"))
    [problem] = problems_of(site.build())
    assert problem.startswith("content/posts/a.md:3: the tag '!!!' has no letters or digits")


def test_a_title_of_only_punctuation_asks_for_a_slug(site):
    site.post("a.md", good_post(title="???"))
    [problem] = problems_of(site.build())
    assert problem.startswith("content/posts/a.md:1: the title '???' has no letters")
    assert "Slug: my-post" in problem


def test_different_tags_with_one_address_are_reported_naming_both_places(site):
    site.post("a.md", good_post(tags="C++"))
    site.links("2026-W47.yaml", LINK.format(n=1) + "  tags: [c plus plus]\n")
    [problem] = problems_of(site.build())
    assert problem.startswith("content/posts/a.md:3: the tag 'C++' would share the address /tags/c-plus-plus/")
    assert "'c plus plus' (content/links/2026-W47.yaml:4)" in problem


def test_one_tag_written_two_ways_shares_its_page(site):
    site.post("a.md", good_post(tags="Learning in public"))
    site.post("b.md", good_post(title="B", tags="learning-in-public", date="2026-11-21 10:00"))
    build = site.build()
    assert build.returncode == 0, build.log
    page = build.page("/tags/learning-in-public/")
    assert "A good post" in page and ">B<" in page


@pytest.mark.parametrize("field", ["Save_as: index.html", "URL: posts/2026/other/", "save_as: feeds/all.atom.xml"])
def test_a_post_cannot_choose_where_it_is_written(site, field):
    site.post("a.md", good_post(title="Other"))
    site.post("b.md", f"Title: Intruder\nDate: 2026-11-21 10:00\n{field}\n\nBody.\n")
    [problem] = problems_of(site.build())
    assert problem.startswith("content/posts/b.md:3: '")
    assert "delete the line" in problem


def test_a_page_titled_like_a_part_of_the_site_is_refused(site):
    site.page("tags.md", "Title: Tags\n\nHow I use tags.\n")
    [problem] = problems_of(site.build())
    assert problem == (
        "content/pages/tags.md:1: the page's address /tags/ is taken by the site itself; "
        "add a line such as 'Slug: about-tags'"
    )


def test_tag_feeds_and_the_json_feed_name_each_tag_once(site):
    site.post("a.md", good_post(tags="C, C++, C#, 🐍"))
    build = site.build()
    assert build.returncode == 0, build.log
    feed = json.loads((build.output / "feeds" / "all.json").read_text())
    assert sorted(feed["items"][0]["tags"]) == sorted(["C", "C++", "C#", "🐍"])


def test_empty_category_and_tags_lines_mean_none(site):
    site.post("a.md", "Title: A post\nDate: 2026-11-20 10:00\nTags: , ,\nCategory:\nSummary:\n\nBody.\n")
    site.post("b.md", "---\ntitle: B\ndate: 2026-11-20 11:00\ntags: []\ncategory: ''\n---\nBody.\n")
    build = site.build()
    assert build.returncode == 0, build.log
    assert not [path for path in (build.output / "tags").iterdir() if path.is_dir()]


@pytest.mark.parametrize("name", ["../../../etc/passwd", "nothere", "tags"])
def test_a_template_the_theme_lacks_is_reported(site, name):
    site.post("a.md", f"Title: A post\nDate: 2026-11-20 10:00\nTemplate: {name}\n\nBody.\n")
    [problem] = problems_of(site.build())
    assert problem.startswith(f"content/posts/a.md:3: the theme has no template '{name}' for a post or page")
    assert problem.endswith("name one of: article")


def test_a_blogroll_id_the_theme_uses_is_refused(site):
    site.blogroll("- id: main\n  name: Jane Doe\n  site: https://jane.example\n")
    [problem] = problems_of(site.build())
    assert problem.startswith("content/blogroll.yaml:1: the id 'main' names a part of the site's pages")


def test_blogroll_ids_never_repeat_on_its_page(site):
    from page_checks import pages_with_duplicate_ids

    site.blogroll(
        "- id: x\n  name: X\n  site: https://x.example\n- id: name-x\n  name: Name X\n  site: https://nx.example\n"
    )
    build = site.build()
    assert build.returncode == 0, build.log
    assert not pages_with_duplicate_ids(build.output)


def test_an_address_with_a_scheme_in_capitals_is_saved_in_lowercase(site):
    site.links("2026-W47.yaml", LINK.format(n=1).replace("https://", "HTTPS://"))
    build = site.build()
    assert build.returncode == 0, build.log
    feed = json.loads((build.output / "feeds" / "links.json").read_text())
    assert feed["items"][0]["external_url"] == "https://example.org/1"


def test_messages_show_invisible_characters_as_escapes(site):
    site.post("a.md", '---\ntitle: A post\ndate: 2026-11-20 10:00\n"\\x1b[31mred\\0": x\n---\nBody.\n')
    build = site.build()
    assert "\x1b" not in build.log and "\x00" not in build.log
    assert "unknown field '\\x1b[31mred\\x00'" in build.log


@pytest.mark.parametrize("tags", ["memory, Memory", "memory, memory", "Memory, mémory"])
def test_one_tag_written_twice_lists_a_post_once(site, tags):
    site.post("a.md", good_post(tags=tags))
    site.links("2026-W47.yaml", LINK.format(n=1) + "  tags: [memory, Memory]\n")
    build = site.build()
    assert build.returncode == 0, build.log
    feed = json.loads((build.output / "feeds" / "tags" / "memory.json").read_text())
    assert len(feed["items"]) == 2
    assert len({item["id"] for item in feed["items"]}) == 2


@pytest.mark.parametrize("url", ["https://[::1/", "https://exa\u2100mple.org/", "https://[x/y"])
def test_an_address_python_cannot_split_is_reported(site, url):
    site.links("2026-W47.yaml", LINK.format(n=1).replace("https://example.org/1", url))
    site.blogroll(f"- id: jane\n  name: Jane\n  site: {url}\n")
    problems = problems_of(site.build())
    assert [problem.split(": ")[0] for problem in problems] == [
        "content/blogroll.yaml:3",
        "content/links/2026-W47.yaml:1",
    ]
    assert all("is not a web address a browser can open" in problem for problem in problems)


@pytest.mark.parametrize(
    ("siteurl", "message"),
    [
        ("https://[::1", "'SITEURL' is not a web address a browser can open"),
        ("example.org", "'SITEURL' must be a full web address starting with https:// or http://"),
    ],
)
def test_a_siteurl_that_is_no_web_address_is_reported(tmp_path, siteurl, message):
    site = Site(tmp_path, settings=f"SITEURL = {siteurl!r}\n")
    site.post("a.md", good_post())
    build = site.build()
    assert build.returncode != 0 and "Traceback" not in build.log
    line = site.settings.read_text().splitlines().index(f"SITEURL = {siteurl!r}") + 1
    assert f"pelicanconf.py:{line}: {message}" in build.log


def test_a_carriage_return_in_a_field_name_is_printed_as_an_escape(site):
    site.post("a.md", '---\ntitle: A post\ndate: 2026-11-20 10:00\n"\\r": x\n---\nBody.\n')
    build = site.build()
    assert "\r" not in build.log
    assert "unknown field '\\x0d'" in build.log


def test_an_impossible_date_inside_a_front_matter_list_stays_the_text_written(site):
    site.post("a.md", "---\ntitle: A\ndate: 2026-11-03 09:00\ntags: [2026-11-31]\n---\nBody.\n")
    build = site.build()
    assert build.returncode == 0, build.log
    assert ">2026-11-31<" in build.page("/tags/2026-11-31/")


def test_a_line_separator_in_a_yaml_file_is_reported_on_the_line_an_editor_shows(site):
    site.links("2026-W47.yaml", LINK.format(n=1).replace("title: Link 1", 'title: "A\u2028B"'))
    [problem] = problems_of(site.build())
    assert problem.startswith("content/links/2026-W47.yaml:2: this line holds an invisible line separator (U+2028)")


def test_character_references_to_forbidden_code_points_become_what_a_browser_shows(site):
    site.post("a.md", good_post() + "\nA &#1; B &#xFFFE; C &#150; D &#0; E &#233;.\n")
    build = site.build()
    assert build.returncode == 0, build.log
    page = build.page("/posts/2026/a-good-post/")
    assert "A \ufffd B \ufffd C – D \ufffd E é." in page


def test_zero_width_characters_do_not_make_another_tag(site):
    site.post("a.md", good_post(tags="pln\u200b, \ufeffmemory, C\u200d#"))
    site.post("b.md", good_post(title="B", tags="pln, memory, C#", date="2026-11-21 10:00"))
    build = site.build()
    assert build.returncode == 0, build.log
    for slug in ("pln", "memory", "c-sharp"):
        page = build.page(f"/tags/{slug}/")
        assert "A good post" in page and ">B<" in page


def test_the_slug_suggestion_follows_the_address_rule(site):
    site.post("a.md", "Title: A\nDate: 2026-11-20 10:00\nSlug: Über uns\n\nBody.\n")
    site.post("b.md", "---\ntitle: B\ndate: 2026-11-20 10:00\nslug: c++\n---\nBody.\n")
    assert [problem.split("; ")[-1] for problem in problems_of(site.build())] == [
        "write 'Slug: uber-uns'",
        "write 'slug: c-plus-plus'",
    ]


def test_a_duplicate_slug_from_a_file_name_says_to_rename_the_file(site):
    site.post("2026-11-20-c.md", "Title: One\n\nBody.\n")
    site.post("2026-11-21-c.md", "Title: Two\n\nBody.\n")
    [problem] = problems_of(site.build())
    assert problem.startswith("content/posts/2026-11-21-c.md:1: the slug 'c' is already used by")
    assert problem.endswith("or rename the file (its address comes from the name after the date)")


def test_no_hint_towards_a_refused_field(site):
    site.post("a.md", good_post().replace("Summary:", "Save-as: index.html\nSummary:"))
    build = site.build()
    assert build.returncode == 0, build.log
    assert "unknown field 'save-as' is ignored" in build.log and "save_as" not in build.log


def test_an_empty_tag_is_reported_once_with_its_line(site):
    site.post("a.md", good_post(tags="memory, !!!"))
    build = site.build()
    assert "Unable to generate valid slug" not in build.log


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('TIMEZONE = "Europe/Londn"', "TIMEZONE 'Europe/Londn' is not a time zone; did you mean 'Europe/London'?"),
        (
            'SITENAME = "Learning in\\x07 Public\\x0b"',
            "SITENAME contains an invisible control character (U+0007) and a vertical tab (U+000B)",
        ),
    ],
)
def test_a_settings_mistake_is_one_message_with_its_line(tmp_path, setting, message):
    site = Site(tmp_path, settings=setting + "\n")
    site.post("a.md", good_post())
    build = site.build()
    assert build.returncode != 0 and "Traceback" not in build.log and "Could not process" not in build.log
    line = site.settings.read_text().splitlines().index(setting) + 1
    assert f"pelicanconf.py:{line}: {message}" in build.log


def test_the_json_feed_summary_leaves_footnote_marks_out(site):
    site.post(
        "a.md", "Title: Notes\nDate: 2026-11-20 10:00\n\nLearning is change[^1]. More[^2].\n\n[^1]: A.\n[^2]: B.\n"
    )
    build = site.build()
    assert build.returncode == 0, build.log
    feed = json.loads((build.output / "feeds" / "all.json").read_text())
    assert feed["items"][0]["summary"] == "Learning is change. More."


def test_a_page_template_on_a_post_is_reported(site):
    site.post("a.md", "Title: A post\nDate: 2026-11-20 10:00\nTemplate: page\n\nBody.\n")
    site.page("b.md", "Title: B\nTemplate: article\n\nBody.\n")
    assert [problem.split(": the theme")[0] for problem in problems_of(site.build())] == [
        "content/pages/b.md:2",
        "content/posts/a.md:3",
    ]


def test_a_slug_too_long_for_a_file_name_is_reported(site):
    site.post("a.md", "Title: A\nDate: 2026-11-20 10:00\nSlug: " + "a" * 300 + "\n\nBody.\n")
    [problem] = problems_of(site.build())
    assert problem == "content/posts/a.md:3: the slug is 300 characters long; keep it under 81"


@pytest.mark.parametrize(
    ("name", "text", "start"),
    [
        (
            "posts/a.md",
            "---\ntitle: A\ndate: !!timestamp nope\n---\nBody.\n",
            "content/posts/a.md:3: 'date' is not a valid date",
        ),
        (
            "links/a.yaml",
            LINK.format(n=1) + "  draft: !!bool nope\n",
            "content/links/a.yaml:4: 'draft' must be true or false",
        ),
    ],
)
def test_an_explicit_yaml_tag_with_a_value_it_cannot_read(site, name, text, start):
    (site.content / name).parent.mkdir(parents=True, exist_ok=True)
    (site.content / name).write_text(text, encoding="utf-8")
    [problem] = problems_of(site.build())
    assert problem.startswith(start)


def test_a_file_name_with_a_control_character_is_printed_as_an_escape(site):
    site.post("2026-11-20-\x1b[31mred.md", "Title: x\nDate: nope\n\nbody\n")
    build = site.build()
    assert "\x1b" not in build.log
    assert "content/posts/2026-11-20-\\x1b[31mred.md: the name of this file holds an escape character" in build.log


def test_rst_and_html_posts_are_left_out_with_a_warning(site):
    site.post("a.md", good_post())
    site.post("r.rst", "Secret\n######\n\n:date: 2026-11-20\n\n.. include:: /etc/hostname\n   :literal:\n")
    site.page("h.html", "<html><head><title>H</title></head><body>x</body></html>\n")
    build = site.build()
    assert build.returncode == 0, build.log
    assert "warning: content/posts/r.rst: only Markdown files are read" in build.log
    assert "warning: content/pages/h.html: only Markdown files are read" in build.log
    assert not (build.output / "posts" / "2026" / "secret").exists()
