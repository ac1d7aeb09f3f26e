"""The address of a tag or category: Japanese read as Japanese, and any tag's slug chosen by the author
(TAG_SLUGS), the same in the build, `invoke new-post` and `invoke link`."""

from __future__ import annotations

import sys

import pytest
from conftest import Site, good_post
from learnlog_core.slugs import slugify, tag_slug

from learnlog.build import SettingsError, load_settings
from learnlog.linknote import LinkError, add_link
from learnlog.newpost import create_post


@pytest.fixture(autouse=True)
def settings_modules():
    """load_settings runs a settings file as the module 'pelicanconf': give later tests back the one they had."""
    saved = sys.modules.get("pelicanconf")
    yield
    if saved is None:
        sys.modules.pop("pelicanconf", None)
    else:
        sys.modules["pelicanconf"] = saved


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("学びの記録", "manabi-no-kiroku"),  # with kana: Japanese, read by pykakasi
        ("フィードバックの授業", "fiidobakku-no-jugyou"),
        ("振り返り C++ と PLN!", "furikaeri-c-plus-plus-to-pln"),  # the rest of the text keeps its rule
        ("ｶﾀｶﾅ", "katakana"),  # half-width katakana
        ("ﾃﾞｰﾀ", "deeta"),  # the same tag as データ (slugs.same_name), so the same address
        ("データ", "deeta"),
        ("学び 🐍", "manabi-snake"),  # what is not Japanese keeps its own rule
        ("🐍のPython", "snake-no-python"),
        ("Что такое の", "chto-takoe-no"),
        ("学习笔记", "xue-xi-bi-ji"),  # no kana: Chinese, read by Unidecode
        ("Что такое PLN?", "chto-takoe-pln"),
    ],
)
def test_japanese_is_read_as_japanese_and_other_scripts_as_before(text, slug):
    assert slugify(text) == slug


def test_a_chosen_slug_is_found_however_the_name_is_written():
    chosen = {"Learning in public": "lip", "学び": "manabi"}
    assert tag_slug("learning-in-public", chosen) == tag_slug("LEARNING IN PUBLIC", chosen) == "lip"
    assert tag_slug("学び", chosen) == "manabi"
    assert tag_slug("memory", chosen) == "memory" == tag_slug("memory", {})


def test_tag_slugs_give_the_tag_and_category_pages_their_addresses(tmp_path):
    site = Site(tmp_path, settings='TAG_SLUGS = {"東京": "tokyo", "研修": "training"}\n')
    site.post("a.md", good_post(tags="東京, memory").replace("Tags:", "Category: 研修\nTags:"))
    site.links("2026-W47.yaml", "- url: https://example.org/a\n  title: A\n  date: 2026-11-20\n  tags: [東京]\n")
    build = site.build()
    assert build.returncode == 0, build.log
    tag_page = build.page("tags/tokyo/index.html")
    assert "東京" in tag_page and "https://example.org/a" in tag_page
    assert (build.output / "categories" / "training" / "index.html").is_file()
    assert not (build.output / "tags" / "dong-jing").exists()


def test_two_tags_given_one_slug_are_refused_with_both_places(tmp_path):
    site = Site(tmp_path, settings='TAG_SLUGS = {"東京": "tokyo"}\n')
    site.post("a.md", good_post(tags="東京"))
    site.post("b.md", good_post(title="B", tags="Tokyo"))
    build = site.build()
    assert build.returncode == 1
    assert (
        "the tag 'Tokyo' would share the address /tags/tokyo/ with the tag '東京' (content/posts/a.md:3); TAG_SLUGS "
        "in the settings gives '東京' this address: give it another there, or write both tags the same way"
    ) in build.log


def test_the_commands_use_the_chosen_slugs(tmp_path):
    site = Site(tmp_path)
    site.post("a.md", good_post(tags="東京"))
    chosen = {"東京": "tokyo"}
    with pytest.raises(LinkError, match="would share the address /tags/tokyo/ with the tag '東京'.*TAG_SLUGS in the"):
        add_link(site.content, "https://example.org/a", "A", tags="Tokyo", when="2026-11-20", tag_slugs=chosen)
    added = add_link(site.content, "https://example.org/a", "A", tags="Tokyo", when="2026-11-20")  # "dong-jing"
    assert added.line
    path = create_post(site.content, "学びの記録", tags="東京", when="2026-11-21", tag_slugs=chosen)
    assert path.name == "2026-11-21-manabi-no-kiroku.md"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('TAG_SLUGS = ["tokyo"]', "TAG_SLUGS must be a dict from a tag to its address, got ['tokyo']"),
        ('TAG_SLUGS = {"東京": "Tokyo"}', "TAG_SLUGS['東京'] 'Tokyo' is not written as an address is"),
        ('TAG_SLUGS = {"東京": "to kyo"}', "write 'to-kyo'"),
        ('TAG_SLUGS = {"東京": "!!!"}', "has no letters or digits"),
        ('TAG_SLUGS = {"東京": 3}', "TAG_SLUGS['東京'] must be the address in quotes, got 3"),
        ('TAG_SLUGS = {"": "tokyo"}', "TAG_SLUGS has '' where a tag's name goes"),
        (
            'TAG_SLUGS = {"Tokyo": "tokyo", "tokyo": "to-kyo"}',
            "TAG_SLUGS gives 'Tokyo' and 'tokyo', one tag written two ways, two addresses ('tokyo' and 'to-kyo'); "
            "keep one of them",
        ),
    ],
)
def test_tag_slugs_that_are_not_slugs_are_refused_in_words(tmp_path, line, message):
    site = Site(tmp_path, settings=line + "\n")
    with pytest.raises(SettingsError) as raised:
        load_settings(site.settings)
    [problem] = raised.value.problems
    assert problem.startswith("pelicanconf.py:") and message in problem, problem


def test_a_long_japanese_text_is_read_in_a_moment():
    """pykakasi's time grows with the square of the length: only the start of the text, enough for the
    slug, is given to it (a 48,000-character tag line took 28 s)."""
    import signal

    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("slugify took over 5 seconds"))
    signal.alarm(5)
    try:
        slug = slugify("学びの記録、" * 8000)
    finally:
        signal.alarm(0)
    assert slug.startswith("manabi-no-kiroku-manabi-no-kiroku") and len(slug) <= 80
