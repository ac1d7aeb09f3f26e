"""Settings of the wrong shape or value: each is one message, `pelicanconf.py:LINE: what is wrong; the fix`, every
one of them at once, and nothing is built: no traceback, no half-broken site. The rules are in
learnlog/settings_rules.py.

Each kind of mistake is shown by a real build of a small site (conftest.Site) with the mistakes added to its
pelicanconf.py. The other ways to make the same mistake are checked with load_settings, which is what a
build, `invoke serve` and every other command call first.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, Site, copy_of_project, good_post, run_build
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from learnlog.build import SettingsError, load_settings
from learnlog.serve import watched_paths

# Characters a terminal acts on rather than shows, and line breaks: never in a message.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@pytest.fixture(autouse=True)
def settings_modules():
    """load_settings runs a settings file as the module 'pelicanconf' (or 'publishconf'): give later tests
    back the ones they had."""
    saved = {name: sys.modules.get(name) for name in ("pelicanconf", "publishconf")}
    yield
    for name, module in saved.items():
        if module is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = module


def site_with(tmp_path, *lines: str) -> Site:
    """A small site with one post, whose pelicanconf.py ends with these lines."""
    site = Site(tmp_path, settings="".join(f"{line}\n" for line in lines))
    site.post("a.md", good_post())
    return site


def stopped(site: Site, settings_file: str = "pelicanconf.py") -> list[str]:
    """The problems a real build reports, once it is known that it stopped as it should: exit status 1, no
    traceback, nothing built."""
    build = run_build(site.folder / settings_file, site.folder / "output")
    assert build.returncode == 1, build.log
    assert "Traceback" not in build.log, build.log
    assert not build.output.exists()
    assert re.search(r"^The build stopped: \d+ problems? to fix\. Nothing was changed in ", build.log, re.MULTILINE)
    return [line.strip() for line in build.log.splitlines() if line.startswith("  ")]


def at(site: Site, line: str, file: str = "pelicanconf.py") -> str:
    """'pelicanconf.py:23: ', where `line` is in the settings file."""
    return f"{file}:{(site.folder / file).read_text().splitlines().index(line) + 1}: "


def problems_with(tmp_path, *lines: str) -> list[str]:
    """What load_settings says of a settings file ending with these lines ([] when it has nothing to say)."""
    return problems_in(Site(tmp_path, settings="".join(f"{line}\n" for line in lines)).settings)


def problems_in(settings_file) -> list[str]:
    try:
        load_settings(settings_file)
    except SettingsError as error:
        return error.problems
    return []


# The sample's own settings


def test_the_sample_settings_pass_unchanged(tmp_path):
    from pelican.settings import get_settings_from_file

    project = copy_of_project(tmp_path)
    for name in ("pelicanconf.py", "publishconf.py"):  # publishconf.py takes pelicanconf.py's, loaded just before
        given = get_settings_from_file(str(project / name))
        loaded = load_settings(project / name)
        unchanged = [key for key in given if key not in ("PATH", "OUTPUT_PATH", "THEME", "CACHE_PATH", "PLUGIN_PATHS")]
        assert len(unchanged) >= 14
        assert {key: loaded[key] for key in unchanged} == {key: given[key] for key in unchanged}
    assert loaded["SITEURL"] == "https://example.github.io/learning-in-public"


# One real build for each kind of mistake


def test_menu_links_must_be_text_and_address_pairs(tmp_path):
    line = 'MENU_LINKS = [("Newsletter", "https://example.org/news"), ("Home", "javascript:alert(1)")]'
    site = site_with(tmp_path, line)
    assert stopped(site) == [
        at(site, line) + "MENU_LINKS: link 2, ('Home', 'javascript:alert(1)'): the address must be a web address "
        "starting with https:// or http://, not 'javascript:'"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'MENU_LINKS = "https://example.org"',
            "MENU_LINKS must be a list of (text, web address) pairs, got 'https://example.org'; write "
            'MENU_LINKS = [("Newsletter", "https://example.org/news")]',
        ),
        (
            'MENU_LINKS = [("a", "https://example.org", "c")]',
            "MENU_LINKS: link 1, ('a', 'https://example.org', 'c'), has 3 parts",
        ),
        (
            'MENU_LINKS = [("", "https://example.org")]',
            "MENU_LINKS: link 1, ('', 'https://example.org'), has no text to show",
        ),
        ('MENU_LINKS = [("  ", "https://example.org")]', "has no text to show"),
        ('MENU_LINKS = [(3, "https://example.org")]', "must start with the words people click, in quotes"),
        ('MENU_LINKS = [("Home", None)]', "MENU_LINKS: link 1, ('Home', None), has no web address"),
        ('MENU_LINKS = ["https://example.org"]', "MENU_LINKS: link 1, 'https://example.org', is not a pair"),
        (
            'MENU_LINKS = [("Home", "/about/")]',
            "the address must be a full web address starting with https:// or http://",
        ),
    ],
)
def test_menu_links_of_any_other_shape(tmp_path, line, message):
    [problem] = problems_with(tmp_path, line)
    assert problem.startswith("pelicanconf.py:") and message in problem


def test_feed_titles_must_be_text_with_known_fields(tmp_path):
    line = 'FEED_TITLES = {"all": "{site} — {foo}"}'
    site = site_with(tmp_path, line)
    assert stopped(site) == [
        at(site, line) + "FEED_TITLES['all'] '{site} — {foo}' has '{foo}', which Learnlog cannot fill in; this title "
        "can use {site}, and {{ and }} for a brace shown as it is"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('FEED_TITLES = "My feed"', "FEED_TITLES must be a dict of titles by feed, got 'My feed'"),
        ('FEED_TITLES = {"al": "{site}"}', "FEED_TITLES has a title for 'al', which is no feed; did you mean 'all'?"),
        ('FEED_TITLES = {"tags": "{tag}"}', "did you mean 'tag'?"),
        ('FEED_TITLES = {"all": "a { b"}', "FEED_TITLES['all'] 'a { b' has a '{' or '}' without its partner"),
        ('FEED_TITLES = {"all": "a } b"}', "without its partner"),
        ('FEED_TITLES = {"all": 3}', "FEED_TITLES['all'] must be text in quotes, got 3"),
        ('FEED_TITLES = {"all": ""}', "FEED_TITLES['all'] is empty, and a feed needs a title"),
        ('FEED_TITLES = {"posts": "{tag}"}', "FEED_TITLES['posts'] '{tag}' has '{tag}', which Learnlog cannot fill in"),
        ('FEED_TITLES = {"all": "{site.upper}"}', "has '{site.upper}'"),
        ('FEED_TITLES = {"all": "{site:d}"}', "has '{site:d}'"),
        ('FEED_TITLES = {"all": "{site!r}"}', "has '{site!r}'"),
        ('FEED_TITLES = {"all": "{}"}', "has '{}'"),
    ],
)
def test_feed_titles_of_any_other_shape(tmp_path, line, message):
    [problem] = problems_with(tmp_path, line)
    assert message in problem


def test_a_tag_feed_title_with_its_fields_and_braces_builds(tmp_path):
    site = site_with(tmp_path, 'FEED_TITLES = {"tag": "{{{site}}} on {tag}", "all": "Everything"}')
    build = site.build()
    assert build.returncode == 0, build.log
    assert json.loads((build.output / "feeds" / "tags" / "habits.json").read_text())["title"] == "{Test Site} on habits"


def test_site_name_author_and_description_are_text_every_mistake_at_once(tmp_path):
    lines = ['SITENAME = ""', 'AUTHOR = ["Sam", "Alex"]', "SITE_DESCRIPTION = 3", 'AUTHOR = "  "']
    site = site_with(tmp_path, *lines[:3])
    assert stopped(site) == [
        at(site, lines[0])
        + 'SITENAME is empty (it is the title of every page and feed); write it as SITENAME = "Learning in Public"',
        at(site, lines[1]) + "AUTHOR must be one text, got the list ['Sam', 'Alex']; write AUTHOR = 'Sam and Alex'",
        at(site, lines[2])
        + 'SITE_DESCRIPTION must be text, got 3; write it in quotes as SITE_DESCRIPTION = "What a teacher learns each week."',
    ]
    [problem] = problems_with(tmp_path / "spaces", lines[3])
    assert "AUTHOR is empty (feeds and every page name the author)" in problem


def test_the_language_is_a_language_tag(tmp_path):
    site = site_with(tmp_path, 'DEFAULT_LANG = "english"')
    assert stopped(site) == [
        at(site, 'DEFAULT_LANG = "english"') + "DEFAULT_LANG 'english' is not a language code; write the language's "
        "code, such as 'en' (English), 'fr' (French), 'es' (Spanish), or with a country, 'en-GB'"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('DEFAULT_LANG = ""', "DEFAULT_LANG must be a language code, got ''"),
        ('DEFAULT_LANG = ["en"]', "DEFAULT_LANG must be a language code, got ['en']"),
        (
            'DEFAULT_LANG = "en_GB"',
            "DEFAULT_LANG 'en_GB' is not how a language tag is written; write DEFAULT_LANG = 'en-GB'",
        ),
        ('DEFAULT_LANG = " fr"', "write DEFAULT_LANG = 'fr'"),
        ('DEFAULT_LANG = "xx"', "DEFAULT_LANG 'xx' is not a language code"),
        ('DEFAULT_LANG = "en-GB-GB"', "DEFAULT_LANG 'en-GB-GB' is not a language code"),
        ('DEFAULT_LANG = "en--GB"', "is not a language code"),
    ],
)
def test_languages_that_are_not_language_tags(tmp_path, line, message):
    [problem] = problems_with(tmp_path, line)
    assert message in problem


@pytest.mark.parametrize("tag", ["en", "en-GB", "pt-BR", "zh-Hant-TW", "de-CH-1901", "sr-Latn", "es-419"])
def test_language_tags_of_every_form_are_accepted(tmp_path, tag):
    assert problems_with(tmp_path, f"DEFAULT_LANG = {tag!r}") == []


def test_feed_families_are_known_names_with_the_closest_suggested(tmp_path):
    site = site_with(tmp_path, 'FEED_FAMILIES = ["all", "post"]')
    assert stopped(site) == [
        at(site, 'FEED_FAMILIES = ["all", "post"]') + "FEED_FAMILIES has 'post', which is no feed; did you mean "
        "'posts'? (the names are 'all', 'posts', 'links', 'weekly' and 'tags')"
    ]
    [problem] = problems_with(tmp_path / "text", 'FEED_FAMILIES = "weekly"')
    assert problem.endswith(
        "FEED_FAMILIES must be a list of feed names, got the text 'weekly'; write FEED_FAMILIES = ['weekly']"
    )


def test_counts_and_limits_are_whole_numbers_above_zero(tmp_path):
    lines = [
        'FEED_ITEMS = "ten"',
        "FEED_WEEKLY_ITEMS = 0",
        "DEFAULT_PAGINATION = -1",
        "LINK_WEEKS_PER_PAGE = True",
        'MARKDOWN_MAX_SECONDS = "30"',
        "LINKS_MAX_FILE_BYTES = 1.5",
    ]
    site = site_with(tmp_path, *lines)
    assert stopped(site) == [
        at(site, lines[0])
        + "FEED_ITEMS must be a whole number of 1 or more, got 'ten'; write a number, such as FEED_ITEMS = 30",
        at(site, lines[1])
        + "FEED_WEEKLY_ITEMS must be a whole number of 1 or more, got 0; write one such as FEED_WEEKLY_ITEMS = 12",
        at(site, lines[2])
        + "DEFAULT_PAGINATION must be a whole number of 1 or more, got -1; write one such as DEFAULT_PAGINATION = 10",
        at(site, lines[3])
        + "LINK_WEEKS_PER_PAGE must be a whole number of 1 or more, got True; write a number, such as LINK_WEEKS_PER_PAGE = 10",
        at(site, lines[4])
        + "MARKDOWN_MAX_SECONDS must be a whole number from 1 to 86,400, got the text '30'; write the number without quotes: MARKDOWN_MAX_SECONDS = 30",
        at(site, lines[5])
        + "LINKS_MAX_FILE_BYTES must be a whole number of 1 or more, got 1.5; write a number, such as LINKS_MAX_FILE_BYTES = 1000000",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "LINK_WEEK_TOP_TAGS = False",
        "MARKDOWN_MAX_FILE_BYTES = 0",
        "MARKDOWN_MAX_SECONDS = 10**12",
        'DEFAULT_PAGINATION = "10"',
        "DEFAULT_PAGINATION = True",
        "FEED_ITEMS = None",
    ],
)
def test_other_counts_that_are_no_counts(tmp_path, line):
    [problem] = problems_with(tmp_path, line)
    assert f"{line.split()[0]} must be a whole number" in problem


def test_false_pagination_puts_every_post_on_one_page(tmp_path):
    assert problems_with(tmp_path, "DEFAULT_PAGINATION = False") == []


def test_a_date_format_must_give_a_date(tmp_path):
    site = site_with(tmp_path, 'DEFAULT_DATE_FORMAT = "%"')
    assert stopped(site) == [
        at(site, 'DEFAULT_DATE_FORMAT = "%"') + "DEFAULT_DATE_FORMAT '%' ends with a lone '%'; write %% for a percent "
        'sign, or use a code: DEFAULT_DATE_FORMAT = "%-d %B %Y"'
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('DEFAULT_DATE_FORMAT = ""', "DEFAULT_DATE_FORMAT '' gives empty text for a date"),
        ('DEFAULT_DATE_FORMAT = "  "', "gives empty text for a date"),
        ('DEFAULT_DATE_FORMAT = "%Q"', "DEFAULT_DATE_FORMAT '%Q' has '%Q', which is not a date code"),
        # the GNU C library's codes: Python shows them, Pelican leaves them as they are in the dates of posts
        ('DEFAULT_DATE_FORMAT = "%e %B"', "DEFAULT_DATE_FORMAT '%e %B' has '%e', which is not a date code"),
        ('DEFAULT_DATE_FORMAT = "%_d %B"', "has '%_', which is not a date code"),
        ('DEFAULT_DATE_FORMAT = "date"', "DEFAULT_DATE_FORMAT 'date' gives 'date' for every date"),
        ('DEFAULT_DATE_FORMAT = "100%%"', "gives '100%' for every date"),
        ("DEFAULT_DATE_FORMAT = 3", "DEFAULT_DATE_FORMAT must be text in quotes, got 3"),
    ],
)
def test_date_formats_that_give_no_date(tmp_path, line, message):
    [problem] = problems_with(tmp_path, line)
    assert message in problem


@pytest.mark.parametrize("code", ["%-d %B %Y", "%d/%m/%Y", "%A %-d %b", "%Y-%m-%d %H:%M", "%x", "100%% on %d.%m."])
def test_date_formats_people_use_are_accepted(tmp_path, code):
    assert problems_with(tmp_path, f"DEFAULT_DATE_FORMAT = {code!r}") == []


def test_pelican_settings_learnlog_does_not_support_or_sets_itself(tmp_path):
    lines = ["TYPOGRIFY = True", 'ARTICLE_URL = "blog/{slug}.html"', 'FEED_ALL_ATOM = "feeds/all.xml"']
    site = site_with(tmp_path, *lines, "TYPOGRIFY = False", "TYPOGRIFY = True")
    addresses = "the addresses of pages are fixed, so that links to your site keep working"
    assert stopped(site) == [
        at(site, lines[1])
        + f"ARTICLE_URL is set by Learnlog itself ({addresses}), so this line would be ignored; delete it",
        at(site, lines[2]) + "FEED_ALL_ATOM is set by Learnlog itself (it makes its own feeds; choose them with "
        "FEED_FAMILIES), so this line would be ignored; delete it",
        # the last of the lines giving TYPOGRIFY a value is the one that counts
        f"pelicanconf.py:{site.settings.read_text().count(chr(10))}: TYPOGRIFY True: Learnlog does not use Typogrify "
        "(its Markdown already makes quotes and dashes typographic); delete this line",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('MARKDOWN = {"extensions": []}', "MARKDOWN is set by Learnlog itself (posts and pages are Markdown"),
        ('READERS = {"html": None}', "READERS is set by Learnlog itself"),
        ("WRITE_SELECTED = ['output/index.html']", "Learnlog builds and replaces the whole site every time"),
        ("STATIC_CREATE_LINKS = True", "Learnlog copies files into the site"),
        (
            'PLUGINS = ["learnlog_core", "posts"]',
            "PLUGINS leaves out Learnlog's 'link_notes', 'feeds', 'search', 'reading', 'site_files', 'capture'",
        ),
        ('PLUGINS = "posts"', "PLUGINS must be a list of plugin names, got 'posts'"),
        (
            'PLUGINS = ["learnlog_core", "posts", "link_notes", "feeds", "search", "site_files", "reading", "capture"]',
            "PLUGINS puts 'site_files' before 'reading', and Learnlog's plugins must run in their order (the sitemap, by "
            '\'site_files\', lists only the pages made before it); write PLUGINS = ["learnlog_core", "posts", '
            '"link_notes", "feeds", "search", "reading", "site_files", "capture"]',
        ),
    ],
)
def test_other_settings_learnlog_cannot_honour(tmp_path, line, message):
    [problem] = problems_with(tmp_path, line)
    assert message in problem


def test_learnlogs_own_values_and_extra_plugins_are_accepted(tmp_path):
    (tmp_path / "my_plugins").mkdir()
    (tmp_path / "my_plugins" / "other.py").write_text("def register():\n    pass\n")
    lines = ['ARTICLE_URL = "posts/{date:%Y}/{slug}/"', 'TAG_SAVE_AS = ""', "TYPOGRIFY = False"]
    plugins = ["PLUGIN_PATHS += ['my_plugins']", "PLUGINS += ['other']"]
    assert problems_with(tmp_path, *lines, *plugins) == []


def test_the_site_address_is_required(tmp_path):
    site = site_with(tmp_path, 'SITEURL = ""')
    assert stopped(site) == [
        at(site, 'SITEURL = ""') + "SITEURL is empty; feeds and the OPML files need the site's full address: write "
        'SITEURL = "http://localhost:8000" in pelicanconf.py, and your real address, such as '
        "'https://yourname.github.io/blog', in publishconf.py"
    ]
    text = site.settings.read_text()
    site.settings.write_text(re.sub(r"^SITEURL = .*\n", "", text, flags=re.MULTILINE))
    assert problems_in(site.settings) == [
        'pelicanconf.py: SITEURL is not set; add a line SITEURL = "http://localhost:8000"'
    ]
    [problem] = problems_with(tmp_path / "query", 'SITEURL = "https://example.org/blog?x=1"')
    assert problem.endswith(
        "SITEURL ends with a '?…' or '#…' part, which no page address has; write 'https://example.org/blog'"
    )


def test_capitals_in_the_site_address_and_a_slash_at_its_end_are_made_right(tmp_path):
    site = site_with(tmp_path, 'SITEURL = "HTTPS://Learner.EXAMPLE/Blog/"', "RELATIVE_URLS = False")
    assert load_settings(site.settings)["SITEURL"] == "https://learner.example/Blog"
    build = site.build()
    assert build.returncode == 0, build.log
    assert "Removed extraneous trailing slash" not in build.log
    feed = json.loads((build.output / "feeds" / "all.json").read_text())
    assert feed["home_page_url"] == "https://learner.example/Blog/"
    assert feed["items"][0]["url"] == "https://learner.example/Blog/posts/2026/a-good-post/"
    assert feed["items"][0]["id"].startswith("tag:learner.example,2026-11-20:")
    assert 'href="https://learner.example/Blog/tags/habits/"' in build.page("/posts/2026/a-good-post/")


def test_the_feed_id_authority_is_a_domain_or_an_email_address(tmp_path):
    site = site_with(tmp_path, 'FEED_ID_AUTHORITY = "https://example.org/blog"')
    assert stopped(site) == [
        at(site, 'FEED_ID_AUTHORITY = "https://example.org/blog"') + "FEED_ID_AUTHORITY 'https://example.org/blog' is "
        "not a domain name (or name@domain) an id can carry; write FEED_ID_AUTHORITY = 'example.org'"
    ]
    for good in ("", "example.org", "sam@example.org", "bücher.example", "localhost"):
        assert problems_with(tmp_path / f"good-{good}", f"FEED_ID_AUTHORITY = {good!r}") == [], good
    for bad in ("exa mple.org", "example.org.", "sam@", 30):
        assert problems_with(tmp_path / f"bad-{bad}", f"FEED_ID_AUTHORITY = {bad!r}"), bad


def test_publishing_settings_are_named_in_the_file_that_gives_them(tmp_path):
    site = site_with(tmp_path, 'TIMEZONE = "Europe/Londn"')
    (site.folder / "publishconf.py").write_text(
        "from pelicanconf import *\n\n"
        'SITEURL = "https://learner.example/blog"\n'
        'GITHUB_PAGES_REMOTE = ""\n'
        'GITHUB_PAGES_BRANCH = "gh pages"\n'
        'GITHUB_PAGES_CNAME = "https://blog.yourname.net/"\n'
    )
    assert stopped(site, "publishconf.py") == [
        at(site, 'TIMEZONE = "Europe/Londn"')
        + "TIMEZONE 'Europe/Londn' is not a time zone; did you mean 'Europe/London'?",
        "publishconf.py:4: GITHUB_PAGES_REMOTE must be the name of a git remote, got ''; write GITHUB_PAGES_REMOTE = \"origin\"",
        "publishconf.py:5: GITHUB_PAGES_BRANCH 'gh pages' is not a name git accepts for a branch; write GITHUB_PAGES_BRANCH = \"gh-pages\"",
        "publishconf.py:6: GITHUB_PAGES_CNAME 'https://blog.yourname.net/' must be the domain name alone, without "
        "https://, a path or a port; write GITHUB_PAGES_CNAME = 'blog.yourname.net'",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('GITHUB_PAGES_CNAME = "blog"', "GITHUB_PAGES_CNAME 'blog' is not a bare domain name (a domain name has a dot"),
        ('GITHUB_PAGES_CNAME = "bücher.example"', "write GITHUB_PAGES_CNAME = 'xn--bcher-kva.example'"),
        ("GITHUB_PAGES_CNAME = None", "GITHUB_PAGES_CNAME must be text"),
        ('GITHUB_PAGES_BRANCH = "gh-pages.lock"', "is not a name git accepts for a branch"),
        ('GITHUB_PAGES_BRANCH = "a..b"', "is not a name git accepts for a branch"),
        ("GITHUB_PAGES_REMOTE = 1", "GITHUB_PAGES_REMOTE must be the name of a git remote, got 1"),
    ],
)
def test_other_publishing_mistakes(tmp_path, line, message):
    [problem] = problems_with(tmp_path, line)
    assert message in problem


def test_folders_are_text_and_lists_of_folders_inside_the_content(tmp_path):
    lines = ['ARTICLE_PATHS = "posts"', 'STATIC_PATHS = ["images", "../../secrets"]', "CACHE_PATH = 5"]
    site = site_with(tmp_path, *lines)
    assert stopped(site) == [
        at(site, lines[0])
        + "ARTICLE_PATHS must be a list of folder names, got the text 'posts'; write ARTICLE_PATHS = ['posts']",
        at(site, lines[1]) + "STATIC_PATHS names '../../secrets', outside the content folder; name a folder inside "
        'content/, such as STATIC_PATHS = ["images"]',
        at(site, lines[2]) + 'CACHE_PATH must be text, got 5; write it in quotes as CACHE_PATH = "cache"',
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("PATH = 3", "PATH must be text, got 3"),
        ('PATH = "contnet"', "PATH 'contnet' is not a folder; check its name, such as PATH = \"content\""),
        ('THEME = "notmyidea"', "THEME 'notmyidea' is not a folder; check its name"),
        ('THEME = ["theme"]', "THEME must be one text, got the list ['theme']; write THEME = 'theme'"),
        ("OUTPUT_PATH = None", "OUTPUT_PATH must be text, got None"),
        ('OUTPUT_PATH = ""', "OUTPUT_PATH is empty"),
        ('PAGE_PATHS = ["pages", 3]', "PAGE_PATHS must be a list of folder names in quotes, but it holds 3"),
        ('STATIC_PATHS = ["."]', "STATIC_PATHS holds '.', the whole content folder"),
        ('STATIC_PATHS = ["/etc"]', "STATIC_PATHS names '/etc', outside the content folder"),
        ('LINKS_PATH = "../links"', "LINKS_PATH names '../links', outside the content folder"),
        (
            'PLUGIN_PATHS = "plugins"',
            "PLUGIN_PATHS must be a list, got the text 'plugins'; write PLUGIN_PATHS = ['plugins']",
        ),
    ],
)
def test_other_folder_mistakes(tmp_path, line, message):
    [problem] = problems_with(tmp_path, line)
    assert message in problem


def test_relative_urls_is_true_or_false(tmp_path):
    site = site_with(tmp_path, 'RELATIVE_URLS = "no"')
    assert stopped(site) == [
        at(site, 'RELATIVE_URLS = "no"')
        + "RELATIVE_URLS must be True or False, got 'no'; write RELATIVE_URLS = True (no quotes)"
    ]


def test_a_setting_with_a_forbidden_character_gets_that_message_only_and_the_others_theirs(tmp_path):
    problems = problems_with(tmp_path, 'DEFAULT_LANG = "e\\x07n"', "FEED_ITEMS = 0")
    assert len(problems) == 2
    assert "DEFAULT_LANG contains an invisible control character (U+0007)" in problems[0]
    assert "FEED_ITEMS must be a whole number" in problems[1]


def test_livereload_watches_the_usual_folders_while_the_settings_have_a_mistake(tmp_path):
    site = site_with(tmp_path, "PATH = 3")
    assert watched_paths(site.settings) == [
        tmp_path / "content",
        tmp_path / "theme",
        tmp_path / "plugins",
        site.settings,
    ]
    site.settings.write_text(site.settings.read_text().replace("PATH = 3\n", ""))
    assert watched_paths(site.settings)[0] == tmp_path / "content"
    assert watched_paths(site.settings)[1] == ROOT / "theme"


# Any value at all: a message or settings, never another error


def containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    """Lists, pairs and dicts of values."""
    return (
        st.lists(inner, max_size=3) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    )


VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.text(st.sampled_from("\x00\x07\x1b\t\n\r\u200b\u202e\ufffe{}%:/@._- aZ09"), max_size=12)
    | st.sampled_from(["", " ", "en", "https://example.org", "{site}", "%-d %B %Y", "posts", "all", "Europe/London"]),
    containers,
    max_leaves=6,
)
NAMES = [
    "SITENAME", "AUTHOR", "SITE_DESCRIPTION", "SITEURL", "TIMEZONE", "DEFAULT_LANG", "DEFAULT_DATE_FORMAT",
    "MENU_LINKS", "FEED_TITLES", "FEED_FAMILIES", "FEED_ITEMS", "DEFAULT_PAGINATION", "MARKDOWN_MAX_SECONDS",
    "FEED_ID_AUTHORITY", "GITHUB_PAGES_CNAME", "GITHUB_PAGES_BRANCH", "STATIC_PATHS", "PATH", "THEME",
    "RELATIVE_URLS", "PLUGINS", "ARTICLE_URL", "TYPOGRIFY", "OUTPUT_PATH", "CACHE_PATH", "LINKS_PATH", "ARTICLE_PATHS",
    "DATE_FORMATS", "JINJA_ENVIRONMENT", "THEME_STATIC_DIR", "GITHUB_REPOSITORY", "GITHUB_BRANCH", "READING_FILE",
    "READING_ITEMS", "READING_REFRESH",
]  # fmt: skip


@pytest.fixture(scope="module")
def random_site(tmp_path_factory) -> tuple[Site, str]:
    site = Site(tmp_path_factory.mktemp("random"))
    return site, site.settings.read_text()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(st.sampled_from(NAMES), VALUES), min_size=1, max_size=4))
def test_any_value_gives_settings_or_messages_never_another_error(random_site, chosen):
    site, base = random_site
    site.settings.write_text(base + "".join(f"{name} = {value!r}\n" for name, value in chosen), encoding="utf-8")
    try:
        loaded = load_settings(site.settings)
    except SettingsError as error:
        event("the settings have a mistake")
        assert error.problems
        for problem in error.problems:
            assert re.match(r"pelicanconf\.py:\d+: '?[A-Z_]+'?[ :\[]", problem), problem
            assert not UNPRINTABLE.search(problem), problem
        return
    event("the settings are right")
    assert isinstance(loaded["SITEURL"], str) and loaded["SITEURL"].startswith(("http://", "https://"))
    assert not loaded["SITEURL"].endswith("/")


def test_a_misspelt_setting_is_a_warning_with_its_line(tmp_path):
    from conftest import Site

    site = Site(tmp_path, settings="FEED_ITEM = 10\nMY_OWN_PLUGIN_OPTION = 1\nDEFAULT_PAGINATON = 5\n")
    site.post("a.md", "Title: A post\nDate: 2026-11-20 10:00\n\nBody.\n")
    build = site.build()
    assert build.returncode == 0, build.log
    warnings = [line for line in build.log.splitlines() if line.startswith("warning: pelicanconf.py")]
    assert warnings == [
        "warning: pelicanconf.py:19: unknown setting FEED_ITEM is ignored; did you mean FEED_ITEMS?",
        "warning: pelicanconf.py:21: unknown setting DEFAULT_PAGINATON is ignored; did you mean DEFAULT_PAGINATION?",
    ]


# Settings that would replace the author's files, write outside the site's addresses or read from elsewhere


def with_last_line(site: Site, line: str) -> list[str]:
    """What load_settings says of the site's settings with their last line replaced by `line`."""
    lines = site.settings.read_text().splitlines()
    site.settings.write_text("\n".join([*lines[:-1], line]) + "\n")
    try:
        return problems_in(site.settings)
    finally:
        site.settings.write_text("\n".join(lines) + "\n")


def test_the_output_folder_must_be_a_folder_of_its_own(tmp_path):
    """Building replaces the whole output folder: the project's history, code, docs or settings file is refused
    (with its line), as is a folder holding anything but a site Learnlog built; a real build touches nothing."""
    site = site_with(tmp_path, 'OUTPUT_PATH = ".git"')
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert stopped(site) == [
        at(site, 'OUTPUT_PATH = ".git"') + "OUTPUT_PATH '.git' is inside .git, where git keeps the project's history; "
        'building replaces the whole output folder, so choose a folder of its own, such as OUTPUT_PATH = "output"'
    ]
    assert (tmp_path / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    for name in ("plugins", "docs"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "notes.md").write_text("mine")
    for line, message in [
        ('OUTPUT_PATH = "plugins"', "OUTPUT_PATH 'plugins' holds files that are not a site Learnlog built (such as "),
        ('OUTPUT_PATH = "docs/site"', "OUTPUT_PATH 'docs/site' is inside docs/, a folder of the project that holds "),
        ('OUTPUT_PATH = "pelicanconf.py"', "OUTPUT_PATH 'pelicanconf.py' is a file, not a folder"),
        ('OUTPUT_PATH = ".."', "OUTPUT_PATH '..' holds the project folder"),
        ('OUTPUT_PATH = "content/site"', "OUTPUT_PATH 'content/site' is inside the content folder (content)"),
        (f"OUTPUT_PATH = {str(ROOT / 'theme')!r}", "is the theme"),
    ]:
        [problem] = with_last_line(site, line)
        assert message in problem and problem.endswith('such as OUTPUT_PATH = "output"'), problem
    # A folder that is empty, or holds a previous build, is the output folder's own.
    (tmp_path / "empty").mkdir()
    (tmp_path / "built").mkdir()
    for name in ("index.html", "sitemap.xml", "robots.txt"):
        (tmp_path / "built" / name).write_text("")
    assert with_last_line(site, 'OUTPUT_PATH = "empty"') == []
    assert with_last_line(site, 'OUTPUT_PATH = "built"') == []
    # Given on the command line (--output), a folder of the author's is refused too, and left as it was.
    site.settings.write_text(site.settings.read_text().replace('OUTPUT_PATH = ".git"\n', ""))
    build = run_build(site.settings, tmp_path / "docs")
    assert build.returncode == 1 and "Traceback" not in build.log
    assert "the output folder 'docs' holds files that are not a site Learnlog built" in build.log, build.log
    assert (tmp_path / "docs" / "notes.md").read_text() == "mine"


def clean_in(project: Path) -> subprocess.CompletedProcess:
    """`invoke clean` run in `project` (a folder with Learnlog's tasks.py and settings), as the author runs it."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [str(Path(sys.executable).with_name("invoke")), "clean"],
        cwd=project, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_cache_folder_must_be_a_folder_of_its_own_and_clean_deletes_no_other(tmp_path):
    """invoke clean deletes the whole cache folder: the content, a folder in it or the project is refused, with
    its line; a cache folder of the author's files is left alone even when the settings name none (the default)."""
    for line, message in [
        ('CACHE_PATH = "content"', "CACHE_PATH 'content' is the content folder;"),
        ('CACHE_PATH = "content/posts"', "CACHE_PATH 'content/posts' is inside the content folder (content);"),
        ('CACHE_PATH = "."', "CACHE_PATH '.' is the project folder;"),
        ('CACHE_PATH = "output"', "CACHE_PATH 'output' is the output folder;"),
    ]:
        [problem] = problems_with(tmp_path / line.split('"')[1].replace("/", "-").replace(".", "dot"), line)
        assert message in problem and problem.endswith('so choose a folder of its own, such as CACHE_PATH = "cache"')
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "tasks.py", project)
    shutil.copytree(SAMPLE / "content", project / "content")
    (project / "theme").symlink_to(ROOT / "theme")
    (project / "plugins").symlink_to(ROOT / "plugins")
    settings = (SAMPLE / "pelicanconf.py").read_text()
    (project / "pelicanconf.py").write_text(settings + 'CACHE_PATH = "content"\n')
    refused = clean_in(project)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
    assert "Nothing was deleted" in refused.stderr and "CACHE_PATH 'content' is the content folder" in refused.stderr
    assert len(list((project / "content" / "posts").glob("*.md"))) == 7
    # The settings name no cache folder: the default, cache/, holds the author's notes, and is kept.
    (project / "pelicanconf.py").write_text(re.sub(r"^CACHE_PATH = .*\n", "", settings, flags=re.MULTILINE))
    (project / "cache").mkdir()
    (project / "cache" / "notes.txt").write_text("mine")
    refused = clean_in(project)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "the cache folder 'cache' holds files that are not the build's cache (such as 'notes.txt')" in refused.stderr
    assert (project / "cache" / "notes.txt").read_text() == "mine"
    # The cache's own files, and a site that was built: clean deletes them.
    (project / "cache" / "notes.txt").unlink()
    (project / "cache" / "posts_markdown-0123456789abcdef.pickle").write_bytes(b"")
    (project / "output").mkdir()
    for name in ("index.html", "sitemap.xml", "robots.txt"):
        (project / "output" / name).write_text("")
    cleaned = clean_in(project)
    assert cleaned.returncode == 0, cleaned.stdout + cleaned.stderr
    assert cleaned.stdout.strip() == "Removed output/ and cache/."
    assert not (project / "cache").exists() and not (project / "output").exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'EXTRA_PATH_METADATA = {"images/a.png": {"save_as": "../../x"}}',
            "EXTRA_PATH_METADATA {'images/a.png': {'save_as': '../../x'}}: it changes where files are written, but "
            "the addresses of pages are fixed, so that links to your site keep working; delete this line",
        ),
        ('PATH_METADATA = "(?P<save_as>.*)"', "PATH_METADATA '(?P<save_as>.*)': it changes where files are written"),
        ('THEME_STATIC_DIR = ".."', "THEME_STATIC_DIR '..': the theme's pages find its files at /theme/; delete"),
        ('TEMPLATE_PAGES = {"/etc/passwd": "passwd.txt"}', "TEMPLATE_PAGES {'/etc/passwd': 'passwd.txt'}: it turns"),
        ('THEME_STATIC_PATHS = ["/etc"]', "THEME_STATIC_PATHS ['/etc']: the theme's files are in its own static/"),
        ('THEME_TEMPLATES_OVERRIDES = ["/tmp"]', "THEME_TEMPLATES_OVERRIDES ['/tmp']: templates come from the theme"),
        ('DIRECT_TEMPLATES = ["index", "authors"]', "DIRECT_TEMPLATES is set by Learnlog itself"),
        ('JINJA_ENVIRONMENT = {"autoescape": False}', "JINJA_ENVIRONMENT {'autoescape': False}: Learnlog's pages come"),
        ("JINJA_GLOBALS = {'x': 1}", "JINJA_GLOBALS {'x': 1}: Learnlog's pages come from its theme's templates"),
        ('DATE_FORMATS = {"en": "%Q"}', "DATE_FORMATS '%Q' has '%Q', which is not a date code"),
        ('DATE_FORMATS = {"fr": ("fr_FR", "%d %B")}', "DATE_FORMATS['fr'] must be one date format in quotes"),
        ("IGNORE_FILES = []", "IGNORE_FILES is set by Learnlog itself"),
        ("OUTPUT_SOURCES = True", "OUTPUT_SOURCES True: it would copy every post's Markdown into the site, drafts"),
        ("DELETE_OUTPUT_DIRECTORY = True", "DELETE_OUTPUT_DIRECTORY True: Learnlog writes the output folder itself"),
        ('OUTPUT_RETENTION = [".git"]', "OUTPUT_RETENTION ['.git']: Learnlog writes the output folder itself"),
        ('INDEX_SAVE_AS = "../index.html"', "INDEX_SAVE_AS '../index.html': the addresses of pages are fixed"),
        ('STATIC_SAVE_AS = "x/{path}"', "STATIC_SAVE_AS 'x/{path}': the addresses of pages are fixed"),
        ('DEFAULT_METADATA = {"save_as": "index.html"}', "DEFAULT_METADATA {'save_as': 'index.html'}: each post"),
        ('ARTICLE_DIR = "../secrets"', "ARTICLE_DIR '../secrets': it is Pelican's old name for ARTICLE_PATHS"),
        ('SLUG_REGEX_SUBSTITUTIONS = [("a", "../")]', "SLUG_REGEX_SUBSTITUTIONS [('a', '../')]: Learnlog makes"),
    ],
)
def test_pelican_settings_that_write_or_read_elsewhere_or_change_templates_are_refused(tmp_path, line, message):
    [problem] = problems_with(tmp_path, line)
    assert problem.startswith(f"pelicanconf.py:{Site(tmp_path / 'count').settings.read_text().count(chr(10)) + 1}: ")
    assert message in problem, problem


def test_pelican_settings_given_the_values_learnlog_uses_are_accepted(tmp_path):
    lines = [
        'THEME_STATIC_DIR = "theme"', 'THEME_STATIC_PATHS = ["static"]', "TEMPLATE_PAGES = {}", "OUTPUT_SOURCES = False",
        "DELETE_OUTPUT_DIRECTORY = False", 'INDEX_SAVE_AS = "index.html"', 'PATH_METADATA = ""',
        "JINJA_ENVIRONMENT = {'trim_blocks': True, 'lstrip_blocks': True, 'extensions': []}",
        'DATE_FORMATS = {"fr": "%-d %B %Y", "pt-BR": "%d/%m/%Y"}',
    ]  # fmt: skip
    assert problems_with(tmp_path, *lines) == []


def test_static_folders_may_not_overlap_the_sites_addresses_or_the_other_content(tmp_path):
    site = site_with(tmp_path, 'STATIC_PATHS = ["images", "feeds", "tags"]')
    (site.content / "feeds").mkdir()
    (site.content / "feeds" / "all.atom.xml").write_text("<feed/>")
    assert stopped(site) == [
        at(site, 'STATIC_PATHS = ["images", "feeds", "tags"]') + "STATIC_PATHS holds 'feeds', which would be copied "
        "to /feeds, among the site's own feeds at /feeds, and could replace them: give the folder another name, such "
        'as STATIC_PATHS = ["images"]'
    ]
    for line, message in [
        ('STATIC_PATHS = ["links"]', "STATIC_PATHS holds 'links', which is LINKS_PATH 'links' (the link notes): its"),
        ('STATIC_PATHS = ["robots.txt"]', "STATIC_PATHS holds 'robots.txt', which would be copied to /robots.txt"),
        ('STATIC_PATHS = ["notes"]\nLINKS_PATH = "notes/links"', "STATIC_PATHS holds 'notes', which holds LINKS_PATH "),
        (
            'ARTICLE_PATHS = ["writing"]\nSTATIC_PATHS = ["writing/pictures"]',
            "STATIC_PATHS holds 'writing/pictures', "
            "which is inside ARTICLE_PATHS 'writing' (the posts): its files would be copied into the site as they are",
        ),
        (
            'STATIC_PATHS = ["tags/x"]',
            "STATIC_PATHS holds 'tags/x', which would be copied to /tags/x, among the site's ",
        ),
        ('STATIC_PATHS = ["blogroll.yaml"]', "STATIC_PATHS holds 'blogroll.yaml', which is BLOGROLL_FILE"),
        (
            'ARTICLE_PATHS = ["posts", "pages"]',
            "ARTICLE_PATHS holds 'pages', which is PAGE_PATHS 'pages' (the pages): a file would be read twice, or as "
            'the wrong kind; give each a folder of its own, such as ARTICLE_PATHS = ["posts"]',
        ),
        ('ARTICLE_PATHS = ["posts", "links"]', "ARTICLE_PATHS holds 'links', which is LINKS_PATH 'links' (the link"),
        ('LINKS_PATH = "posts"', "LINKS_PATH holds 'posts', which is ARTICLE_PATHS 'posts' (the posts)"),
    ]:
        [problem] = problems_with(tmp_path / str(hash(line)), line)
        assert message in problem, problem
    assert problems_with(tmp_path / "good", 'STATIC_PATHS = ["images", "files/pdf"]', 'LINKS_PATH = "notes"') == []


def test_the_site_address_holds_no_markup_no_password_and_a_host_ids_can_carry(tmp_path):
    site = site_with(tmp_path, "SITEURL = 'https://example.org/\"><script>'")
    assert stopped(site) == [
        at(site, "SITEURL = 'https://example.org/\"><script>'") + "SITEURL 'https://example.org/\"><script>' holds "
        "'\"', which no web address may hold (RFC 3986); write it as %22, or copy the address from the browser's "
        "address bar"
    ]
    for value, message in [
        ("https://example.org/a b", "holds a space, which no web address may hold (RFC 3986); write it as %20"),
        ("https://example.org/{x}", "holds '{', which no web address may hold"),
        ("https://example.org/a\\b", "holds '\\\\', which no web address may hold"),
        ("https://example.org/`", "holds '`', which no web address may hold"),
        (
            "https://sam:secret@example.org/blog",
            "SITEURL holds a user name or password (before '@'), which every page and feed would publish; write the "
            "address without it: SITEURL = 'https://example.org/blog'",
        ),
        (
            "http://[::1]:8000",
            "SITEURL 'http://[::1]:8000' names its host by an IP address in brackets, which the feeds' item ids "
            "(tag:HOST,…) cannot carry; write SITEURL = 'http://localhost:8000', or set FEED_ID_AUTHORITY",
        ),
    ]:
        [problem] = problems_with(tmp_path / str(hash(value)), f"SITEURL = {value!r}")
        assert message in problem, problem
        assert "secret" not in problem
    assert problems_with(tmp_path / "ipv6", "SITEURL = 'http://[::1]:8000'", "FEED_ID_AUTHORITY = 'example.org'") == []
    assert problems_with(tmp_path / "ipv4", "SITEURL = 'http://127.0.0.1:8000'") == []


def test_a_theme_without_learnlogs_templates_and_an_unknown_plugin_are_named_with_their_fix(tmp_path):
    plugins = (
        'PLUGINS = ["learnlog_core", "posts", "link_notes", "feeds", "search", "reading", "site_files", "capture", '
        '"sitemapp"]'
    )
    site = site_with(tmp_path, 'THEME = "content"', plugins)
    assert stopped(site) == [
        at(site, 'THEME = "content"') + "THEME 'content' is not a theme Learnlog can build with: it has no "
        'templates/index.html (and 14 more of the templates Learnlog needs); write THEME = "theme", the theme '
        "Learnlog comes with, or a copy of it",
        at(site, plugins) + "PLUGINS names 'sitemapp', which is no plugin in PLUGIN_PATHS nor among "
        "the installed packages; check its name (and install it with pip), or take it out of the list",
    ]
    theme = tmp_path / "my-theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "week.html").unlink()
    [problem] = with_last_line(site, f"THEME = {str(theme)!r}")
    assert "has no templates/week.html; write THEME" in problem


def test_a_settings_file_that_never_ends_or_ends_the_program_is_named_with_its_line(tmp_path):
    site = site_with(tmp_path, "while True:", "    pass")
    with pytest.raises(SettingsError) as stopped_running:
        load_settings(site.settings, max_seconds=0.3)
    assert stopped_running.value.problems == [
        at(site, "while True:") + "the settings file was still running after 0.3 seconds (a loop that never ends?); a "
        'settings file holds plain values, such as SITENAME = "My site": delete the loop'
    ]
    site.settings.write_text(site.settings.read_text().replace("while True:\n", ""))
    for line in ("raise SystemExit(0)", "exit()", "import sys; sys.exit(3)"):
        assert with_last_line(site, line) == [
            at(site, "    pass") + "the settings file ends the program (exit() or SystemExit), so nothing would be "
            "built; delete that line"
        ], line
    # A real build says so (and names the output folder it left alone), with exit status 1.
    site.settings.write_text(site.settings.read_text().replace("    pass\n", "raise SystemExit(0)\n"))
    build = subprocess.run(
        [sys.executable, "-m", "learnlog.build", "--settings", str(site.settings)],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert build.returncode == 1, build.stdout + build.stderr
    assert build.stderr.startswith("The build stopped: 1 problem to fix. Nothing was changed in output/.\n")
    assert "the settings file ends the program" in build.stderr


def test_a_long_value_is_shown_cut_short(tmp_path):
    for line in ('DEFAULT_DATE_FORMAT = "x" * 100_000', 'SITEURL = "https://example.org/" + "a" * 100_000 + "<"'):
        [problem] = problems_with(tmp_path / str(hash(line)), line)
        assert len(problem) < 700, problem
    [problem] = problems_with(tmp_path / "error", 'raise ValueError("x" * 100_000)')
    assert len(problem) < 400 and problem.endswith("fix that line"), problem
