"""Checks of single values shared by posts, link notes and the blogroll, with messages that say the fix."""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from . import characters, strict_yaml

# 2026-11-23, 2026-11-23 09:15, 2026-11-23T09:15:30, each with an optional offset (+01:00, Z).
DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$")
DATE_EXAMPLE = "2026-11-23 or 2026-11-23 09:15"
# The years a date may have. Before 1900 no post or link was written on the web, and time zones then had
# offsets in seconds, which feeds cannot carry; 9999 is the last year Python can hold, so a date in it
# plus its offset overflows.
YEARS = range(1900, 9999)


def kind_of(value: object) -> str:
    if value is None:
        return "empty value"
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (date, datetime)):
        return "date"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def text(name: str, value: object, node=None) -> tuple[str | None, str | None]:
    """(text stripped, None), or (None, the reason it is not text and the fix): YAML read a bare word or number
    as another type, or the text holds a forbidden character (characters.py; YAML's escapes such as "\\b" can
    write one in a file that is plain ASCII)."""
    if isinstance(value, str):
        bad = characters.first_forbidden(value)
        if bad:
            return None, characters.message(bad, f"'{name}' contains {{}}")
        return value.strip(), None
    if value is None or (isinstance(value, str) and not value):
        return None, f"'{name}' is empty; write it after the colon, or delete the line"
    if node is not None and strict_yaml.is_plain_non_text(node):
        typed = strict_yaml.written_as(node)
        return None, f"'{name}' must be text, but YAML reads {typed} as a {kind_of(value)}; write \"{typed}\" in quotes"
    return None, f"'{name}' must be text, got a {kind_of(value)}"


def when(name: str, value: object) -> tuple[datetime | None, str | None]:
    """(datetime, None) for a date or a date and time (naive unless an offset was written), or (None, what
    is wrong and how to write it). value: a YAML date or datetime, or text as DATE_TEXT describes (ISO 8601
    as `datetime.fromisoformat` reads it). The year must be in YEARS."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        written = str(value).strip()
        moment = None
        if DATE_TEXT.match(written):
            with contextlib.suppress(ValueError):
                moment = datetime.fromisoformat(written.replace(" ", "T", 1).replace(" ", ""))
        if moment is None:
            return None, f"'{name}' is not a valid date: '{written}'; write it as {DATE_EXAMPLE}"
    return (moment, None) if in_years(moment) else (None, year_problem(name, moment))


def in_years(moment: date) -> bool:
    """True when a date's year is one a post or link can have (YEARS)."""
    return moment.year in YEARS


def year_problem(name: str, moment: date) -> str:
    """The message for a date outside YEARS: it is a typing mistake, so the message says which year."""
    return (
        f"'{name}' is in the year {moment.year:04d}, which cannot be right; write a year from "
        f"{YEARS.start} to {YEARS.stop - 1}, such as {DATE_EXAMPLE.split(' or ')[0]}"
    )


def web_address(name: str, value: str) -> str | None:
    """None for an absolute http(s) address with a host name (and a port from 1 to 65535, if it has one), else
    what is wrong and how to write it. The parts are those of RFC 3986 (`urllib.parse.urlsplit`). User
    information before the host is accepted here (see `public_address`), but a message quoting the address
    shows it masked (`masked_address`): a password is never printed."""
    written = masked_address(value)
    try:
        parts = urlsplit(value)
    except ValueError:  # "[::1" (a broken IPv6 address), or a host that NFKC changes ("exa℀mple.org" has "a/c")
        return (
            f"'{name}' is not a web address a browser can open, got '{written}'; copy the whole address "
            "from the browser's address bar"
        )
    scheme = parts.scheme.lower()
    mangled = MANGLED_START.match(written)
    if scheme in ("http", "https"):
        if re.search(r"\s", value):
            return f"'{name}' contains a space; write spaces in a web address as %20"
        if mangled and not parts.netloc and "://" not in value:  # "https:/x.org/a", "https:x.org"
            return _mangled(name, written, mangled)
        return _host_and_port(name, value, parts)
    if mangled and "://" not in value:  # "https//x.org", "http//x.org"
        return _mangled(name, written, mangled)
    if scheme and "." not in scheme and not re.fullmatch(r"\d+(/.*)?", value[len(scheme) + 1 :]):
        return f"'{name}' must be a web address starting with https:// or http://, not '{parts.scheme}:'"
    bare = written.lstrip("/")
    hint = ""
    if "://" not in bare and ("." in bare.split("/")[0] or bare.split(":")[0].lower() == "localhost"):
        # "example.org/blog", or "localhost:8000" (which urlsplit reads as the scheme "localhost")
        hint = f"; write '{'http' if bare.lower().startswith('localhost') else 'https'}://{bare}'"
    return f"'{name}' must be a full web address starting with https:// or http://, got '{written}'{hint}"


# "https://" written with a character too few or wrong, before a site name: "https//x.org", "http:/x.org",
# "https:x.org" (MANGLED_START[1] is the scheme, [2] the rest, from the site name on).
MANGLED_START = re.compile(r"(?i)(https?)[:/]+(?=[^:/?#\\])(.*)")


def _mangled(name: str, written: str, mangled: re.Match) -> str:
    """The message for an address whose "://" is mangled, with the address as it should be."""
    return f"'{name}' is missing part of its start, got '{written}'; write '{mangled[1].lower()}://{mangled[2]}'"


def _host_and_port(name: str, value: str, parts) -> str | None:
    """None when an http(s) address names a host (and, if any, a port from 1 to 65535), else the fix."""
    example = f"such as {parts.scheme}://example.org/page"
    written = masked_address(value)
    if not parts.hostname:
        return f"'{name}' has no site name after {parts.scheme}://, got '{written}'; write the whole address, {example}"
    try:
        port = parts.port  # None when there is none; ValueError when it is not a number from 0 to 65535
    except ValueError:
        port = 0
    if port == 0:
        return (
            f"'{name}' has a port that is not a number from 1 to 65535, got '{written}'; "
            f"write the address without it, {example}"
        )
    return None


def public_address(name: str, value: str) -> str | None:
    """None for an address `web_address` accepts that holds no user information (RFC 3986, section 3.2.1:
    'user:password@' or 'user@' before the host, as `urlsplit` reads it: up to the last '@' of the
    authority), else what is wrong and the fix. For every address the site publishes (a link's url and via,
    a blogroll person's site and feed): a page and every feed would show the user name and password."""
    problem = web_address(name, value)
    if problem:
        return problem
    netloc = urlsplit(value).netloc
    return _user_info_message(name, netloc.rpartition("@")[0] + "@") if "@" in netloc else None


# The start of a web address however mangled ("https://", "https:/", "http//", "https:", "//"); after it, up
# to the first '/', '?', '#', '\' or space, its authority (RFC 3986, section 3.2): user information, when it
# holds an '@' (up to the last one, as `urlsplit` reads it).
ADDRESS_START = re.compile(r"(?i)(?:https?[:;/\\]+|[/\\]{2,})")
USER_INFO = re.compile(r"[^/?#\\\s]*@")
LONG_USER_NAME = 12  # characters of a user name shown whole in a message; a longer one is often a token


def user_info(value: str) -> str | None:
    """The user information at the start of an address as written, with its '@' ('jane:secret@'), or None:
    what comes before an '@' in the authority, after ADDRESS_START if the address has it ('https:/jane@x.org'
    has 'jane@'), else from the start ('jane.doe:pw@x.org/a' has 'jane.doe:pw@')."""
    start = ADDRESS_START.match(value)
    found = USER_INFO.match(value, start.end() if start else 0)
    return found[0] if found else None


def masked(info: str) -> str:
    """User information as a message may show it: the password as '…' ('jane:…@'), and a user name longer
    than LONG_USER_NAME as its first 4 characters and '…', as it is often a token ('ghp_…@')."""
    user, colon, password = info.removesuffix("@").partition(":")
    user = user if len(user) <= LONG_USER_NAME else user[:4] + "…"
    return f"{user}{colon}{'…' if password else ''}@"


def masked_address(value: str) -> str:
    """`value` with its user information (`user_info`) masked (`masked`), for messages."""
    start = ADDRESS_START.match(value)
    found = USER_INFO.match(value, start.end() if start else 0)
    return f"{value[: found.start()]}{masked(found[0])}{value[found.end() :]}" if found else value


def user_info_problem(name: str, value: str) -> str | None:
    """The message for user information (`user_info`) in `value`, an address as written even with a mangled
    start ('https:/jane:secret@x.org'), or None."""
    info = user_info(value)
    return _user_info_message(name, info) if info else None


def _user_info_message(name: str, info: str) -> str:
    """What to remove, masked (`masked`), and why."""
    shown = masked(info)
    return (
        f"'{name}' holds '{shown}' before its site name; remove '{shown}' from the address; a user name or "
        "password would be published with it"
    )


def normal_address(value: str) -> str:
    """A checked web address with its scheme in lowercase ("HTTPS://x.org/" gives "https://x.org/"):
    schemes are case-insensitive (RFC 3986, section 3.1), but feeds and their validators expect lowercase."""
    parts = urlsplit(value)
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path, parts.query, parts.fragment))


# Query parameters that say how a visitor came, not which page: campaign tags (utm_*, Google Analytics) and
# the click ids of ad and social networks and newsletters.
TRACKING_PREFIXES = ("utm_",)
TRACKING_NAMES = {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
                  "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url"}  # fmt: skip


def same_page(url: str) -> str:
    """A key under which two addresses of one page are equal, for the checks of a link saved twice; the
    address itself is saved as the author wrote it. From RFC 3986, section 6.2: the scheme and host in
    lowercase, the scheme's own default port left out, escapes of unreserved characters decoded and the others
    in capitals (%2F stays %2F), "." and ".." segments of the path resolved (section 5.2.4); as an IRI is
    mapped to a URI (RFC 3987, section 3.1), a non-ASCII host in IDNA ("bücher.example" is
    "xn--bcher-kva.example") and other non-ASCII characters as escapes of their UTF-8 ("Pédagogie" is
    "P%C3%A9dagogie"); and further, http and https alike, a '/' at the end of the path left out, tracking
    parameters (utm_*, fbclid, gclid…) and text fragments (#:~:text=…) removed. url: an absolute web address;
    anything else gives itself back."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.rstrip(".")
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    host = f"[{host}]" if ":" in host else host  # an IPv6 address keeps its brackets
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    host = f"{userinfo}@{host}" if userinfo else host
    path = ESCAPE.sub(_escape_key, _dots_resolved(_ascii(parts.path))).rstrip("/")
    kept = [
        piece
        for piece in parts.query.split("&")
        if piece
        and not unquote(piece.partition("=")[0]).lower().startswith(TRACKING_PREFIXES)
        and unquote(piece.partition("=")[0]).lower() not in TRACKING_NAMES
    ]
    fragment = "" if parts.fragment.startswith(":~:") else parts.fragment
    query = "&".join(ESCAPE.sub(_escape_key, _ascii(piece)) for piece in kept)
    return urlunsplit(("http", host, path, query, _ascii(fragment)))


def _ascii(text: str) -> str:
    """`text` (part of an address) with each non-ASCII character written as escapes of its UTF-8 bytes."""
    return text if text.isascii() else quote(text, safe="".join(chr(code) for code in range(33, 127)))


def _dots_resolved(path: str) -> str:
    """A path without its "." and ".." segments, as RFC 3986, section 5.2.4 resolves them ("/a/../p" is "/p")."""
    if "." not in path:
        return path
    kept: list[str] = []
    segments = path.split("/")
    for number, segment in enumerate(segments):
        last = number == len(segments) - 1
        if segment == "..":
            if len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
        elif segment == ".":
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return "/".join(kept)


ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _escape_key(match: re.Match) -> str:
    """A percent-escape as RFC 3986, section 6.2.2 compares it: an unreserved character decoded, any other
    escape kept, in capitals."""
    character = chr(int(match[1], 16))
    return character if character in UNRESERVED else f"%{match[1].upper()}"


LANGUAGE_EXAMPLES = "such as 'en' (English), 'fr' (French), 'es' (Spanish), or with a country, 'en-GB'"


def language_tag(tag: str) -> bool:
    """True for a BCP 47 language tag (RFC 5646) whose subtags are in the IANA registry, written with
    hyphens only, such as 'en', 'fr' or 'en-GB' (the registry's check is langcodes.tag_is_valid). It goes
    into <html lang> and feeds' language."""
    import langcodes

    if not re.fullmatch(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*", tag):
        return False
    try:
        return bool(langcodes.tag_is_valid(tag))
    except (ValueError, LookupError):  # langcodes.LanguageTagError is a ValueError
        return False


def language(name: str, value: str) -> str | None:
    """None when `value` (text) is a language tag (language_tag), else what is wrong and the fix: 'en_GB'
    gets "write 'en-GB'"."""
    written = value.strip().replace("_", "-")
    if language_tag(value):
        return None
    if written != value and language_tag(written):
        return f"'{name}' is '{value}', which is not how a language code is written; write '{written}'"
    return f"'{name}' is '{value}', which is not a language code; write the language's code, {LANGUAGE_EXAMPLES}"
