"""Item ids: chosen once and never changed by an edit.

Every item's id is a tag URI (RFC 4151), `tag:AUTHORITY,DATE:KIND/NAME`:

- a post: its date and its file name, `tag:example.org,2026-11-23:posts/2026-11-23-learning-in-public`;
  editing its title, slug, tags or text keeps it;
- a link: its date and a hash of its address, `tag:example.org,2026-11-23:links/6f1c…`;
  editing its title, note, tags or via keeps it;
- a week of the digest: `tag:example.org,2026-11-23:weeks/2026-W48`.

An author pins an id with an `id:` field (post header or link note). A pinned id with a colon is used
as it is, and must then be an absolute IRI (`pinned_problem` says what is wrong with one that is not);
otherwise it replaces the NAME part.

An id is ASCII, as RSS 2.0's <guid> and RFC 4151 want: an internationalised AUTHORITY is in IDNA A-labels
(punycode), any other non-ASCII character percent-encoded as UTF-8 (see addresses.feed_uri).
"""

from __future__ import annotations

import calendar
import hashlib
import re
from datetime import date
from urllib.parse import urlsplit

from .addresses import ascii_host, feed_uri

# RFC 3987 section 2.2 (RFC 3986 section 3.1): absolute-IRI = scheme ":" ihier-part, scheme = ALPHA
# *( ALPHA / DIGIT / "+" / "-" / "." ).
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
# What no IRI holds anywhere (RFC 3987 section 2.2 and 4.1): spaces and other white space, controls, the
# ASCII characters outside the IRI grammar, the bidirectional formatting characters, and a "%" that starts
# no %XX escape.
NOT_IN_IRI = re.compile('[\\s\\x00-\\x1f\\x7f-\\x9f"<>\\\\^`{|}\u200e\u200f\u202a-\u202e]|%(?![0-9A-Fa-f]{2})')
# RFC 4151 section 2.1: tagURI = "tag:" taggingEntity ":" specific [ "#" fragment ], taggingEntity =
# authorityName "," date, authorityName = DNSname / emailAddress, date = year ["-" month ["-" day]].
TAG_URI = re.compile(r"tag:(?P<entity>[^:]*):(?P<specific>.*)", re.IGNORECASE | re.DOTALL)
DNS_NAME = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
AUTHORITY_NAME = re.compile(rf"(?:[a-z0-9._-]+@)?{DNS_NAME}")
TAG_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
WEB_ID = re.compile(r"https?://[^/?#]+", re.IGNORECASE)
# The fix every message about a pinned id gives (the uuid is RFC 4122's example).
FIX = (
    "write an id such as tag:example.org,2026:my-post or urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66, "
    "or just a name such as my-post"
)


def authority(settings: dict) -> str:
    """The AUTHORITY of every id: FEED_ID_AUTHORITY, else the host of SITEURL, else "localhost"; in A-labels
    when it is an internationalised domain name (RFC 4151 section 2.1 "taggingEntity": a DNS name)."""
    return ascii_host(settings.get("FEED_ID_AUTHORITY") or urlsplit(settings["SITEURL"]).hostname or "localhost")


def tag_uri(owner: str, day: date, kind: str, name: str, pinned: str | None = None) -> str:
    """An item's id: `tag:OWNER,YYYY-MM-DD:KIND/NAME` (RFC 4151), NAME replaced by a pinned id without a
    colon; a pinned id with a colon as it is. Either way a URI (ASCII, see addresses.feed_uri)."""
    if pinned and ":" in pinned:
        return feed_uri(pinned)
    return feed_uri(f"tag:{owner},{day:%Y-%m-%d}:{kind}/{pinned or name}")


def pinned_problem(value: str) -> str | None:
    """What is wrong with a pinned id (a post's `Id:` line, a link note's `id:`), or None when it is usable.

    value: the id as written, stripped. A value without a colon replaces the last part of the id Learnlog
    makes (see `tag_uri`), so any such text is usable. A value with a colon is the whole id, and an Atom id
    must be an absolute IRI (RFC 4287 section 4.2.6, RFC 3987 section 2.2): a scheme (a letter, then
    letters, digits, "+", "-" or "."), ":", and something after it; no white space, control or
    bidirectional formatting characters, nor `"<>\\^`{|}`, nor a "%" without two hex digits. A `tag:` id
    must also follow RFC 4151 (a domain or e-mail address in lowercase ASCII, ",", a date `YYYY[-MM[-DD]]`,
    ":", the rest), and an `http(s):` id must name a site, as feed validators check.
    Returns a message that says what is wrong and gives an example of a good id, such as
    "'id' ':x' has no scheme before its ':'; write an id such as tag:example.org,2026:my-post …".
    """
    if ":" not in value:
        return None
    scheme, rest = value.split(":", 1)
    if not scheme:
        return f"'id' '{value}' has no scheme before its ':'; {FIX}"
    if not SCHEME.fullmatch(scheme):
        return f"'id' '{value}' does not start with a scheme (a letter, then letters, digits, '+', '-' or '.'); {FIX}"
    if not rest:
        return f"'id' '{value}' has nothing after '{scheme}:'; {FIX}"
    bad = NOT_IN_IRI.search(value)
    if bad:
        shown = "a '%' without two hex digits after it" if bad[0] == "%" else _character(bad[0])
        return f"'id' '{value}' holds {shown}, which no id may hold; {FIX}"
    if scheme.lower() == "tag":
        return _tag_problem(value)
    if scheme.lower() in ("http", "https") and not WEB_ID.match(value):
        return f"'id' '{value}' is not a whole web address; write one such as https://example.org/posts/my-post/"
    return None


def _character(character: str) -> str:
    names = {" ": "a space", "\t": "a tab", '"': "a double quote"}
    return names.get(character, f"the character U+{ord(character):04X}")


def _tag_problem(value: str) -> str | None:
    """What breaks RFC 4151 in a `tag:` id, or None."""
    found = TAG_URI.fullmatch(value)
    if not found or "," not in found["entity"] or not found["specific"]:
        return (
            f"'id' '{value}' is not a tag URI, which is 'tag:', a domain you own, ',', a date, ':' and a name; "
            "write it as tag:example.org,2026:my-post"
        )
    name, day = found["entity"].rsplit(",", 1)
    if not AUTHORITY_NAME.fullmatch(name):
        better = ascii_host(name.lower())
        fix = f"write tag:{better},{day}:{found['specific']}" if AUTHORITY_NAME.fullmatch(better) else FIX
        return f"'id' '{value}' is not a tag URI: '{name}' is not a domain or e-mail address in lowercase ASCII; {fix}"
    when = TAG_DATE.fullmatch(day)
    if not when or not _real_date(when):
        return (
            f"'id' '{value}' is not a tag URI: '{day}' is not a date; write the year, or the year, month "
            "and day, as in tag:example.org,2026-11-23:my-post"
        )
    return None


def _real_date(when: re.Match) -> bool:
    month, day = int(when["month"] or 1), int(when["day"] or 1)
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(int(when["year"]), month)[1]


def url_hash(url: str) -> str:
    """The first 16 hex digits of the SHA-1 of an address (as written, so an id never changes)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]
