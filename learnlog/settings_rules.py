"""What each setting in pelicanconf.py (or publishconf.py) must be, as data: RULES maps a setting's name to a
Rule, and each kind of rule is one small function below.

`problems(given, folder)` checks the values a settings file gives, before Pelican fills in its defaults, and
returns every mistake as (setting name, message). A message says what is wrong and how to fix it, in plain
words, without the file and line: learnlog/build.py's load_settings adds them. `normalised(given)` gives the
values Learnlog writes differently from the author (SITEURL), once nothing is wrong.

Settings that Learnlog's plugins set themselves (the fixed addresses of pages, its own feeds, its Markdown
reader) are in the table too: the plugins put their own values over the author's after the settings are
read, so a line giving another value would be ignored without a word, and is reported instead.
"""

from __future__ import annotations

import copy
import difflib
import importlib.machinery
import importlib.util
import itertools
import re
import reprlib
import string
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from capture import settings as capture_settings
from feeds import settings as feed_settings
from learnlog_core import characters, fields
from learnlog_core.layout import LAYOUT
from learnlog_core.slugs import same_name, slugify
from link_notes import settings as link_settings
from pelican.settings import DEFAULT_CONFIG
from reading import settings as reading_settings

# Learnlog's own plugins, all of which the theme needs (its filters, its pages, its feeds).
LEARNLOG_PLUGINS = ("learnlog_core", "posts", "link_notes", "feeds", "search", "reading", "site_files", "capture")
# The settings each plugin sets over the author's (the fixed addresses of its pages, and the like).
PLUGIN_LAYOUTS = (LAYOUT, feed_settings.LAYOUT, link_settings.LAYOUT, capture_settings.LAYOUT, reading_settings.LAYOUT)
# Keys of FEED_TITLES and the {fields} each title may use (feeds/settings.py TITLES; feeds/generator.py
# formats every title with site=SITENAME and tag=the tag, which only the tag feeds have).
TITLE_FIELDS = {"all": {"site"}, "posts": {"site"}, "links": {"site"}, "weekly": {"site"}, "tag": {"site", "tag"}}
# Date codes that give the same text wherever a date is shown: Pelican's utils.strftime (the dates of posts)
# reads only the C89 codes and Python's ISO ones, with a '-' before a code to drop its leading zero (%-d), and
# leaves any other code as it is written, while Python's datetime.strftime (the dates of links) passes the
# GNU C library's codes on. (https://docs.python.org/3/library/datetime.html#format-codes)
DATE_CODES = set("aAbBcdfGHIjmMpSUuVwWxXyYzZ")
DATE_CODE = re.compile(r"%(-?)(.?)", re.DOTALL)
# A label of a domain name: letters, digits and hyphens, not at either end (RFC 1123, section 2.1).
DNS_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
# The part before '@' of an email address in a tag URI's authority (RFC 4151, section 2.1: emailAddress).
EMAIL_LOCAL = re.compile(r"[A-Za-z0-9._-]+")
# Characters git refuses in a branch name (git-check-ref-format(1)), and spaces.
NOT_IN_BRANCH = re.compile(r"[\s~^:?*\[\\\x00-\x1f\x7f]|\.\.|@\{|//")
# Characters RFC 3986 allows nowhere in a URI (section 2: neither reserved, unreserved nor '%'), and quotes: every
# page and feed would carry them into its links as they are.
NOT_IN_URL = re.compile(r"[\s\"'<>\\{}|^`]")
# Templates the theme must hold (theme/templates/NAME.html): Pelican's pages (DIRECT_TEMPLATES in
# learnlog_core/layout.py, posts, pages, a tag's and a category's page) and the plugins' own (the link log, a
# week, the blogroll, the subscribe page, the capture page, the reading list).
THEME_TEMPLATES = (
    "index", "tags", "categories", "archives", "404", "article", "page", "tag", "category",
    "links", "week", "blogroll", "subscribe", "save", "reading",
)  # fmt: skip
# Files the build writes at the top of the site besides the pages of LAYOUT (site_files/plugin.py, the theme's
# index), and folders: the theme's files (THEME_STATIC_DIR) and the pages after the first of the home page.
SITE_FILES = ("index.html", "sitemap.xml", "robots.txt", "theme", "page")
# What a cache folder holds (learnlog_core/cache.py PureCache): NAME-VERSION.pickle files and, while one is
# written, .NAME-VERSION.pickle.PID.tmp; and when `invoke fetch-reading` last fetched each feed (learnlog/reading.py
# FETCHED_FILE), with the temporary file learnlog/files.py writes it through; earlier versions kept compiled
# templates in templates/__jinja2_*.cache.
CACHE_FILE = re.compile(
    r"\.?[a-z_]+-[0-9a-f]{16}\.pickle(?:\.\d+\.tmp)?|reading-fetched\.json|\.reading-fetched\.json\.[\w-]+\.tmp"
)
OLD_TEMPLATE_CACHE = re.compile(r"__jinja2_[0-9a-f]+\.cache")
# What every build Learnlog finishes writes at the top of the output folder: the theme's home page, and
# site_files' sitemap and robots.txt.
BUILT_SITE = ("index.html", "sitemap.xml", "robots.txt")
# Building puts its working folders beside the output folder under names that start so (learnlog/build.py).
WORKING_FOLDER = "{name}-learnlog-"

# The longest message a rule gives, in characters: a value quoted whole could be any length.
MESSAGE_LIMIT = 600

_shown = reprlib.Repr()
_shown.maxstring = _shown.maxother = 80
_shown.maxlist = _shown.maxtuple = _shown.maxdict = _shown.maxset = 4
_shown.maxlevel = 3


def shown(value: object) -> str:
    """A value as Python writes it (text in quotes, invisible characters as escapes such as \\x07), cut short
    when long: safe to print in a message."""
    return _shown.repr(value)


def short(text: str, limit: int = 200) -> str:
    """Text cut to about `limit` characters, with '…' where the middle was left out: for text of any length
    quoted in a message (an error's own words, a date as a format gives it)."""
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-limit // 2 :]}"


# Characters a terminal acts on, line breaks and direction controls (they would reorder the rest of the line).
UNPRINTABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{characters.DIRECTION_CONTROLS}]")


def printable(message: str) -> str:
    """A message on one line, with each character a terminal would act on written as its escape (\\x0d, \\u202e).
    Messages show values with repr(), which writes them so already; this catches any text quoted as it is."""
    return UNPRINTABLE.sub(
        lambda found: f"\\u{ord(found[0]):04x}" if ord(found[0]) > 0xFF else f"\\x{ord(found[0]):02x}", message
    )


@dataclass(frozen=True)
class Value:
    """One setting's value, with what a rule needs to judge it.

    name: the setting, such as "FEED_ITEMS". value: what the settings file gives it. example: a right value as
    written in pelicanconf.py, such as '30', for the fix. given: every setting the file gives. folder: the
    settings file's folder, where relative paths start (as Pelican reads them).
    """

    name: str
    value: Any
    example: str
    given: Mapping[str, Any]
    folder: Path

    @property
    def fix(self) -> str:
        """The example as a whole line: 'FEED_ITEMS = 30'."""
        return f"{self.name} = {self.example}"


Check = Callable[[Value], "str | None"]


@dataclass(frozen=True)
class Rule:
    """check(Value) -> None when the value is right, else what is wrong and the fix. example: a right value as
    written in the file. required: a settings file that does not give it is a mistake too."""

    check: Check
    example: str
    required: bool = False


# Kinds of rule. Each takes a Value (and its own parameters, bound with functools.partial in RULES) and
# returns None, or the message.


def text(v: Value, empty: bool = False, why: str = "", names: bool = False) -> str | None:
    """Text; not empty (nor spaces only) unless `empty`. why: what needs it, for the message on an empty value.
    names: a list of texts is written as one ("Sam and Alex"), as for AUTHOR.
    Source: the theme prints these in pages and feeds, and feedgen refuses an empty title or author name."""
    value = v.value
    if isinstance(value, (list, tuple)) and value and all(isinstance(item, str) for item in value):
        one = " and ".join(item.strip() for item in value) if names else value[0] if len(value) == 1 else None
        fix = f"{v.name} = {one!r}" if one is not None and len(one) <= 80 else v.fix
        return f"{v.name} must be one text, got the list {shown(value)}; write {fix}"
    if not isinstance(value, str):
        quoted = " in quotes" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""
        return f"{v.name} must be text, got {shown(value)}; write it{quoted} as {v.fix}"
    if not empty and not value.strip():
        return f"{v.name} is empty{why}; write it as {v.fix}"
    return None


def whole_number(v: Value, minimum: int = 1, maximum: int | None = None, allow_false: bool = False) -> str | None:
    """A whole number from `minimum` to `maximum`; False too when `allow_false` (Pelican's 'no pagination').
    Source: the plugins count and compare with these numbers (feeds/generator.py, limits.py); True and False
    are numbers to Python, 1 and 0, but no count an author means."""
    value = v.value
    if allow_false and value is False:
        return None
    within = f"from {minimum:,} to {maximum:,}" if maximum is not None else f"of {minimum} or more"
    wanted = f"{v.name} must be a whole number {within}"
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
        return f"{wanted}, got the text {shown(value)}; write the number without quotes: {v.name} = {value.strip()}"
    if isinstance(value, bool) or not isinstance(value, int):
        other = " (or False for everything on one page)" if allow_false else ""
        return f"{wanted}, got {shown(value)}; write a number{other}, such as {v.fix}"
    if value < minimum or (maximum is not None and value > maximum):
        return f"{wanted}, got {value:,}; write one such as {v.fix}"
    return None


def true_or_false(v: Value) -> str | None:
    """True or False, without quotes. Source: Pelican reads RELATIVE_URLS as a condition, so 'no' (any
    non-empty text) would mean True."""
    if isinstance(v.value, bool):
        return None
    return f"{v.name} must be True or False, got {shown(v.value)}; write {v.fix} (no quotes)"


def folder(v: Value, inside_content: bool = False) -> str | None:
    """A folder's name as text. inside_content: a folder inside the content folder (PATH), so nothing
    outside it is read or copied into the site. Source: Pelican joins these to the settings file's folder,
    or to PATH; PRODUCT.md: no build reads a file outside the project."""
    problem = text(v)
    if problem:
        return problem
    return _outside_content(v, v.value) if inside_content else None


def existing_folder(v: Value) -> str | None:
    """The name of a folder that exists, relative to the settings file's folder (or from /).
    Source: Pelican stops with an error of its own on a PATH or THEME that is no folder."""
    problem = text(v)
    if problem:
        return problem
    if not _is_folder(v.folder / v.value):
        return f"{v.name} {shown(v.value)} is not a folder; check its name, such as {v.fix}"
    return None


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name too long for the system, or with a character no file name has
        return False


def folders(v: Value, whole_content: bool = True) -> str | None:
    """A list of folder names inside the content folder. whole_content: "" (the content folder itself) is
    allowed. Source: Pelican's *_PATHS are lists (a text is replaced by Pelican's default without a word);
    a folder outside the content would be read or copied into the site, and STATIC_PATHS of the whole
    content folder would publish every file in it as written, drafts and link notes too."""
    value = v.value
    if isinstance(value, str):
        fix = f"{v.name} = [{value!r}]" if len(value) <= 80 else v.fix
        return f"{v.name} must be a list of folder names, got the text {shown(value)}; write {fix}"
    if not isinstance(value, (list, tuple)):
        return f"{v.name} must be a list of folder names, got {shown(value)}; write it as {v.fix}"
    for item in value:
        if not isinstance(item, str):
            return f"{v.name} must be a list of folder names in quotes, but it holds {shown(item)}; write {v.fix}"
        if not whole_content and PurePosixPath(item.strip() or ".") == PurePosixPath("."):
            return (
                f"{v.name} holds {shown(item)}, the whole content folder, which would publish every file in it as "
                f"written, drafts too; list only folders of files to copy, such as {v.fix}"
            )
        problem = _outside_content(v, item)
        if problem:
            return problem
    return None


def _outside_content(v: Value, name: str) -> str | None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or re.match(r"[A-Za-z]:", name) or ".." in path.parts:
        return (
            f"{v.name} names {shown(name)}, outside the content folder; name a folder inside content/, such as {v.fix}"
        )
    return None


def plugins(v: Value) -> str | None:
    """A list of plugin names that holds every one of LEARNLOG_PLUGINS in that order (others may be added), each
    of which Pelican can find (see _plugin_found). Source: the theme uses each plugin's filters and pages; without one,
    the build stops in a template; Pelican logs a plugin it cannot find and builds without it."""
    value = v.value
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        return f"{v.name} must be a list of plugin names, got {shown(value)}; write {v.fix}"
    missing = [name for name in LEARNLOG_PLUGINS if name not in value]
    if missing:
        listed = ", ".join(repr(name) for name in missing)
        return f"{v.name} leaves out Learnlog's {listed}, which the site needs; write {v.fix}"
    ours = [name for name in value if name in LEARNLOG_PLUGINS]
    for earlier, later in itertools.pairwise(LEARNLOG_PLUGINS):
        if ours.index(later) < ours.index(earlier):  # each one's generators run in this order
            return (
                f"{v.name} puts {later!r} before {earlier!r}, and Learnlog's plugins must run in their order (the "
                f"sitemap, by 'site_files', lists only the pages made before it); write {v.fix}"
            )
    paths = v.given.get("PLUGIN_PATHS", [])
    paths = [v.folder / path for path in paths if isinstance(path, str)] if isinstance(paths, (list, tuple)) else []
    for name in value:
        if name not in LEARNLOG_PLUGINS and not _plugin_found(name, paths):
            return (
                f"{v.name} names {shown(name)}, which is no plugin in PLUGIN_PATHS nor among the installed packages; "
                "check its name (and install it with pip), or take it out of the list"
            )
    return None


def text_list(v: Value) -> str | None:
    """A list of texts. Source: Pelican loops over PLUGIN_PATHS and joins each to the settings file's folder."""
    value = v.value
    if isinstance(value, str):
        fix = f"{v.name} = [{value!r}]" if len(value) <= 80 else v.fix
        return f"{v.name} must be a list, got the text {shown(value)}; write {fix}"
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        return f"{v.name} must be a list of folder names in quotes, got {shown(value)}; write {v.fix}"
    return None


def site_address(v: Value) -> str | None:
    """The site's full address, http(s), with a host and no '?' or '#', no character RFC 3986 allows nowhere in
    an address (NOT_IN_URL), no user name or password (they would be published), and a host in brackets (an
    IPv6 address) only when FEED_ID_AUTHORITY names the ids' authority. Source: feeds, OPML files and canonical
    links are absolute (PRODUCT.md, Feeds; RFC 4287 ids), every page's address is SITEURL + '/' + path, and a
    tag URI's authority is a domain name or an email address (RFC 4151, section 2.1; feeds/ids.py)."""
    value = v.value
    if value is None or value == "":
        return (
            f"{v.name} is empty; feeds and the OPML files need the site's full address: write {v.fix} in "
            "pelicanconf.py, and your real address, such as 'https://yourname.github.io/blog', in publishconf.py"
        )
    if not isinstance(value, str):
        return f"{v.name} must be text, such as {v.name} = 'https://example.org'"
    bad = NOT_IN_URL.search(value.strip())
    if bad:
        written = "a space" if bad[0] == " " else shown(bad[0])
        return (
            f"{v.name} {shown(value)} holds {written}, which no web address may hold (RFC 3986); write it as "
            f"{quote(bad[0])}, or copy the address from the browser's address bar"
        )
    problem = fields.web_address(v.name, value)
    if problem:
        return problem
    parts = urlsplit(value)
    host = parts.netloc.rpartition("@")[2]
    if "@" in parts.netloc:
        site = urlunsplit((parts.scheme, host, parts.path, "", "")).rstrip("/")
        return (
            f"{v.name} holds a user name or password (before '@'), which every page and feed would publish; "
            f"write the address without it: {v.name} = {site!r}"
        )
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        site = urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")).rstrip("/")
        return f"{v.name} ends with a '?…' or '#…' part, which no page address has; write '{site}'"
    if host.startswith("[") and not v.given.get("FEED_ID_AUTHORITY"):
        port = f":{parts.port}" if parts.port else ""
        return (
            f"{v.name} {shown(value)} names its host by an IP address in brackets, which the feeds' item ids "
            f"(tag:HOST,…) cannot carry; write {v.name} = '{parts.scheme.lower()}://localhost{port}', or set "
            "FEED_ID_AUTHORITY = 'example.org' (your domain)"
        )
    return None


def time_zone(v: Value) -> str | None:
    """A name of the IANA time zone database, such as Europe/London (Python's zoneinfo, with tzdata)."""
    from zoneinfo import ZoneInfo, available_timezones

    try:
        ZoneInfo(v.value)
        return None
    except (KeyError, ValueError, TypeError, OSError):  # ZoneInfoNotFoundError is a KeyError
        pass
    close = difflib.get_close_matches(str(v.value), sorted(available_timezones()), n=1)
    hint = f"did you mean '{close[0]}'?" if close else "write one such as 'Europe/London' or 'America/New_York'"
    return f"{v.name} {shown(v.value)} is not a time zone; {hint}"


def language_tag(v: Value) -> str | None:
    """A BCP 47 language tag (RFC 5646), such as en, en-GB or pt-BR, whose subtags are in the IANA registry
    (fields.language_tag). Source: it is <html lang> (HTML: a BCP 47 tag) and JSON Feed's 'language'."""

    value = v.value
    if not isinstance(value, str) or not value.strip():
        return (
            f"{v.name} must be a language code, got {shown(value)}; write the language's code, "
            f"{fields.LANGUAGE_EXAMPLES}"
        )
    if "_" in value or value != value.strip():
        written = value.strip().replace("_", "-")
        if fields.language_tag(written):
            return f"{v.name} {shown(value)} is not how a language tag is written; write {v.name} = {written!r}"
    if not fields.language_tag(value):
        return f"{v.name} {shown(value)} is not a language code; write the language's code, {fields.LANGUAGE_EXAMPLES}"
    return None


def date_format(v: Value) -> str | None:
    """strftime codes that give a date as text: codes of DATE_CODES only, and text that is not empty and differs
    between two dates. Source: Pelican's utils.strftime, which makes each post's shown date from it and stops
    the build on a format it cannot read, and Python's datetime.strftime, which shows the dates of links."""
    from pelican.utils import strftime

    value = v.value
    if not isinstance(value, str):
        return f"{v.name} must be text in quotes, got {shown(value)}; write {v.fix}"
    for flag, code in DATE_CODE.findall(value):
        if code == "%" and not flag:
            continue
        if not code:
            return f"{v.name} {shown(value)} ends with a lone '%'; write %% for a percent sign, or use a code: {v.fix}"
        if code not in DATE_CODES:
            return (
                f"{v.name} {shown(value)} has '%{flag}{code}', which is not a date code; use codes such as "
                f"%-d %B %Y (list: https://strftime.org/), as in {v.fix}"
            )
    samples = (datetime(2026, 11, 28, 9, 30), datetime(2027, 3, 5, 17, 45))
    try:
        shown_dates = [strftime(moment, value) for moment in samples] + [moment.strftime(value) for moment in samples]
    except (ValueError, UnicodeError) as error:
        return f"{v.name} {shown(value)} cannot be used ({short(str(error))}); write it as {v.fix}"
    if not shown_dates[0].strip():
        return f"{v.name} {shown(value)} gives empty text for a date; write it as {v.fix}"
    if shown_dates[0] == shown_dates[1]:
        return (
            f"{v.name} {shown(value)} gives {shown(shown_dates[0])} for every date; add codes for the day, month and "
            f"year, as in {v.fix}"
        )
    return None


def menu_links(v: Value) -> str | None:
    """A list of (text, web address) pairs: text not empty, an absolute http(s) address.
    Source: theme/templates/base.html prints each pair as <a href="address">text</a> in every page's navigation."""
    value = v.value
    if not isinstance(value, (list, tuple)):
        return f"{v.name} must be a list of (text, web address) pairs, got {shown(value)}; write {v.fix}"
    for number, pair in enumerate(value, start=1):
        if isinstance(pair, (list, tuple)) and len(pair) == 2 and isinstance(pair[1], str):
            pair = (pair[0], fields.masked_address(pair[1]))  # a password is never shown in a message
        link = f"{v.name}: link {number}, {shown(pair)},"
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            parts = f"has {len(pair)} parts" if isinstance(pair, (list, tuple)) else "is not a pair"
            return f"{link} {parts}; write each link as (text, web address), as in {v.fix}"
        words, address = pair
        if not isinstance(words, str):
            return f"{link} must start with the words people click, in quotes, as in {v.fix}"
        if not words.strip():
            return f"{link} has no text to show; write the words people click first, as in {v.fix}"
        if not isinstance(address, str):
            return f"{link} has no web address; write it second, in quotes, as in {v.fix}"
        problem = fields.public_address("address", address)  # in every page's navigation: no user name
        if problem:
            return f"{link[:-1]}: the address {problem.removeprefix(repr('address') + ' ')}"
    return None


def tag_slugs(v: Value) -> str | None:
    """A dict from tag or category name to the slug of its address: each name text, each slug already a slug
    (slugs.slugify gives it back unchanged: lowercase ASCII letters and digits joined by hyphens).
    Source: learnlog_core/slugs.py tag_slug, which the build and the commands use for every tag and category."""
    value = v.value
    if not isinstance(value, dict):
        return f"{v.name} must be a dict from a tag to its address, got {shown(value)}; write it as {v.fix}"
    for name, slug in value.items():
        if not isinstance(name, str) or not name.strip():
            return f"{v.name} has {shown(name)} where a tag's name goes; write the tag in quotes, as in {v.fix}"
        entry = f"{v.name}[{name!r}]"
        if not isinstance(slug, str):
            return f"{entry} must be the address in quotes, got {shown(slug)}; write it as {v.fix}"
        wanted = slugify(slug)
        if not wanted:
            return f"{entry} {shown(slug)} has no letters or digits; write the address in plain letters, as in {v.fix}"
        if wanted != slug:
            return (
                f"{entry} {shown(slug)} is not written as an address is (lowercase letters a to z, digits and "
                f"hyphens); write {wanted!r}"
            )
    names = [name for name in value if isinstance(name, str)]
    for later, name in enumerate(names):
        twin = next((other for other in names[:later] if same_name(other, name)), None)
        if twin is not None and value[twin] != value[name]:
            return (
                f"{v.name} gives {twin!r} and {name!r}, one tag written two ways, two addresses "
                f"({value[twin]!r} and {value[name]!r}); keep one of them"
            )
    return None


def feed_families(v: Value) -> str | None:
    """A list of names of feed families (feeds/settings.py FAMILIES); an unknown name gets the closest one.
    Source: feeds/generator.py builds a family when its name is in the list."""
    value = v.value
    known = feed_settings.FAMILIES
    if isinstance(value, str):
        fix = f"{v.name} = [{value!r}]" if value in known else v.fix
        return f"{v.name} must be a list of feed names, got the text {shown(value)}; write {fix}"
    if not isinstance(value, (list, tuple)):
        return f"{v.name} must be a list of feed names, got {shown(value)}; write {v.fix}"
    for name in value:
        if name not in known:
            return f"{v.name} has {shown(name)}, which is no feed; {_closest(name, known)}"
    return None


def feed_titles(v: Value) -> str | None:
    """A dict of feed titles by feed (the keys of TITLE_FIELDS), each text that is not empty, using only the
    {fields} its feed has. Source: feeds/generator.py fills each title in with str.format(site=…, tag=…), and
    feedgen refuses an empty title."""
    value = v.value
    if not isinstance(value, dict):
        return f"{v.name} must be a dict of titles by feed, got {shown(value)}; write it as {v.fix}"
    for key, title in value.items():
        if key not in TITLE_FIELDS:
            return f"{v.name} has a title for {shown(key)}, which is no feed; {_closest(key, TITLE_FIELDS)}"
        name = f"{v.name}[{key!r}]"
        if not isinstance(title, str):
            return f"{name} must be text in quotes, got {shown(title)}; write it as {v.fix}"
        if not title.strip():
            return f"{name} is empty, and a feed needs a title; write one such as '{{site}}: {key}'"
        try:
            used = {
                field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                for _, field, spec, conversion in string.Formatter().parse(title)
                if field is not None
            }
        except ValueError:
            return (
                f"{name} {shown(title)} has a '{{' or '}}' without its partner; write {{site}} for the site's name, "
                "or {{ and }} for a brace shown as it is"
            )
        unknown = sorted(used - TITLE_FIELDS[key])
        if unknown:
            allowed = " and ".join(f"{{{field}}}" for field in sorted(TITLE_FIELDS[key]))
            return (
                f"{name} {shown(title)} has {shown('{' + unknown[0] + '}')}, which Learnlog cannot fill in; this "
                f"title can use {allowed}, and {{{{ and }}}} for a brace shown as it is"
            )
    return None


def _closest(name: object, known) -> str:
    """'did you mean …? (the names are …)' for a name that is not one of `known`."""
    names = list(known)
    listed = ", ".join(repr(known_name) for known_name in names[:-1]) + f" and {names[-1]!r}"
    close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
    mean = f"did you mean {close[0]!r}? " if close else ""
    return f"{mean}(the names are {listed})"


def tag_authority(v: Value) -> str | None:
    """Empty (the host of SITEURL), a domain name, or an email-like name@domain: a tag URI's authorityName
    (RFC 4151, section 2.1: DNSname / emailAddress). An internationalised domain name is allowed (the ids
    carry it in A-labels, feeds/ids.py); the email form is ASCII."""
    value = v.value
    if not isinstance(value, str):
        return f"{v.name} must be text, a domain name such as 'example.org', got {shown(value)}; write {v.fix}"
    if not value:
        return None
    local, at, domain = value.rpartition("@")
    if at and EMAIL_LOCAL.fullmatch(local) and _domain_problem(domain, ascii_only=True) is None:
        return None
    if not at and _domain_problem(value) is None:
        return None
    host = _host_in(value)
    hint = f"write {v.name} = {host!r}" if host and _domain_problem(host) is None else f"write it as {v.fix}"
    return f"{v.name} {shown(value)} is not a domain name (or name@domain) an id can carry; {hint}"


def domain_name(v: Value) -> str | None:
    """Empty (none), or a bare domain name in ASCII, with two labels or more: no scheme, path or port.
    Source: GitHub Pages reads a CNAME file of one domain; host names as RFC 1123 writes them."""
    value = v.value
    if not isinstance(value, str):
        return f"{v.name} must be text, a domain such as 'blog.yourname.net' (or '' for none), got {shown(value)}"
    if not value.strip():
        return None
    written = value.strip()
    problem = _domain_problem(written, ascii_only=True, labels=2)
    if problem is None:
        return None
    host = _host_in(written) or written
    host = host if host.isascii() else _a_labels(host)
    if host and _domain_problem(host, ascii_only=True, labels=2) is None:
        fix = f"write {v.name} = {host!r}"
        if host == _a_labels(written):
            return f"{v.name} {shown(value)} is not a domain name in ASCII letters; {fix}"
        return f"{v.name} {shown(value)} must be the domain name alone, without https://, a path or a port; {fix}"
    return f"{v.name} {shown(value)} is not a bare domain name {problem}; write it as {v.fix}"


def _domain_problem(name: str, ascii_only: bool = False, labels: int = 1) -> str | None:
    """None for a domain name of at least `labels` labels (RFC 1123), else why not, in words. A name that is
    not ASCII is checked in A-labels (IDNA, as feeds/addresses.py writes it), unless `ascii_only`."""
    if not name.isascii():
        if ascii_only:
            written = _a_labels(name)
            return f"(write it in ASCII: {written!r})" if written else "(it is not ASCII)"
        name = _a_labels(name) or ""
    parts = name.split(".")
    if not name or any(not character.isalnum() and character not in "-." for character in name):
        return "(letters, digits, hyphens and dots only, such as blog.yourname.net)"
    if "" in parts:
        return "(it has two dots in a row, or a dot at its start or end)"
    if any(part.startswith("-") or part.endswith("-") for part in parts):
        return "(a part between dots may not start or end with a hyphen)"
    if len(name) > 253 or any(len(part) > 63 for part in parts):
        return "(a domain name is at most 253 characters, and each part between dots at most 63)"
    if not all(DNS_LABEL.fullmatch(part) for part in parts):
        return "(letters, digits, hyphens and dots only, such as blog.yourname.net)"
    if len(parts) < labels:
        return "(a domain name has a dot or more, such as blog.yourname.net)"
    if parts[-1].isdigit():
        return "(an IP address is not a domain name)"
    return None


def _a_labels(name: str) -> str | None:
    import idna

    try:
        return idna.encode(name, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return None


def _host_in(value: str) -> str | None:
    """The host of an address written where a bare domain belongs ('https://blog.yourname.net/x' gives
    'blog.yourname.net'), or None."""
    try:
        host = urlsplit(value if "//" in value else f"//{value}").hostname
    except ValueError:
        return None
    host = host.rstrip(".") if host else host
    return host if host and host != value else None


def git_name(v: Value, branch: bool = False) -> str | None:
    """A git remote's name, or with `branch` a branch's name, as git accepts it (git-check-ref-format(1)):
    text, not empty, no spaces; a branch has none of ~ ^ : ? * [ \\ .. @{ //, and does not start with '-' or
    end with '/', '.' or '.lock'."""
    value = v.value
    kind = "branch" if branch else "remote"
    if not isinstance(value, str) or not value.strip():
        return f"{v.name} must be the name of a git {kind}, got {shown(value)}; write {v.fix}"
    if re.search(r"\s", value) or (
        branch
        and (
            NOT_IN_BRANCH.search(value)
            or value.startswith(("-", "/", "."))
            or value.endswith(("/", ".", ".lock"))
            or value == "@"
        )
    ):
        return f"{v.name} {shown(value)} is not a name git accepts for a {kind}; write {v.fix}"
    # Names git gives special meaning, whatever their capitals (HEAD, FETCH_HEAD, ORIG_HEAD…), and a ref's
    # longer forms (refs/heads/x, heads/x, remotes/origin/x, origin/x), which would make another branch.
    if branch and (
        re.fullmatch(r"(?:[a-z]+_)?head", value, re.IGNORECASE)
        or value.startswith(("refs/", "heads/", "remotes/", "tags/", "origin/"))
    ):
        return f"{v.name} {shown(value)} must be a branch's name alone; write {v.fix}"
    return None


# GitHub's rules for the names it accepts: an account's (owner's) name is letters, digits and single hyphens, not at
# either end, at most 39 characters; a repository's is letters, digits, '.', '-' and '_', at most 100 characters.
GITHUB_OWNER = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}")
GITHUB_NAME = re.compile(r"(?!\.\.?$)[A-Za-z0-9._-]{1,100}")
# The owner and name in the ways people copy a repository's address: https://github.com/owner/name (and any page
# below it), github.com/owner/name, git@github.com:owner/name.git, owner/name.git.
GITHUB_ADDRESS = re.compile(
    r"(?:(?:(?:https?|ssh|git)://)?(?:[^@/\s]+@)?(?:www\.)?github\.com[/:])?([^/\s:]+)/([^/\s]+?)(?:\.git)?(?:[/?#].*)?",
    re.IGNORECASE,
)


def github_repository(v: Value) -> str | None:
    """Empty (no repository yet), or a GitHub repository as "owner/name" (GITHUB_OWNER and GITHUB_NAME), spaces
    around it allowed. An address of the repository (GITHUB_ADDRESS) gets the fix with its owner and name alone.
    Source: capture/plugin.py makes the addresses of GitHub's pages (the new file, the workflow) from it."""
    problem = text(v, empty=True)
    if problem:
        return problem
    written = v.value.strip()
    if not written:
        return None
    found = GITHUB_ADDRESS.fullmatch(written)
    if found and GITHUB_OWNER.fullmatch(found[1]) and GITHUB_NAME.fullmatch(found[2]):
        repository = f"{found[1]}/{found[2]}"
        if repository == written:
            return None
        return (
            f"{v.name} {shown(v.value)} must be the repository's owner and name alone; write {v.name} = {repository!r}"
        )
    return (
        f"{v.name} {shown(v.value)} is not a GitHub repository's owner and name; write them as its address on GitHub "
        f"has them (https://github.com/yourname/learning-log gives {v.fix})"
    )


def source_branch(v: Value) -> str | None:
    """A branch's name (`git_name`) that is not GITHUB_PAGES_BRANCH (default "gh-pages"), where `invoke publish`
    puts the built site: that branch holds no content folder to save a link to. Source: capture/plugin.py."""
    problem = git_name(v, branch=True)
    if problem:
        return problem
    if v.value == v.given.get("GITHUB_PAGES_BRANCH", "gh-pages"):
        return (
            f"{v.name} {shown(v.value)} is the branch invoke publish puts the built site on (GITHUB_PAGES_BRANCH); "
            f"write the branch your site's source is on, such as {v.fix}"
        )
    return None


def option_problem(option: str, value: str, branch: bool) -> str | None:
    """What is wrong with a git remote's or branch's name given on the command line (`invoke publish --remote`,
    `--branch`), by the rule of GITHUB_PAGES_REMOTE and GITHUB_PAGES_BRANCH (`git_name`), or None.
    option: its name as typed, such as "--branch"."""
    example = '"gh-pages"' if branch else '"origin"'
    message = git_name(Value(option, value, example, {}, Path()), branch=branch)
    return message and message.replace(f"write {option} = {example}", f"write {option} {example.strip(chr(34))}")


def fixed(v: Value, values: tuple, what: str) -> str | None:
    """Any of `values` (Learnlog's own: a line repeating it is harmless), else a message: Learnlog's plugins set
    this setting themselves (learnlog_core/layout.py, feeds/settings.py, link_notes/settings.py), so another
    value would be ignored. what: why Learnlog fixes it, for the message."""
    try:
        if any(v.value == value for value in values):
            return None
    except Exception:  # an odd object that cannot be compared: it is not Learnlog's value
        pass
    return f"{v.name} is set by Learnlog itself ({what}), so this line would be ignored; delete it"


def unsupported(v: Value, harmless: tuple, why: str) -> str | None:
    """One of the `harmless` values, else a message: a Pelican setting Learnlog does not support. why: the
    reason and what to do instead."""
    if any(v.value is value or (type(v.value) is type(value) and v.value == value) for value in harmless):
        return None
    return f"{v.name} {shown(v.value)}: {why}; delete this line"


# The project's own folders, and the output and cache folders, which are replaced and deleted whole.

# What happens to the output and the cache folder as a whole, for the message.
WHOLE_FOLDER = {
    "output": "building replaces the whole output folder",
    "cache": "the build writes its files there and invoke clean deletes the whole cache folder",
}
DEFAULT_FOLDER = {"output": "output", "cache": "cache"}


def project_parts(settings: Mapping[str, Any], folder: Path) -> list[tuple[str, Path]]:
    """(what, where) for each folder of the project that a build reads or writes as a whole, where
    absolute: 'the content folder' (PATH), 'the theme' (THEME), 'the plugins folder' (each of PLUGIN_PATHS),
    'the output folder' (OUTPUT_PATH) and 'the cache folder' (CACHE_PATH). settings: as a file gives them
    (missing ones take Pelican's defaults) or as load_settings gives them (already absolute). folder: the
    settings file's folder, where relative names start (as Pelican reads them). Values that are not text are
    left out (their own rules report them)."""
    found = []
    for name, what, default in (
        ("PATH", "the content folder", "."),
        ("THEME", "the theme", "theme"),
        ("OUTPUT_PATH", "the output folder", "output"),
        ("CACHE_PATH", "the cache folder", "cache"),
    ):
        value = settings.get(name, default)
        if isinstance(value, str) and value.strip():
            found.append((what, value))
    plugin_paths = settings.get("PLUGIN_PATHS", [])
    if isinstance(plugin_paths, (list, tuple)):
        found += [("the plugins folder", value) for value in plugin_paths if isinstance(value, str) and value.strip()]
    resolved = []
    for what, value in found:
        where = _resolved(folder / value)
        if where is not None:
            resolved.append((what, where))
    return resolved


def _resolved(path: Path) -> Path | None:
    """The path made absolute, with its links followed; None for a name no file can have."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a name too long, a loop of links, a NUL character
        return None


def own_folder(path: Path, kind: str, project: Path, parts: list[tuple[str, Path]]) -> str | None:
    """Why `path` cannot be the `kind` folder ("output" or "cache"), in words that follow its name ("is inside
    .git, where git keeps the project's history"), or None when it is a folder of its own: one that

    - is not the project folder (`project`, the settings file's folder) nor holds it, and is not inside .git;
    - is none of the project's `parts` (see project_parts), holds none and is inside none;
    - if it is inside the project, every folder between holds nothing else (it is not inside docs/ or tests/);
    - is not a file, and if it exists, holds only what that kind of folder holds: an output folder is empty or
      holds a site Learnlog built (BUILT_SITE, and no .git), a cache folder only the cache's files (CACHE_FILE).

    Source: building replaces the whole output folder (learnlog/build.py), and invoke clean deletes both."""
    try:
        return _own_folder(path, kind, project, parts)
    except (OSError, ValueError) as error:  # a name too long for the system, a folder one may not read
        return f"cannot be used ({getattr(error, 'strerror', None) or error})"


def _own_folder(path: Path, kind: str, project: Path, parts: list[tuple[str, Path]]) -> str | None:
    path = _resolved(path)
    if path is None:
        return "is not a folder name this computer can use"
    project = _resolved(project) or project
    if ".git" in path.parts:
        return "is inside .git, where git keeps the project's history"
    if path == project:
        return "is the project folder"
    if path in project.parents:
        return "holds the project folder"
    for what, other in parts:
        if what in (f"the {kind} folder", "the cache folder" if kind == "output" else "") or other in project.parents:
            continue  # the cache beside the output, or a folder holding the project: reported at their lines
        if path == other:
            return f"is {what}"
        if path in other.parents:
            return f"holds {what} ({other.name})"
        if other in path.parents:
            return f"is inside {what} ({other.name})"
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        return "is a file, not a folder"
    if project in path.parents:
        inside = path.relative_to(project).parts
        for depth in range(1, len(inside)):
            between = project.joinpath(*inside[:depth])
            child = inside[depth]
            if _holds_other_than(between, child):
                shown_folder = between.relative_to(project).as_posix()
                return f"is inside {shown_folder}/, a folder of the project that holds other files"
    if path.is_dir():
        names = sorted(entry.name for entry in path.iterdir())
        if kind == "output":
            if ".git" in names:
                return "holds .git, a git history"
            if names and not all((path / name).is_file() for name in BUILT_SITE):
                return (
                    f"holds files that are not a site Learnlog built (such as {shown(names[0])}: a built site has "
                    "index.html, sitemap.xml and robots.txt)"
                )
        else:
            foreign = [name for name in names if not _cache_entry(path / name)]
            if foreign:
                return f"holds files that are not the build's cache (such as {shown(foreign[0])})"
    return None


def _holds_other_than(folder: Path, child: str) -> bool:
    """True when `folder` is a folder holding more than `child` and the build's working folders beside it."""
    working = WORKING_FOLDER.format(name=f".{child}")
    try:
        return any(entry.name != child and not entry.name.startswith(working) for entry in folder.iterdir())
    except OSError:  # not there yet (or not a folder: `own_folder` says so)
        return False


def _cache_entry(path: Path) -> bool:
    """True for a file the cache writes (CACHE_FILE), or the templates/ folder of compiled templates that
    earlier versions kept there (OLD_TEMPLATE_CACHE)."""
    if path.is_symlink():
        return False
    if path.is_file():
        return CACHE_FILE.fullmatch(path.name) is not None
    if path.name == "templates" and path.is_dir():
        return all(OLD_TEMPLATE_CACHE.fullmatch(entry.name) and entry.is_file() for entry in path.iterdir())
    return False


def folder_problem(settings: Mapping[str, Any], project: Path, kind: str, path: Path | None = None) -> str | None:
    """The message for an output or cache folder that is not a folder of its own (see own_folder), naming the
    folder, what is wrong and the fix, or None. settings: as load_settings gives them. project: the settings
    file's folder. kind: "output" or "cache". path: the folder (default: OUTPUT_PATH or CACHE_PATH). Used by
    the build (learnlog/build.py) and by `invoke clean`, which deletes neither folder when this says no."""
    name = "OUTPUT_PATH" if kind == "output" else "CACHE_PATH"
    where = Path(path if path is not None else project / str(settings.get(name, DEFAULT_FOLDER[kind])))
    why = own_folder(where, kind, project, project_parts(settings, project))
    if why is None:
        return None
    resolved, top = _resolved(where), _resolved(project)
    if resolved is not None and top is not None and top in resolved.parents:
        where = resolved.relative_to(top)  # as the author sees it, from the project folder
    return (
        f"the {kind} folder {shown(where.as_posix())} {why}; {WHOLE_FOLDER[kind]}, so choose a folder of its own, "
        f"such as {DEFAULT_FOLDER[kind]}"
    )


def folder_of_its_own(v: Value, kind: str) -> str | None:
    """A folder's name (see `folder`) for the output or cache folder (kind "output" or "cache"), which is a
    folder of its own (see own_folder)."""
    problem = folder(v)
    if problem:
        return problem
    where = v.folder / v.value
    why = own_folder(where, kind, v.folder, project_parts(v.given, v.folder))
    if why is None:
        return None
    return f"{v.name} {shown(v.value)} {why}; {WHOLE_FOLDER[kind]}, so choose a folder of its own, such as {v.fix}"


def theme(v: Value) -> str | None:
    """A folder that exists (see existing_folder) and holds the templates Learnlog's pages need
    (THEME_TEMPLATES, in templates/). Source: Pelican stops with a bare 'TemplateNotFound' otherwise."""
    problem = existing_folder(v)
    if problem:
        return problem
    templates = v.folder / v.value / "templates"
    missing = [name for name in THEME_TEMPLATES if not (templates / f"{name}.html").is_file()]
    if missing:
        return (
            f"{v.name} {shown(v.value)} is not a theme Learnlog can build with: it has no templates/{missing[0]}.html"
            f"{f' (and {len(missing) - 1} more of the templates Learnlog needs)' if len(missing) > 1 else ''}; "
            f"write {v.fix}, the theme Learnlog comes with, or a copy of it"
        )
    return None


def _plugin_found(name: str, paths: list[Path]) -> bool:
    """True when Pelican could import the plugin `name`: from one of `paths` (PLUGIN_PATHS), from the installed
    packages, or as pelican.plugins.NAME (pelican-plugins' packages). Only the first part of a dotted name is
    looked for: finding the rest would run the package's code."""
    top = name.split(".")[0]
    if not top.isidentifier():
        return False
    try:
        return (
            importlib.machinery.PathFinder.find_spec(top, [str(path) for path in paths]) is not None
            or importlib.util.find_spec(top) is not None
            or importlib.util.find_spec(f"pelican.plugins.{top}") is not None
        )
    except (ImportError, ValueError):
        return False


# Folders (or files) inside the content folder that settings name, by setting, with what they hold and
# Pelican's (or Learnlog's) default for a file that does not give them.
CONTENT_FOLDERS = {
    "ARTICLE_PATHS": ("the posts", [""]),
    "PAGE_PATHS": ("the pages", ["pages"]),
    "STATIC_PATHS": ("files copied into the site as they are", ["images"]),
    "LINKS_PATH": ("the link notes", link_settings.DEFAULTS["LINKS_PATH"]),
    "BLOGROLL_FILE": ("the blogroll", link_settings.DEFAULTS["BLOGROLL_FILE"]),
    "EXTRA_PATH": ("files copied to the top of the site as they are", "extra"),
    "READING_FILE": ("the reading list's snapshot", reading_settings.DEFAULTS["READING_FILE"]),
    "LINK_CHECKS_FILE": ("the results of invoke check-links", link_settings.DEFAULTS["LINK_CHECKS_FILE"]),
}
# Why two of them may not overlap, by the setting checked.
OVERLAP_HARM = {
    "STATIC_PATHS": "its files would be copied into the site as they are (link notes and drafts too)",
    "ARTICLE_PATHS": "a file would be read twice, or as the wrong kind",
    "PAGE_PATHS": "a file would be read twice, or as the wrong kind",
    "LINKS_PATH": "a file would be read twice, or as the wrong kind",
    "BLOGROLL_FILE": "it would be copied into the site as it is",
    "EXTRA_PATH": "its files would be left out of the posts and pages, and copied to the top of the site as they are",
    "READING_FILE": "it would be copied into the site as it is, or read as a post",
    "LINK_CHECKS_FILE": "it would be copied into the site as it is, or read as a post or as link notes",
}


def _content_parts(name: str) -> tuple[str, ...]:
    """A name inside the content folder as its parts ('images/x/' gives ('images', 'x'); '' and '.' give ())."""
    return tuple(part for part in PurePosixPath(name.replace("\\", "/").strip()).parts if part not in (".", ""))


def _names_of(value: object) -> list[str]:
    """The names a *_PATHS list or a LINKS_PATH text gives (anything else: none; its own rule reports it)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str)]
    return []


def apart(v: Value, always: tuple[str, ...] = (), unless_given: tuple[str, ...] = ()) -> str | None:
    """None when no folder this setting names overlaps (is, holds or is inside) one the settings `always` name,
    nor one of `unless_given` when the file leaves that one to its default (a file giving both hears of it
    at the other one's line). The whole content folder ('') overlaps nothing: it is Pelican's default for posts,
    which leaves out the pages' folders. STATIC_PATHS also may not name an address of the site's own (see
    SITE_ADDRESSES): the copy would replace the site's page or feed. Source: Pelican reads each folder for
    each setting naming it, and copies STATIC_PATHS as they are (STATIC_SAVE_AS '{path}')."""
    mine = _names_of(v.value)
    others = [name for name in always] + [name for name in unless_given if name not in v.given]
    for other in others:
        what, default = CONTENT_FOLDERS[other]
        for theirs in _names_of(v.given.get(other, default)):
            for item in mine:
                a, b = _content_parts(item), _content_parts(theirs)
                if a and b and (a[: len(b)] == b or b[: len(a)] == a):
                    relation = "is" if a == b else "is inside" if len(a) > len(b) else "holds"
                    return (
                        f"{v.name} holds {shown(item)}, which {relation} {other} {shown(theirs)} ({what}): "
                        f"{OVERLAP_HARM[v.name]}; give each a folder of its own, such as {v.fix}"
                    )
    if v.name == "STATIC_PATHS":
        for item in mine:
            parts = _content_parts(item)
            if parts and parts[0] in SITE_ADDRESSES:
                return (
                    f"{v.name} holds {shown(item)}, which would be copied to /{'/'.join(parts)}, among the site's "
                    f"own {SITE_ADDRESSES[parts[0]]} at /{parts[0]}, and could replace them: give the folder another "
                    f"name, such as {v.fix}"
                )
    return None


def content_folders(v: Value, whole_content: bool = True, **overlaps) -> str | None:
    """A list of folders inside the content folder (see `folders`) that overlap no other (see `apart`)."""
    return folders(v, whole_content) or apart(v, **overlaps)


def content_folder(v: Value, **overlaps) -> str | None:
    """A folder (or file) inside the content folder (see `folder`) that overlaps no other (see `apart`)."""
    return folder(v, inside_content=True) or apart(v, **overlaps)


def extra_folder(v: Value, **overlaps) -> str | None:
    """A folder inside the content folder, not the content folder itself (see `content_folder`): its files are
    copied to the top of the site as they are, and never read as posts or pages (site_files/extra.py)."""
    problem = content_folder(v, **overlaps)
    if problem is None and not _content_parts(v.value):
        whole = "names the whole content folder, which would publish every file in it as written"
        return f"{v.name} {whole}; write {v.fix}"
    return problem


def _site_addresses() -> dict[str, str]:
    """The first part of every address the site has of its own (the fixed addresses of LAYOUT's *_URL and
    *_SAVE_AS, SITE_FILES), with what is there, in words."""
    found = {name: "files" for name in SITE_FILES}
    for layout in PLUGIN_LAYOUTS:
        for name, value in layout.items():
            if isinstance(value, str) and value and name.endswith(("_URL", "_SAVE_AS", "_OPML", "_WELL_KNOWN")):
                first = value.split("/")[0]
                if first and "{" not in first:
                    found.setdefault(first, "pages" if "/" in value else "file")
    found["feeds"] = "feeds"
    return found


SITE_ADDRESSES = _site_addresses()


def date_formats(v: Value) -> str | None:
    """A dict of date formats by language (DEFAULT_LANG's form, such as 'fr'), each text that `date_format`
    accepts. Source: Pelican shows the dates of a post in another language (Lang:) with DATE_FORMATS[lang]; its
    (locale, format) pairs change the locale of the whole build, which Learnlog does not support."""
    value = v.value
    example = f"{v.name} = {{'fr': '%-d %B %Y'}}"
    if not isinstance(value, dict):
        return f"{v.name} must be a dict of date formats by language, got {shown(value)}; write it as {example}"
    for key, each in value.items():
        if not isinstance(key, str) or not fields.language_tag(key):
            return f"{v.name} has {shown(key)}, which is not a language code; write it as {example}"
        if not isinstance(each, str):
            return f"{v.name}[{key!r}] must be one date format in quotes, got {shown(each)}; write it as {example}"
        problem = date_format(Value(v.name, each, f"{{{key!r}: '%-d %B %Y'}}", v.given, v.folder))
        if problem:
            return problem
    return None


RULES: dict[str, Rule] = {
    # About you and your site (README, Settings).
    "AUTHOR": Rule(partial(text, why=" (feeds and every page name the author)", names=True), '"Sam Rivera"', True),
    "SITENAME": Rule(partial(text, why=" (it is the title of every page and feed)"), '"Learning in Public"'),
    "SITE_DESCRIPTION": Rule(partial(text, empty=True), '"What a teacher learns each week."'),
    "SITEURL": Rule(site_address, '"http://localhost:8000"', required=True),
    "TIMEZONE": Rule(time_zone, '"Europe/London"', required=True),
    "DEFAULT_LANG": Rule(language_tag, '"en"'),
    "DEFAULT_DATE_FORMAT": Rule(date_format, '"%-d %B %Y"'),
    "DATE_FORMATS": Rule(date_formats, "{}"),
    # Where things are.
    "PATH": Rule(existing_folder, '"content"'),
    "ARTICLE_PATHS": Rule(
        partial(content_folders, always=("PAGE_PATHS",), unless_given=("STATIC_PATHS", "LINKS_PATH", "EXTRA_PATH")),
        '["posts"]',
    ),
    "PAGE_PATHS": Rule(
        partial(content_folders, unless_given=("ARTICLE_PATHS", "STATIC_PATHS", "LINKS_PATH", "EXTRA_PATH")),
        '["pages"]',
    ),
    "STATIC_PATHS": Rule(
        partial(
            content_folders,
            whole_content=False,
            always=("ARTICLE_PATHS", "PAGE_PATHS", "LINKS_PATH", "BLOGROLL_FILE", "READING_FILE", "LINK_CHECKS_FILE"),
            unless_given=("EXTRA_PATH",),
        ),
        '["images"]',
    ),
    "OUTPUT_PATH": Rule(partial(folder_of_its_own, kind="output"), '"output"'),
    "THEME": Rule(theme, '"theme"'),
    "CACHE_PATH": Rule(partial(folder_of_its_own, kind="cache"), '"cache"'),
    "PLUGIN_PATHS": Rule(text_list, '["plugins"]'),
    "PLUGINS": Rule(plugins, repr(list(LEARNLOG_PLUGINS)).replace("'", '"'), required=True),
    # Pages.
    "RELATIVE_URLS": Rule(true_or_false, "True"),
    "DEFAULT_PAGINATION": Rule(partial(whole_number, allow_false=True), "10"),
    "MENU_LINKS": Rule(menu_links, '[("Newsletter", "https://example.org/news")]'),
    "TAG_SLUGS": Rule(tag_slugs, '{"学び": "manabi"}'),
    # The link log (link_notes/settings.py) and the limits of posts (learnlog_core/limits.py).
    "LINKS_PATH": Rule(
        partial(content_folder, always=("ARTICLE_PATHS", "PAGE_PATHS"), unless_given=("STATIC_PATHS", "EXTRA_PATH")),
        '"links"',
    ),
    "BLOGROLL_FILE": Rule(partial(content_folder, unless_given=("STATIC_PATHS", "EXTRA_PATH")), '"blogroll.yaml"'),
    # The reading list (reading/settings.py): the snapshot `invoke fetch-reading` writes and /reading/ shows.
    "READING_FILE": Rule(
        partial(
            content_folder,
            always=("ARTICLE_PATHS", "PAGE_PATHS", "LINKS_PATH", "BLOGROLL_FILE"),
            unless_given=("STATIC_PATHS", "EXTRA_PATH"),
        ),
        '"reading.json"',
    ),
    "READING_ITEMS": Rule(partial(whole_number, maximum=100), "5"),
    # Seconds: the deadline runs on a clock of its own (learnlog/web.py); an hour is far beyond any fetch.
    "READING_TIMEOUT": Rule(partial(whole_number, maximum=3_600), "30"),
    "READING_FEED_TIMEOUT": Rule(partial(whole_number, maximum=3_600), "10"),
    "READING_MAX_BYTES": Rule(partial(whole_number, minimum=1_000), "5000000"),
    "READING_REFRESH": Rule(true_or_false, "True"),
    # Files for the top of the site, as they are (site_files/extra.py).
    "EXTRA_PATH": Rule(
        partial(
            extra_folder,
            always=(
                "ARTICLE_PATHS",
                "PAGE_PATHS",
                "STATIC_PATHS",
                "LINKS_PATH",
                "BLOGROLL_FILE",
                "READING_FILE",
                "LINK_CHECKS_FILE",
            ),
        ),
        '"extra"',
    ),
    "LINKS_MAX_FILE_BYTES": Rule(whole_number, "1000000"),
    # `invoke check-links` (learnlog/check_links.py): the file of its results, and its time limits in seconds (a
    # day for the whole run is far beyond any link log; the deadline runs on a clock of its own, learnlog/web.py).
    "LINK_CHECKS_FILE": Rule(
        partial(
            content_folder,
            always=("ARTICLE_PATHS", "PAGE_PATHS", "LINKS_PATH", "BLOGROLL_FILE", "READING_FILE"),
            unless_given=("STATIC_PATHS", "EXTRA_PATH"),
        ),
        '"link-checks.yaml"',
    ),
    "LINK_CHECK_TIMEOUT": Rule(partial(whole_number, maximum=86_400), "600"),
    "LINK_CHECK_REQUEST_TIMEOUT": Rule(partial(whole_number, maximum=3_600), "15"),
    "LINK_WEEKS_PER_PAGE": Rule(whole_number, "10"),
    "LINK_WEEK_TOP_TAGS": Rule(whole_number, "5"),
    "MARKDOWN_MAX_FILE_BYTES": Rule(whole_number, "1000000"),
    # The time limit is a Unix interval timer, which takes at most about 10**9 seconds; a day is plenty.
    "MARKDOWN_MAX_SECONDS": Rule(partial(whole_number, maximum=86_400), "30"),
    # Feeds (feeds/settings.py).
    "FEED_FAMILIES": Rule(feed_families, '["all", "posts", "links", "weekly", "tags"]'),
    "FEED_ITEMS": Rule(whole_number, "30"),
    "FEED_WEEKLY_ITEMS": Rule(whole_number, "12"),
    "FEED_TITLES": Rule(feed_titles, '{"posts": "{site}: posts"}'),
    "FEED_ID_AUTHORITY": Rule(tag_authority, '"example.org"'),
    # Publishing (publishconf.py; learnlog/publish.py).
    "GITHUB_PAGES_REMOTE": Rule(git_name, '"origin"'),
    "GITHUB_PAGES_BRANCH": Rule(partial(git_name, branch=True), '"gh-pages"'),
    "GITHUB_PAGES_CNAME": Rule(domain_name, '"blog.yourname.net"'),
    # The capture page, /save/ (capture/settings.py): the bookmarklet saves links to this repository and branch.
    "GITHUB_REPOSITORY": Rule(github_repository, '"yourname/learning-log"'),
    "GITHUB_BRANCH": Rule(source_branch, '"main"'),
    # Pelican settings Learnlog does not support.
    "TYPOGRIFY": Rule(
        partial(
            unsupported,
            harmless=(False,),
            why="Learnlog does not use Typogrify (its Markdown already makes quotes and dashes typographic)",
        ),
        "False",
    ),
    "WRITE_SELECTED": Rule(
        partial(unsupported, harmless=([], ()), why="Learnlog builds and replaces the whole site every time"),
        "[]",
    ),
    "STATIC_CREATE_LINKS": Rule(
        partial(
            unsupported,
            harmless=(False,),
            why="Learnlog copies files into the site (a published site cannot hold links to your computer's files)",
        ),
        "False",
    ),
}


def _why_fixed(name: str) -> str:
    """Why Learnlog fixes a setting of its LAYOUT dicts, in words for the message."""
    if name.startswith(("FEED_", "CATEGORY_FEED", "TAG_FEED", "AUTHOR_FEED", "TRANSLATION_FEED")):
        return "it makes its own feeds; choose them with FEED_FAMILIES"
    if name.endswith(("_URL", "_SAVE_AS", "_OPML", "_WELL_KNOWN")) or "PAGINAT" in name or name == "DIRECT_TEMPLATES":
        return "the addresses of pages are fixed, so that links to your site keep working"
    if name in ("READERS", "MARKDOWN"):
        return "posts and pages are Markdown, read and checked by Learnlog's own reader"
    if name in ("CACHE_CONTENT", "LOAD_CONTENT_CACHE"):
        return "it keeps caches of its own, in CACHE_PATH"
    return "the site's layout depends on it"


def _fixed_rules() -> dict[str, Rule]:
    """A rule for each setting the plugins set over the author's value (their LAYOUT dicts: learnlog_core, feeds,
    link_notes, capture, reading)."""
    values: dict[str, list] = {}
    for layout in PLUGIN_LAYOUTS:
        for name, value in layout.items():
            values.setdefault(name, []).append(value)
    return {
        name: Rule(partial(fixed, values=tuple(found), what=_why_fixed(name)), repr(found[0]))
        for name, found in values.items()
    }


RULES.update({name: rule for name, rule in _fixed_rules().items() if name not in RULES})

# Pelican settings that would write outside the site's fixed addresses, read files from elsewhere, change the
# templates or how the output folder is written, or that Learnlog does the work of itself: each with the
# values that change nothing (Pelican's defaults, which Learnlog uses), and why, for the message.
_ADDRESSES = "the addresses of pages are fixed, so that links to your site keep working"
_TEMPLATES = "Learnlog's pages come from its theme's templates, which it sets up itself (escaping every value)"
_FEEDS = "Learnlog makes its own feeds: choose them with FEED_FAMILIES, and their length with FEED_ITEMS"
_SLUGS = "Learnlog makes every address's slug itself, the same way for posts, pages and tags"
_OUTPUT = "Learnlog writes the output folder itself, replacing it whole once a build has no problem"
_OLD_NAME = "it is Pelican's old name for {new} (write that instead)"
UNSUPPORTED: dict[str, tuple[tuple, str]] = {
    "EXTRA_PATH_METADATA": (({},), f"it changes where files are written, but {_ADDRESSES}"),
    "PATH_METADATA": (("",), f"it changes where files are written, but {_ADDRESSES}"),
    "ARTICLE_PERMALINK_STRUCTURE": (("",), _ADDRESSES),
    "CLEAN_URLS": ((False,), _ADDRESSES),
    "PAGINATED_DIRECT_TEMPLATES": (([], ()), _ADDRESSES),
    "TEMPLATE_PAGES": (({},), f"it turns files into pages at addresses of their own; {_TEMPLATES}"),
    "THEME_STATIC_DIR": (("theme",), "the theme's pages find its files at /theme/"),
    "THEME_STATIC_PATHS": ((["static"], ("static",)), "the theme's files are in its own static/ folder"),
    "THEME_TEMPLATES_OVERRIDES": (([], ()), f"templates come from the theme (THEME) alone; {_TEMPLATES}"),
    "EXTRA_TEMPLATES_PATHS": (([], ()), f"templates come from the theme (THEME) alone; {_TEMPLATES}"),
    "TEMPLATE_EXTENSIONS": (([".html"], (".html",)), _TEMPLATES),
    "JINJA_ENVIRONMENT": ((copy.deepcopy(DEFAULT_CONFIG["JINJA_ENVIRONMENT"]),), _TEMPLATES),
    "JINJA_EXTENSIONS": (([], ()), _TEMPLATES),
    "JINJA_FILTERS": (({},), _TEMPLATES),
    "JINJA_GLOBALS": (({},), _TEMPLATES),
    "JINJA_TESTS": (({},), _TEMPLATES),
    "OUTPUT_SOURCES": ((False,), "it would copy every post's Markdown into the site, drafts too"),
    "OUTPUT_SOURCES_EXTENSION": ((".text",), "it goes with OUTPUT_SOURCES, which Learnlog does not support"),
    "DELETE_OUTPUT_DIRECTORY": ((False,), _OUTPUT),
    "OUTPUT_RETENTION": (([], ()), _OUTPUT),
    "STATIC_EXCLUDE_SOURCES": ((True,), "it would copy posts' Markdown into the site, drafts too"),
    "DEFAULT_METADATA": (({},), "each post gives its own fields (Title, Date, Tags…), which Learnlog checks"),
    "FILES_TO_COPY": ((), "Pelican no longer reads it; put files to copy in a folder named in STATIC_PATHS"),
    "PELICAN_CLASS": (("pelican.Pelican",), "Learnlog runs Pelican itself"),
    "SLUGIFY_PRESERVE_CASE": ((False,), _SLUGS),
    "SLUGIFY_USE_UNICODE": ((False,), _SLUGS),
    "MD_EXTENSIONS": ((), "posts are Markdown, read and checked by Learnlog's own reader"),
    "FEED_MAX_ITEMS": ((DEFAULT_CONFIG["FEED_MAX_ITEMS"],), _FEEDS),
    "FEED_APPEND_REF": ((False,), _FEEDS),
    "RSS_FEED_SUMMARY_ONLY": ((True,), _FEEDS),
    "FEED_DOMAIN": ((), _FEEDS),
    "PLUGIN_PATH": ((), _OLD_NAME.format(new="PLUGIN_PATHS")),
    "ARTICLE_DIR": ((), _OLD_NAME.format(new="ARTICLE_PATHS")),
    "PAGE_DIR": ((), _OLD_NAME.format(new="PAGE_PATHS")),
}
for _kind in ("SLUG", "CATEGORY", "TAG", "AUTHOR"):
    UNSUPPORTED[f"{_kind}_REGEX_SUBSTITUTIONS"] = ((copy.deepcopy(DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]),), _SLUGS)
    UNSUPPORTED[f"{_kind}_SUBSTITUTIONS"] = ((), _SLUGS)
for _old in ("FEED", "TAG_FEED", "CATEGORY_FEED", "TRANSLATION_FEED"):  # Pelican's old names for *_FEED_ATOM
    UNSUPPORTED[_old] = ((None, False, ""), _FEEDS)
# Pelican's other addresses (INDEX_SAVE_AS, STATIC_URL, AUTHOR_URL…): Learnlog uses Pelican's own.
for _name, _value in DEFAULT_CONFIG.items():
    if _name.endswith(("_URL", "_SAVE_AS")) and _name not in RULES:
        UNSUPPORTED.setdefault(_name, ((_value,), _ADDRESSES))
RULES.update(
    {
        name: Rule(partial(unsupported, harmless=harmless, why=why), repr(harmless[0]) if harmless else "")
        for name, (harmless, why) in UNSUPPORTED.items()
        if name not in RULES
    }
)


def problems(given: Mapping[str, Any], settings_folder: Path, skip: Collection[str] = ()) -> list[tuple[str, str]]:
    """Every mistake in the settings a file gives, as (setting name, message), in the order of RULES.

    given: the settings as the file gives them (Pelican's get_settings_from_file: UPPERCASE names only).
    settings_folder: the settings file's folder. skip: names not to check (already reported for another reason).
    """
    found = []
    for name, rule in RULES.items():
        if name in skip:
            continue
        if name not in given:
            if rule.required:
                found.append((name, f"{name} is not set; add a line {name} = {rule.example}"))
            continue
        try:
            message = rule.check(Value(name, given[name], rule.example, given, settings_folder))
        except RecursionError:  # a list that holds itself
            message = f"{name} holds itself; write it as {name} = {rule.example}"
        if message:  # a message quoting a long value keeps its start (what is wrong) and its end (the fix)
            found.append((name, printable(short(message, MESSAGE_LIMIT))))
    return found


def misspelt(given: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, warning) for each setting a file gives that neither Pelican nor Learnlog knows but that is
    close to one they know, such as FEED_ITEM for FEED_ITEMS: it would be ignored without a word. Names
    close to none are left alone: they may be a plugin's own. given: as for `problems`."""
    known = {*DEFAULT_CONFIG, *RULES}
    found = []
    for name in sorted(given):
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.8) if name not in known else []
        if close:
            found.append((name, f"unknown setting {name} is ignored; did you mean {close[0]}?"))
    return found


def normalised(given: Mapping[str, Any]) -> dict[str, Any]:
    """The settings Learnlog writes differently from the author, for a file with no mistakes: SITEURL with its
    scheme and host in lowercase (they are case-insensitive, RFC 3986 section 6.2.2.1; the path is not) and
    without a slash at the end (pages add '/' and their path)."""
    siteurl = given.get("SITEURL")
    if not isinstance(siteurl, str) or not siteurl:
        return {}
    parts = urlsplit(siteurl)
    userinfo, at, host = parts.netloc.rpartition("@")
    netloc = userinfo + at + host.lower()
    return {"SITEURL": urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/"), "", ""))}


# The sample's publishconf.py holds this address until the author writes theirs.
SAMPLE_SITE_HOST = "example.github.io"
# Names that never lead to a published site. RFC 2606: example.com, example.net, example.org and the
# top-level names example, test, invalid and localhost; RFC 6761 section 6: localhost and its subdomains.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_TOP_LEVEL = ("example", "test", "invalid", "localhost")


def disagreeing(given: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, warning) for settings that are each right but do not fit together: a GITHUB_PAGES_CNAME that is
    not SITEURL's host. GitHub Pages serves the site at the CNAME's domain (and sends visitors of the
    github.io address there), so the pages' and feeds' links made from SITEURL would lead elsewhere.
    given: as for `problems`, a file with no mistakes."""
    cname, siteurl = given.get("GITHUB_PAGES_CNAME"), given.get("SITEURL")
    if not isinstance(cname, str) or not cname.strip() or not isinstance(siteurl, str):
        return []
    domain = cname.strip().lower()
    domain = domain if domain.isascii() else (_a_labels(domain) or domain)
    host = _site_host(siteurl)
    if host is None or host == domain:
        return []
    return [
        (
            "GITHUB_PAGES_CNAME",
            f"GITHUB_PAGES_CNAME {shown(cname)} is not the host of SITEURL {shown(siteurl)}; GitHub Pages will "
            f"serve the site at {domain}, so links and feeds made from SITEURL would lead elsewhere: write "
            f"SITEURL = 'https://{domain}', or change GITHUB_PAGES_CNAME",
        )
    ]


def unpublishable(given: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, problem) for each address in publishing settings that cannot be the published site's: SITEURL
    still the sample's placeholder, or on this computer or network (see `_local`), or under a name reserved for
    examples (RFC 2606, RFC 6761); a GITHUB_PAGES_CNAME that is one of these, or not a name DNS can hold
    (an A-label IDNA cannot read, such as xn--zz.net). given: as for `problems`, a file with no mistakes.
    Used by `invoke publish`, and by `invoke check` of publishconf.py."""
    found = []
    siteurl = given.get("SITEURL")
    host = _site_host(siteurl) if isinstance(siteurl, str) else None
    fix = "write the address your site will have, such as SITEURL = 'https://yourname.github.io/your-repository'"
    if host == SAMPLE_SITE_HOST:
        found.append(("SITEURL", f"SITEURL {shown(siteurl)} is the sample's placeholder; {fix}"))
    elif host is not None and _local(host):
        found.append(("SITEURL", f"SITEURL {shown(siteurl)} is an address on your own computer or network; {fix}"))
    elif host is not None and _reserved(host):
        found.append(("SITEURL", f"SITEURL {shown(siteurl)} is an example address, reserved for examples; {fix}"))
    cname = given.get("GITHUB_PAGES_CNAME")
    domain = cname.strip().lower().rstrip(".") if isinstance(cname, str) else ""
    own = "write your own domain, or GITHUB_PAGES_CNAME = '' for none"
    if not domain:
        return found
    if domain == SAMPLE_SITE_HOST or _reserved(domain):
        found.append(
            ("GITHUB_PAGES_CNAME", f"GITHUB_PAGES_CNAME {shown(cname)} is a name reserved for examples; {own}")
        )
    elif _local(domain):
        found.append(("GITHUB_PAGES_CNAME", f"GITHUB_PAGES_CNAME {shown(cname)} is a name on your own network; {own}"))
    elif _a_labels(domain) is None:
        found.append(
            ("GITHUB_PAGES_CNAME", f"GITHUB_PAGES_CNAME {shown(cname)} is not a name DNS can hold (its xn-- part "
             "is no international name); copy the domain from your domain registrar")
        )  # fmt: skip
    return found


# Names that only lead somewhere on the author's own computer or network: RFC 6761 (localhost), RFC 6762
# (.local, for multicast DNS), RFC 8375 (home.arpa), ICANN's .internal (2024), and the names routers use.
LOCAL_NAMES = ("localhost", "local", "home.arpa", "internal", "localdomain", "lan", "intranet")


def _local(host: str) -> bool:
    """True for a host (lowercase, in A-labels) on the author's own computer or network: a name of LOCAL_NAMES
    or under one, or an IP address that is not global (loopback, private, link-local), written any way an
    address bar reads one (127.0.0.1, 127.1, 2130706433, 0x7f000001, [::1])."""
    import ipaddress
    import socket

    if any(host == name or host.endswith("." + name) for name in LOCAL_NAMES):
        return True
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        pass
    try:  # IPv4 in the older forms browsers still read (inet_aton(3)): 127.1, 2130706433, 0x7f000001, 0
        return not ipaddress.IPv4Address(socket.inet_aton(host)).is_global
    except OSError:
        return False


def _site_host(siteurl: str) -> str | None:
    """SITEURL's host in lowercase, in A-labels, without a final dot; None when it has none."""
    try:
        host = urlsplit(siteurl.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = unquote(host).lower().rstrip(".")  # exa%6dple.org is example.org (WHATWG URL: hosts are decoded)
    return host if host.isascii() else (_a_labels(host) or host)


def _reserved(domain: str) -> bool:
    """True for a domain name under one reserved for examples and tests (RFC 2606, RFC 6761)."""
    domain = domain.rstrip(".")
    return domain.rpartition(".")[2] in RESERVED_TOP_LEVEL or any(
        domain == name or domain.endswith("." + name) for name in RESERVED_DOMAINS
    )
