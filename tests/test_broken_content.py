"""A post with a mistake stops the build: non-zero exit, the file and line named, the fix given."""

from __future__ import annotations

from conftest import good_post


def assert_fails_with(build, *expected: str) -> None:
    assert build.returncode == 1, build.log
    assert "Traceback" not in build.log
    for text in expected:
        assert text in build.log, f"{text!r} not in:\n{build.log}"


def test_unparsable_date(site):
    site.post("bad-date.md", "Title: Bad date\nDate: next tuesday\n\nText.\n")
    assert_fails_with(
        site.build(),
        "content/posts/bad-date.md:2: 'date' is not a valid date: 'next tuesday'; write it as 2026-11-23 or 2026-11-23 09:15",
    )


def test_impossible_date(site):
    site.post("feb.md", "Title: February\nDate: 2026-02-30\n\nText.\n")
    assert_fails_with(site.build(), "content/posts/feb.md:2: 'date' is not a valid date: '2026-02-30'")


def test_unknown_status_suggests_the_closest(site):
    site.post("status.md", "Title: Status\nDate: 2026-11-20\nStatus: publised\n\nText.\n")
    assert_fails_with(site.build(), "content/posts/status.md:3: unknown status 'publised'; did you mean 'published'?")


def test_bad_encoding(site):
    site.post("latin1.md", "Title: Café\nDate: 2026-11-20\n\nNaïve.\n".encode("latin-1"))
    assert_fails_with(
        site.build(),
        "content/posts/latin1.md:1: this file is not UTF-8 text (byte 0xe9 on this line); "
        "save it from your editor with the encoding set to UTF-8",
    )


def test_duplicate_slug(site):
    site.post("first.md", good_post("Same title"))
    site.post("second.md", good_post("Same title", date="2026-11-21 10:00"))
    assert_fails_with(
        site.build(),
        "content/posts/second.md:1: the slug 'same-title' is already used by content/posts/first.md",
        "give this one its own 'Slug:' line or a different title",
    )


def test_missing_title_and_missing_date(site):
    site.post("untitled.md", "Date: 2026-11-20\n\nText.\n")
    site.post("undated.md", "Title: Undated\n\nText.\n")
    assert_fails_with(
        site.build(),
        "content/posts/untitled.md:1: the title is missing or empty; add a line such as 'Title: What I learned'",
        "content/posts/undated.md:1: the post has no date; add a line such as 'Date: 2026-11-23 09:15'",
    )


def test_yaml_front_matter_mistakes(site):
    site.post(
        "yaml.md",
        """\
        ---
        title: no
        date: 2026-11-20
        tags: [a, b]
        tags: [c]
        ---
        Text.
        """,
    )
    assert_fails_with(
        site.build(),
        "content/posts/yaml.md:5: 'tags' appears twice (first on line 4); keep one",
        """content/posts/yaml.md:2: 'title' must be text, but YAML reads no as a true/false value; write "no" in quotes""",
    )


def test_yaml_aliases_are_refused(site):
    site.post("alias.md", "---\ntitle: &t Hello\nsummary: *t\ndate: 2026-11-20\n---\nText.\n")
    assert_fails_with(site.build(), "content/posts/alias.md:2: YAML anchors (&) and aliases (*) are not allowed")


def test_link_to_a_missing_file(site):
    site.post("links.md", good_post() + "\nSee [the other post]({filename}/posts/missing.md).\n")
    assert_fails_with(
        site.build(),
        "content/posts/links.md:8: the link {filename}/posts/missing.md points at a file that does not exist",
    )


def test_a_link_to_a_broken_week_file_names_only_the_week_file_s_mistake(site):
    """The week file's mistake is the one to fix; the link to it is fine and is not reported as well."""
    site.links("2026-W47.yaml", '- url: https://example.org/a\n  title: "A\n  date: 2026-11-20\n')
    site.post("links.md", good_post() + "\nSee [that week]({filename}/links/2026-W47.yaml).\n")
    build = site.build()
    assert_fails_with(build, "content/links/2026-W47.yaml:2: the title starts with a quote")
    assert "1 problem to fix" in build.log and "links.md" not in build.log


def test_a_link_from_the_top_of_the_host_stops_a_site_published_under_a_path(tmp_path):
    """'/links/' works in the preview at http://localhost:8000/ but leads outside https://sam.github.io/learning/."""
    from conftest import Site

    text = good_post() + "\n[The log](/links/), [me](/about/#x), ![A map](/images/map.svg), [ok](//example.org/)\n"
    at_top = Site(tmp_path / "top")
    at_top.post("links.md", text)
    assert at_top.build().returncode == 0
    under = Site(tmp_path / "under", settings='SITEURL = "https://sam.github.io/learning"\nRELATIVE_URLS = False\n')
    under.post("links.md", text)
    (under.content / "images").mkdir()
    (under.content / "images" / "map.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    build = under.build()
    gone = "starts with '/', so on the published site it leads to the top of sam.github.io, outside your site at "
    assert_fails_with(
        build,
        f"content/posts/links.md:8: the link /links/ {gone}https://sam.github.io/learning/; link a post, page or "
        "week by its file ({filename}/posts/….md, {filename}/links/2026-W48.yaml), a tag with {tag}name, or write "
        "the whole address, https://sam.github.io/learning/links/",
        "content/posts/links.md:8: the link /about/#x ",
        f"content/posts/links.md:8: the link /images/map.svg {gone}https://sam.github.io/learning/; link the file "
        "with {static}/images/map.svg",
    )
    assert "3 problems to fix" in build.log


def test_a_header_line_after_a_tab_is_not_lost_in_the_post(site):
    site.post("tab.md", "Title: A\nDate: 2026-11-20\nTags: x\n\tCategory: Practice\n\nText.\n")
    assert_fails_with(
        site.build(),
        "content/posts/tab.md:4: this line starts with a tab, so 'Category: Practice' is not read as part of the "
        "header and would be shown in the post; delete the tab",
    )


def test_a_misspelt_status_stops_the_build_rather_than_publish_a_draft(site):
    site.post("draft.md", "Title: A\nDate: 2026-11-20\nStauts: draft\n\nNot ready.\n")
    assert_fails_with(
        site.build(),
        "content/posts/draft.md:3: unknown field 'stauts'; did you mean 'Status'? Ignored, it would publish a post meant "
        "to be held back: write Status: draft",
    )


def test_an_image_that_does_not_exist_stops_the_build_in_words(site):
    """Pelican only warned ("Cannot get modification stamp"), built the page with a broken image, and exited 0."""
    site.post("images.md", good_post() + "\n![The board]({static}/images/board.png)\n\n![Notes]({attach}notes.png)\n")
    build = site.build()
    assert_fails_with(
        build,
        "content/posts/images.md:8: the link {static}/images/board.png points at a file that does not exist "
        "(images/board.png in content/); check the path",
        "content/posts/images.md:10: the link {attach}notes.png points at a file that does not exist "
        "(posts/notes.png in content/)",
    )
    assert "modification stamp" not in build.log and "Errno" not in build.log


def test_a_huge_value_is_quoted_in_short(site):
    """A value pasted by mistake (here 200,000 characters) is quoted by its start, with the fix kept whole."""
    huge = "x" * 200_000
    site.post("big.md", f"Title: {huge}\nDate: 2026-11-20 {huge}\nStatus: publishd{huge}\n\nText.\n")
    site.links("2026-W47.yaml", f"- url: https://example.org/{huge}\n  title: A\n  date: 2026-11-20\n  via: {huge}x\n")
    build = site.build()
    assert_fails_with(
        build,
        f"content/posts/big.md:2: 'date' is not a valid date: '2026-11-20 {'x' * 200}…'; write it as 2026-11-23",
        f"content/posts/big.md:3: unknown status 'publishd{'x' * 191}…'; use published, draft or hidden",
    )
    assert max(len(line) for line in build.log.splitlines()) < 1_200


def test_many_mistakes_are_counted_after_the_first_hundred(site):
    """One mistake repeated 150 times (here a bad date) prints 100 problems and a count of the others."""
    entries = "".join(f"- url: https://example.org/{n}\n  title: A\n  date: someday\n" for n in range(150))
    site.links("2026-W47.yaml", entries)
    build = site.build()
    assert build.returncode == 1
    listed = [line for line in build.log.splitlines() if line.startswith("  content/links/2026-W47.yaml:")]
    assert len(listed) == 100
    assert "The build stopped: 150 problems to fix." in build.log
    assert "  … and 50 more; fix these first, then build again to see the rest." in build.log


def test_every_problem_is_reported_in_one_run(site):
    site.post("ok.md", good_post())
    site.post("a.md", "Title: A\nDate: soon\n\nText.\n")
    site.post("b.md", "Title: B\nDate: 2026-11-20\nStatus: gone\n\nText.\n")
    site.page("c.md", "Slug: tags\nTitle: C\n\nText.\n")
    build = site.build()
    assert_fails_with(
        build,
        "3 problems to fix",
        "content/posts/a.md:2:",
        "content/posts/b.md:3:",
        "content/pages/c.md:1: the slug 'tags' is taken by the site itself; choose another",
    )


def test_a_failed_build_leaves_the_last_good_site_untouched(site):
    site.post("ok.md", good_post("Version one"))
    assert site.build().returncode == 0
    before = {p: p.read_bytes() for p in site.folder.joinpath("output").rglob("*") if p.is_file()}

    site.post("ok.md", good_post("Version two"))
    site.post("broken.md", "Title: Broken\nDate: never\n\nText.\n")
    assert_fails_with(site.build(), "Nothing was changed in")

    after = {p: p.read_bytes() for p in site.folder.joinpath("output").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in site.folder.iterdir()) == ["cache", "content", "output", "pelicanconf.py"]


def test_problems_are_reported_again_when_the_file_is_unchanged(site):
    """The content cache never hides a broken file on the next build."""
    site.post("ok.md", good_post())
    site.post("broken.md", "Title: Broken\nDate: never\n\nText.\n")
    assert_fails_with(site.build(), "content/posts/broken.md:2:")
    assert_fails_with(site.build(), "content/posts/broken.md:2:")


def test_a_mistake_in_the_settings_file(site):
    site.settings.write_text(site.settings.read_text() + "SITENAME = 'unclosed\n")
    assert_fails_with(site.build(), "pelicanconf.py:", "the settings file could not be read")


def test_unknown_header_field_is_a_warning_with_a_suggestion(site):
    site.post("typo.md", "Title: Typo\nDate: 2026-11-20\nTgas: habits\n\nText.\n")
    build = site.build()
    assert build.returncode == 0, build.log
    assert "warning: content/posts/typo.md:3: unknown field 'tgas' is ignored; did you mean 'tags'?" in build.log


def test_an_image_without_a_description_is_a_warning(site):
    site.post("pic.md", good_post() + '\n![]({static}/images/photo.png)\n\n<img src="https://example.org/x.png">\n')
    (site.content / "images").mkdir()
    (site.content / "images" / "photo.png").write_bytes(b"\x89PNG")
    build = site.build()
    assert build.returncode == 0, build.log
    assert (
        "warning: content/posts/pic.md:8: the image {static}/images/photo.png has no description; "
        "write what it shows in the brackets: ![A short description]({static}/images/photo.png)"
    ) in build.log
    assert "warning: content/posts/pic.md:10: the image https://example.org/x.png has no description" in build.log
    assert "Empty alt attribute" not in build.log


def test_warnings_are_shown_at_every_build_until_fixed(site):
    """A warning belongs to its file: the second build, which takes the Markdown from the cache, shows it
    again; once the file is fixed, it is gone."""
    typo = site.post(
        "typo.md", "Title: Typo\nDate: 2026-11-20\nTgas: habits\n\nText with ![](https://example.org/x.png).\n"
    )
    warnings = [
        "warning: content/posts/typo.md:3: unknown field 'tgas' is ignored",
        "warning: content/posts/typo.md:5: the image https://example.org/x.png has no description",
    ]
    for _ in range(2):
        build = site.build()
        assert build.returncode == 0, build.log
        assert all(warning in build.log for warning in warnings), build.log
    assert list((site.folder / "cache").glob("posts_markdown-*.pickle")), "the second build used the cache"
    typo.write_text("Title: Typo\nDate: 2026-11-20\nTags: habits\n\nText with ![A chart](https://example.org/x.png).\n")
    build = site.build()
    assert build.returncode == 0 and "warning:" not in build.log, build.log
