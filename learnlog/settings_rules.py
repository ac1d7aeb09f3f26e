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

import difflib
import re
import reprlib
import string
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from feeds import settings as feed_settings
from learnlog_core import fields
from learnlog_core.layout import LAYOUT
from link_notes import settings as link_settings

# Learnlog's own plugins, all of which the theme needs (its filters, its pages, its feeds).
LEARNLOG_PLUGINS = ("learnlog_core", "posts", "link_notes", "feeds", "site_files")
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

_shown = reprlib.Repr()
_shown.maxstring = _shown.maxother = 80
_shown.maxlist = _shown.maxtuple = _shown.maxdict = _shown.maxset = 4
_shown.maxlevel = 3


def shown(value: object) -> str:
    """A value as Python writes it (text in quotes, invisible characters as escapes such as \\x07), cut short
    when long: safe to print in a message."""
    return _shown.repr(value)


# Characters a terminal acts on, line breaks and direction controls (they would reorder the rest of the line).
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


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
        fix = f"{v.name} = {one!r}" if one is not None else v.fix
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
        return f"{v.name} must be a list of folder names, got the text {shown(value)}; write {v.name} = [{value!r}]"
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
    """A list of plugin names that holds every one of LEARNLOG_PLUGINS (others may be added). Source: the theme
    uses each plugin's filters and pages; without one, the build stops in a template."""
    value = v.value
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        return f"{v.name} must be a list of plugin names, got {shown(value)}; write {v.fix}"
    missing = [name for name in LEARNLOG_PLUGINS if name not in value]
    if missing:
        listed = ", ".join(repr(name) for name in missing)
        return f"{v.name} leaves out Learnlog's {listed}, which the site needs; write {v.fix}"
    return None


def text_list(v: Value) -> str | None:
    """A list of texts. Source: Pelican loops over PLUGIN_PATHS and joins each to the settings file's folder."""
    value = v.value
    if isinstance(value, str):
        return f"{v.name} must be a list, got the text {shown(value)}; write {v.name} = [{value!r}]"
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        return f"{v.name} must be a list of folder names in quotes, got {shown(value)}; write {v.fix}"
    return None


def site_address(v: Value) -> str | None:
    """The site's full address, http(s), with a host and no '?' or '#'. Source: feeds, OPML files and canonical
    links are absolute (PRODUCT.md, Feeds; RFC 4287 ids), and every page's address is SITEURL + '/' + path."""
    value = v.value
    if value is None or value == "":
        return (
            f"{v.name} is empty; feeds and the OPML files need the site's full address: write {v.fix} in "
            "pelicanconf.py, and your real address, such as 'https://yourname.github.io/blog', in publishconf.py"
        )
    if not isinstance(value, str):
        return f"{v.name} must be text, such as {v.name} = 'https://example.org'"
    problem = fields.web_address(v.name, value)
    if problem:
        return problem
    parts = urlsplit(value)
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        site = urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")).rstrip("/")
        return f"{v.name} ends with a '?…' or '#…' part, which no page address has; write '{site}'"
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
        return f"{v.name} {shown(value)} cannot be used ({error}); write it as {v.fix}"
    if not shown_dates[0].strip():
        return f"{v.name} {shown(value)} gives empty text for a date; write it as {v.fix}"
    if shown_dates[0] == shown_dates[1]:
        return (
            f"{v.name} {shown(value)} gives {shown_dates[0]!r} for every date; add codes for the day, month and "
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
        problem = fields.web_address("address", address)
        if problem:
            return f"{link[:-1]}: the address {problem.removeprefix(repr('address') + ' ')}"
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
        return f"{v.name} must be text, a domain such as 'blog.example.org' (or '' for none), got {shown(value)}"
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
    if not name or len(name) > 253 or not all(DNS_LABEL.fullmatch(part) for part in parts):
        return "(letters, digits, hyphens and dots only, such as blog.example.org)"
    if len(parts) < labels:
        return "(a domain name has a dot or more, such as blog.example.org)"
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
    """The host of an address written where a bare domain belongs ('https://blog.example.org/x' gives
    'blog.example.org'), or None."""
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
    return None


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


RULES: dict[str, Rule] = {
    # About you and your site (README, Settings).
    "AUTHOR": Rule(partial(text, why=" (feeds and every page name the author)", names=True), '"Sam Rivera"', True),
    "SITENAME": Rule(partial(text, why=" (it is the title of every page and feed)"), '"Learning in Public"'),
    "SITE_DESCRIPTION": Rule(partial(text, empty=True), '"What a teacher learns each week."'),
    "SITEURL": Rule(site_address, '"http://localhost:8000"', required=True),
    "TIMEZONE": Rule(time_zone, '"Europe/London"', required=True),
    "DEFAULT_LANG": Rule(language_tag, '"en"'),
    "DEFAULT_DATE_FORMAT": Rule(date_format, '"%-d %B %Y"'),
    # Where things are.
    "PATH": Rule(existing_folder, '"content"'),
    "ARTICLE_PATHS": Rule(folders, '["posts"]'),
    "PAGE_PATHS": Rule(folders, '["pages"]'),
    "STATIC_PATHS": Rule(partial(folders, whole_content=False), '["images"]'),
    "OUTPUT_PATH": Rule(folder, '"output"'),
    "THEME": Rule(existing_folder, '"theme"'),
    "CACHE_PATH": Rule(folder, '"cache"'),
    "PLUGIN_PATHS": Rule(text_list, '["plugins"]'),
    "PLUGINS": Rule(plugins, repr(list(LEARNLOG_PLUGINS)).replace("'", '"'), required=True),
    # Pages.
    "RELATIVE_URLS": Rule(true_or_false, "True"),
    "DEFAULT_PAGINATION": Rule(partial(whole_number, allow_false=True), "10"),
    "MENU_LINKS": Rule(menu_links, '[("Newsletter", "https://example.org/news")]'),
    # The link log (link_notes/settings.py) and the limits of posts (learnlog_core/limits.py).
    "LINKS_PATH": Rule(partial(folder, inside_content=True), '"links"'),
    "BLOGROLL_FILE": Rule(partial(folder, inside_content=True), '"blogroll.yaml"'),
    "LINKS_MAX_FILE_BYTES": Rule(whole_number, "1000000"),
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
    "GITHUB_PAGES_CNAME": Rule(domain_name, '"blog.example.org"'),
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
    """A rule for each setting the plugins set over the author's value (their LAYOUT dicts)."""
    values: dict[str, list] = {}
    for layout in (LAYOUT, feed_settings.LAYOUT, link_settings.LAYOUT):
        for name, value in layout.items():
            values.setdefault(name, []).append(value)
    return {
        name: Rule(partial(fixed, values=tuple(found), what=_why_fixed(name)), repr(found[0]))
        for name, found in values.items()
    }


RULES.update({name: rule for name, rule in _fixed_rules().items() if name not in RULES})


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
        if message:
            found.append((name, printable(message)))
    return found


def misspelt(given: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, warning) for each setting a file gives that neither Pelican nor Learnlog knows but that is
    close to one they know, such as FEED_ITEM for FEED_ITEMS: it would be ignored without a word. Names
    close to none are left alone: they may be a plugin's own. given: as for `problems`."""
    from pelican.settings import DEFAULT_CONFIG

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
