"""Fetch a web page's title for `invoke link`: Open Graph title or <title>, any charset, with a short timeout."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urlsplit

MAX_BYTES = 2_000_000
USER_AGENT = "Learnlog (saving a link to a learning log)"


class TitleError(Exception):
    """Why no title could be had, with what to do instead."""


class _TitleParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.og_title = ""
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and (values.get("property") or values.get("name") or "").lower() == "og:title":
            self.og_title = self.og_title or (values.get("content") or "")
        elif tag == "title" and not self.title:
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def page_title(body: bytes, header_charset: str | None) -> str:
    """The best title in an HTML page: its Open Graph title, else its <title>, whitespace folded."""
    parser = _TitleParser()
    parser.feed(decode(body, header_charset))
    return " ".join((parser.og_title or parser.title).split())


def decode(body: bytes, header_charset: str | None) -> str:
    """Bytes to text using the charset the server or the page declares; UTF-8, then Windows-1252, otherwise."""
    declared = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", body[:4096], re.IGNORECASE)
    for charset in (header_charset, declared[1].decode() if declared else None, "utf-8"):
        if not charset:
            continue
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", errors="replace")


def fetch_title(url: str, timeout: float = 5.0) -> str:
    host = urlsplit(url).hostname or url
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    hint = 'give the title yourself with --title "…"'
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # follows redirects
            body = response.read(MAX_BYTES)
            charset = response.headers.get_content_charset()
            kind = response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        raise TitleError(f"{host} answered {error.code} {error.reason} for that address: check it, or {hint}") from None
    except TimeoutError:
        raise TitleError(f"{host} did not answer within {timeout:g} seconds: {hint}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise TitleError(f"{host} did not answer within {timeout:g} seconds: {hint}") from None
        raise TitleError(f"could not reach {host} ({reason}); are you offline? Or {hint}") from None
    except (OSError, ValueError) as error:
        raise TitleError(f"could not fetch {url} ({error}): {hint}") from None
    title = page_title(body, charset) if kind in ("text/html", "application/xhtml+xml") else ""
    if not title:
        raise TitleError(f"the page at {url} has no title: {hint}")
    return title
