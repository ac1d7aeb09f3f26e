"""Item ids: chosen once and never changed by an edit.

Every item's id is a tag URI (RFC 4151), `tag:AUTHORITY,DATE:KIND/NAME`:

- a post: its date and its file name, `tag:example.org,2026-11-23:posts/2026-11-23-learning-in-public`;
  editing its title, slug, tags or text keeps it;
- a link: its date and a hash of its address, `tag:example.org,2026-11-23:links/6f1c…`;
  editing its title, note, tags or via keeps it;
- a week of the digest: `tag:example.org,2026-11-23:weeks/2026-W48`.

An author pins an id with an `id:` field (post header or link note). A pinned id with a colon is used
as it is (it must then be a URI); otherwise it replaces the NAME part.

An id is ASCII, as RSS 2.0's <guid> and RFC 4151 want: an internationalised AUTHORITY is in IDNA A-labels
(punycode), any other non-ASCII character percent-encoded as UTF-8 (see addresses.iri_to_uri).
"""

from __future__ import annotations

import hashlib
from datetime import date
from urllib.parse import urlsplit

from .addresses import ascii_host, iri_to_uri


def authority(settings: dict) -> str:
    """The AUTHORITY of every id: FEED_ID_AUTHORITY, else the host of SITEURL, else "localhost"; in A-labels
    when it is an internationalised domain name (RFC 4151 section 2.1 "taggingEntity": a DNS name)."""
    return ascii_host(settings.get("FEED_ID_AUTHORITY") or urlsplit(settings["SITEURL"]).hostname or "localhost")


def tag_uri(owner: str, day: date, kind: str, name: str, pinned: str | None = None) -> str:
    """An item's id: `tag:OWNER,YYYY-MM-DD:KIND/NAME` (RFC 4151), NAME replaced by a pinned id without a
    colon; a pinned id with a colon as it is. Either way a URI (ASCII, see addresses.iri_to_uri)."""
    if pinned and ":" in pinned:
        return iri_to_uri(pinned)
    return iri_to_uri(f"tag:{owner},{day:%Y-%m-%d}:{kind}/{pinned or name}")


def url_hash(url: str) -> str:
    """The first 16 hex digits of the SHA-1 of an address (as written, so an id never changes)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]
