"""Check a built site as a visitor and a feed reader would meet it: every internal link and anchor
leads somewhere, and every feed and OPML file can be read."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

SKIPPED_SCHEMES = ("mailto:", "tel:", "data:")


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src") and value and tag != "base":
                self.links.append(value)


def _read_page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def check_site(output: Path, site_url: str) -> list[str]:
    """Every problem found, as 'page: what is wrong'."""
    output = output.resolve()
    problems: list[str] = []
    if not (output / "index.html").is_file():
        return [f"{output}: there is no index.html: the site is empty or was not built"]
    pages = {path: _read_page(path) for path in sorted(output.rglob("*.html"))}
    site = site_url.rstrip("/")
    for page, parsed in pages.items():
        shown = page.relative_to(output).as_posix()
        for link in parsed.links:
            target, fragment = _target(link, page, output, site)
            if target is None:
                continue
            if not str(target).startswith(str(output)):
                problems.append(f"{shown}: the link {link} points outside the site")
            elif not target.is_file():
                problems.append(f"{shown}: the link {link} leads to a missing page")
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _read_page(target).ids
                if fragment not in ids:
                    problems.append(f"{shown}: the link {link} points at #{fragment}, which is not on that page")
    for path in sorted(output.rglob("*")):
        shown = path.relative_to(output).as_posix()
        try:
            if path.suffix in (".xml", ".opml"):
                etree.fromstring(path.read_bytes())
            elif path.suffix == ".json" and "feeds" in path.parts:
                json.loads(path.read_text(encoding="utf-8"))
        except (etree.XMLSyntaxError, ValueError) as error:
            problems.append(f"{shown}: cannot be read by a feed reader ({error})")
    return problems


def _target(link: str, page: Path, output: Path, site: str) -> tuple[Path | None, str]:
    """The file an internal link leads to and its #fragment; None for links to other sites."""
    if link.startswith(SKIPPED_SCHEMES):
        return None, ""
    if site and (link == site or link.startswith(site + "/")):
        link = link[len(site) :] or "/"
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:  # "#anchor" on the same page
        return page, unquote(parts.fragment)
    path = unquote(parts.path)
    base = output if path.startswith("/") else page.parent
    target = Path(os.path.normpath(base / path.lstrip("/")))
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)
