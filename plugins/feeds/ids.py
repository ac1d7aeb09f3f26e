"""Item ids: chosen once and never changed by an edit.

Every item's id is a tag URI (RFC 4151), `tag:AUTHORITY,DATE:KIND/NAME`:

- a post: its date and its file name, `tag:example.org,2026-11-23:posts/2026-11-23-learning-in-public`;
  editing its title, slug, tags or text keeps it;
- a link: its date and a hash of its address, `tag:example.org,2026-11-23:links/6f1c…`;
  editing its title, note, tags or via keeps it;
- a week of the digest: `tag:example.org,2026-11-23:weeks/2026-W48`.

An author pins an id with an `id:` field (post header or link note). A pinned id with a colon is used
as it is (it must then be a URI); otherwise it replaces the NAME part.
"""

from __future__ import annotations

import hashlib
from datetime import date
from urllib.parse import urlsplit


def authority(settings: dict) -> str:
    return settings.get("FEED_ID_AUTHORITY") or urlsplit(settings["SITEURL"]).hostname or "localhost"


def tag_uri(owner: str, day: date, kind: str, name: str, pinned: str | None = None) -> str:
    if pinned and ":" in pinned:
        return pinned
    return f"tag:{owner},{day:%Y-%m-%d}:{kind}/{pinned or name}"


def url_hash(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]
