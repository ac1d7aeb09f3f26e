"""Settings of the wrong shape or value: each is one message, `pelicanconf.py:LINE: what is wrong; the fix`, every
one of them at once, and nothing is built: no traceback, no half-broken site. The rules are in
learnlog/settings_rules.py.

Each kind of mistake is shown by a real build of a small site (conftest.Site) with the mistakes added to its
pelicanconf.py. The other ways to make the same mistake are checked with load_settings, which is what a
build, `invoke serve` and every other command call first.
"""

from __future__ import annotations

import json
import re
import sys

import pytest
from conftest import ROOT, Site, good_post, run_build
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


def test_the_sample_settings_pass_unchanged():
    from pelican.settings import get_settings_from_file

    for name in ("pelicanconf.py", "publishconf.py"):  # publishconf.py takes pelicanconf.py's, loaded just before
        given = get_settings_from_file(str(ROOT / name))
        loaded = load_settings(ROOT / name)
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
        ('PLUGINS = ["learnlog_core", "posts"]', "PLUGINS leaves out Learnlog's 'link_notes', 'feeds', 'site_files'"),
        ('PLUGINS = "posts"', "PLUGINS must be a list of plugin names, got 'posts'"),
    ],
)
def test_other_settings_learnlog_cannot_honour(tmp_path, line, message):
    [problem] = problems_with(tmp_path, line)
    assert message in problem


def test_learnlogs_own_values_and_extra_plugins_are_accepted(tmp_path):
    lines = ['ARTICLE_URL = "posts/{date:%Y}/{slug}/"', 'TAG_SAVE_AS = ""', "TYPOGRIFY = False", "PLUGINS += ['other']"]
    assert problems_with(tmp_path, *lines) == []


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
        'GITHUB_PAGES_CNAME = "https://blog.example.org/"\n'
    )
    assert stopped(site, "publishconf.py") == [
        at(site, 'TIMEZONE = "Europe/Londn"')
        + "TIMEZONE 'Europe/Londn' is not a time zone; did you mean 'Europe/London'?",
        "publishconf.py:4: GITHUB_PAGES_REMOTE must be the name of a git remote, got ''; write GITHUB_PAGES_REMOTE = \"origin\"",
        "publishconf.py:5: GITHUB_PAGES_BRANCH 'gh pages' is not a name git accepts for a branch; write GITHUB_PAGES_BRANCH = \"gh-pages\"",
        "publishconf.py:6: GITHUB_PAGES_CNAME 'https://blog.example.org/' must be the domain name alone, without "
        "https://, a path or a port; write GITHUB_PAGES_CNAME = 'blog.example.org'",
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
    "RELATIVE_URLS", "PLUGINS", "ARTICLE_URL", "TYPOGRIFY",
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
