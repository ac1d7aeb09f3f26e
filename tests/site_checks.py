"""A whole built site checked the way readers, browsers and feed readers see it, for tests that build many
generated sites: each check returns every problem it finds, as text, rather than stopping at the first.

`build(site)` runs `python -m learnlog.build` like `conftest.Site.build()`, with a time limit: a build that
hangs is stopped (with every process it started) and reported as a problem.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import html5lib
import jsonschema
from conftest import ROOT, Build, Site
from feed_checks import ABSOLUTE, atom_items, json_items, parse_xml, rfc4287_problems, rss_items
from lxml import etree

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "jsonfeed-1.1.schema.json").read_text())
# A build of a small site takes one or two seconds; one that takes this long is stuck.
BUILD_TIMEOUT = 30
# How the build reports a problem: `content/posts/x.md:3: what is wrong; how to fix it`.
PROBLEM = re.compile(r"^  (?P<file>content/[\w./-]+|pelicanconf\.py):(?P<line>\d+): \S")
STOPPED = re.compile(r"^The build stopped: \d+ problems? to fix\.", re.MULTILINE)
# Characters that a terminal acts on rather than shows (escape sequences move the cursor, change colours).
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What HTML's parser calls a parse error in the input stream: controls but space characters, non-characters.
_PLANE_ENDS = "".join(chr(plane * 0x10000 + end) for plane in range(17) for end in (0xFFFE, 0xFFFF))
NOT_IN_HTML = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef{_PLANE_ENDS}]")
# html5lib 1.1 still has the old rule that "--" inside a comment is an error; HTML now allows it.
OLD_COMMENT_RULES = {
    "unexpected-char-in-comment",
    "unexpected-dash-after-double-dash-in-comment",
    "unexpected-bang-after-double-dash-in-comment",
}
# The pages the site itself makes (the product contract's URL table), which no content may replace.
SITE_PAGES = (
    "index.html",
    "404.html",
    "links/index.html",
    "tags/index.html",
    "categories/index.html",
    "archives/index.html",
    "blogroll/index.html",
    "subscribe/index.html",
)


class Hung(AssertionError):
    pass


def build(site: Site, timeout: float = BUILD_TIMEOUT) -> Build:
    """Build the site in a new process group; stop the group if it takes longer than `timeout` seconds."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "learnlog.build",
            "--settings",
            str(site.settings),
            "--output",
            str(site.folder / "output"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the build and the workers it forked
        output, _ = process.communicate()
        shown = output.decode("utf-8", errors="replace")[-2000:]
        raise Hung(f"the build did not finish in {timeout} s; its output so far:\n{shown}") from None
    return Build(process.returncode, site.folder / "output", output.decode("utf-8", errors="replace"))


# A build that stops


def stop_problems(result: Build, files: dict[str, str]) -> list[str]:
    """What is wrong with how a build stopped: it must exit 1, without a traceback, and each problem must
    start with a file of the site and a line of that file. files: path (as in messages) -> text written."""
    found = []
    log = result.log
    if result.returncode != 1:
        found.append(f"exit status {result.returncode}, expected 1")
    if "Traceback" in log:
        found.append("a traceback in the output")
    header = STOPPED.search(log)
    if not header:
        return [*found, "no 'The build stopped: N problems to fix.' line"]
    listed = [line for line in log[header.end() :].split("\n")[1:] if re.match(r"^  \S", line)]
    if not listed:
        found.append("no problem listed")
    for line in listed:
        match = PROBLEM.match(line)
        if not match:
            found.append(f"a problem without a file and line: {line.strip()[:300]!r}")
            continue
        text = files.get(match["file"])
        number = int(match["line"])
        # "\r\n", "\r" and "\n" each end a line, for YAML and for the build's messages (characters.py).
        lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1 if text is not None else 0
        if text is not None and not 1 <= number <= lines:
            found.append(f"line {number} is not in {match['file']} ({lines} lines): {line.strip()[:300]!r}")
    return found


def terminal_problems(result: Build) -> list[str]:
    """Control characters from the content, printed raw, would be run by the author's terminal."""
    return [
        f"the output holds U+{ord(found[0]):04X}, raw, near {result.log[max(0, found.start() - 80) : found.end() + 20]!r}"
        for found in list(TERMINAL_CONTROL.finditer(result.log))[:3]
    ]


# A build that succeeds: its pages


def page_problems(output: Path) -> list[str]:
    """Every HTML page parses without an error (HTML's parsing rules, as html5lib has them); no page
    repeats an id; every file lies at an address a link can name as it is."""
    found = []
    for path in sorted(output.rglob("*.html")):
        where = path.relative_to(output).as_posix()
        parser = html5lib.HTMLParser(namespaceHTMLElements=False)
        tree = parser.parse(path.read_bytes(), transport_encoding="utf-8")
        errors = [error for error in parser.errors if error[1] not in OLD_COMMENT_RULES]
        if errors:
            found.append(f"{where}: not valid HTML: {_parse_error_place(path, errors[0])}")
        ids = Counter(element.get("id") for element in tree.iter() if element.get("id") is not None)
        repeated = sorted(ident for ident, count in ids.items() if count > 1)
        if repeated:
            found.append(f"{where}: ids used more than once: {repeated[:5]!r}")
    for path in sorted(output.rglob("*")):
        found += [f"{path.relative_to(output).as_posix()!r}: {why}" for why in _address_problems(path.name)]
    for page in SITE_PAGES:
        if not (output / page).is_file():
            found.append(f"{page}: missing")
    return found


def _parse_error_place(path: Path, error) -> str:
    (line, column), code, _ = error
    text = path.read_text(encoding="utf-8", errors="replace")
    if code == "invalid-codepoint":  # html5lib places these at the start of the file: look for the character
        found = NOT_IN_HTML.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            near = text[max(0, found.start() - 40) : found.end() + 20]
            return f"{code}: U+{ord(found[0]):04X} at line {line}, near {near!r}"
    lines = text.split("\n")
    near = lines[line - 1][max(0, column - 40) : column + 20] if 0 < line <= len(lines) else ""
    return f"{code} at line {line}, column {column}, near {near!r}"


def _address_problems(name: str) -> list[str]:
    """Why a file or folder name cannot be one step of a page's address, if it cannot."""
    if not name.strip() or not any(_visible(character) for character in name):
        return ["an empty or invisible name"]
    problems = []
    odd = sorted({character for character in name if unicodedata.category(character) in ("Cc", "Cf", "Cn", "Co")})
    if odd:
        problems.append(f"holds invisible characters {[f'U+{ord(c):04X}' for c in odd]}")
    if re.search(r"[\s?#%\\]", name):
        problems.append("holds a space, ?, #, % or \\, which a link would have to escape")
    return problems


def _visible(character: str) -> bool:
    return unicodedata.category(character)[0] in "LNPS"


def content_problems(output: Path, expected: Expected) -> list[str]:
    """Every post, page and link that was written is on the site, each at an address of its own, and no
    two tags or categories the author wrote differently were made into one."""
    found = []
    posts = [item for item in _json(output / "feeds" / "posts.json").get("items", [])]
    urls = [item.get("url", "") for item in posts]
    if len(posts) != expected.posts:
        found.append(f"feeds/posts.json has {len(posts)} posts, {expected.posts} were written: {urls!r}")
    if len(set(urls)) != len(urls):
        found.append(f"two posts at one address: {urls!r}")
    for url in urls:
        path = url.removeprefix(expected.site_url).split("#")[0]
        if not re.fullmatch(r"posts/\d{4}/[^/]+/", path) or not (output / path / "index.html").is_file():
            found.append(f"the post address {url!r} is not a page posts/<year>/<slug>/ of its own")
    links = _json(output / "feeds" / "links.json").get("items", [])
    if len(links) != expected.links:
        found.append(f"feeds/links.json has {len(links)} links, {expected.links} were written")
    for marker in expected.page_markers:
        holders = [
            path.relative_to(output).as_posix()
            for path in output.glob("*/index.html")
            if marker in path.read_text(encoding="utf-8", errors="replace")
        ]
        if len(holders) != 1 or holders[0] in SITE_PAGES:
            found.append(f"the page with {marker} is at {holders!r}, expected one <slug>/index.html of its own")
    for kind, folder, names in (("tag", "tags", expected.tags), ("category", "categories", expected.categories)):
        wanted = {key for key in map(same_name, names) if key}
        made = [path.parent.name for path in output.glob(f"{folder}/*/index.html")]
        if len(made) < len(wanted):
            found.append(
                f"{len(wanted)} different {kind} names were written but {folder}/ has {len(made)} pages "
                f"({sorted(made)!r}): names {sorted(set(names))!r}"
            )
    return found


def same_name(name: str) -> str:
    """What two tag or category names that readers would take for one have in common: case, accents,
    compatibility forms, invisible characters and the kind of space between words set aside."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Me", "Cc", "Cf", "Cn", "Co", "Cs"))
    return re.sub(r"[\s_-]+", " ", kept.casefold()).strip()


class Expected:
    """What a generated site holds, for content_problems."""

    def __init__(self, site_url: str = "http://localhost:8000/"):
        self.site_url = site_url
        self.posts = 0
        self.links = 0
        self.page_markers: list[str] = []
        self.tags: list[str] = []
        self.categories: list[str] = []


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # feed_problems says what is wrong with it


# A build that succeeds: its feeds


def feed_problems(output: Path) -> list[str]:
    """Each feed parses (XML or JSON); ids are unique in a feed and the same in its three formats; every
    address in it is absolute http(s); RSS <link> and <guid> are ASCII; Atom follows RFC 4287; JSON Feed
    follows the JSON Feed 1.1 schema. Every other XML file (OPML, sitemap) parses too."""
    found = []
    feeds = output / "feeds"
    names = sorted(str(path.relative_to(feeds)).removesuffix(".atom.xml") for path in feeds.rglob("*.atom.xml"))
    if not names:
        return ["no feeds were written"]
    for name in names:
        found += _one_feed(feeds, name)
    for path in sorted([*output.rglob("*.opml"), *output.glob("*.xml")]):
        try:
            parse_xml(path)
        except etree.XMLSyntaxError as error:
            found.append(f"{path.relative_to(output)}: not well-formed XML: {error}")
    sitemap = output / "sitemap.xml"
    if sitemap.is_file():
        with contextlib.suppress(etree.XMLSyntaxError):  # reported above
            for loc in parse_xml(sitemap).iter("{*}loc"):
                if not ABSOLUTE.match(loc.text or "") or not (loc.text or "").isascii():
                    found.append(f"sitemap.xml: <loc> {loc.text!r} is not an absolute ASCII address")
    return found


def _one_feed(feeds: Path, name: str) -> list[str]:
    found = []
    formats: dict[str, list[dict]] = {}
    readers = {"atom.xml": atom_items, "rss.xml": rss_items, "json": json_items}
    for extension, read in readers.items():
        path = feeds / f"{name}.{extension}"
        try:
            formats[extension] = read(path)
        except (OSError, ValueError, KeyError, TypeError, etree.XMLSyntaxError) as error:
            found.append(f"feeds/{name}.{extension}: cannot be read: {type(error).__name__}: {error}")
    if "atom.xml" in formats:
        found += [f"feeds/{name}.atom.xml: {problem}" for problem in rfc4287_problems(feeds / f"{name}.atom.xml")]
    if "json" in formats:
        try:
            jsonschema.validate(json.loads((feeds / f"{name}.json").read_text(encoding="utf-8")), SCHEMA)
        except jsonschema.ValidationError as error:
            found.append(f"feeds/{name}.json: not a valid JSON Feed 1.1: {error.message}")
    for extension, items in formats.items():
        where = f"feeds/{name}.{extension}"
        ids = [item["id"] for item in items]
        if len(set(ids)) != len(ids):
            found.append(f"{where}: ids used twice: {sorted(i for i, n in Counter(ids).items() if n > 1)!r}")
        for item in items:
            if not ABSOLUTE.match(item["link"] or ""):
                found.append(f"{where}: the item link {item['link']!r} is not absolute")
            for url in re.findall(r'(?:href|src)="([^"]*)"', item["content"]):
                if not ABSOLUTE.match(url):
                    found.append(f"{where}: {url!r} in an item's content is not an absolute http(s) address")
        if extension == "rss.xml":
            for item in items:
                for field in ("link", "id"):
                    if not (item[field] or "").isascii() or not item[field]:
                        tag = {"link": "<link>", "id": "<guid>"}[field]
                        found.append(f"{where}: {tag} {item[field]!r} is not ASCII")
    if len(formats) == 3:
        orders = {extension: [item["id"] for item in items] for extension, items in formats.items()}
        if len({tuple(ids) for ids in orders.values()}) != 1:
            found.append(f"feeds/{name}: the three formats list different ids: {orders!r}")
    return found


def site_problems(result: Build, expected: Expected | None, files: dict[str, str]) -> list[str]:
    """Everything wrong with one build of a generated site: either it stopped as an author can act on,
    or it built a site whose pages and feeds are all valid. expected: what the site holds, when known."""
    if result.returncode != 0:
        return stop_problems(result, files) + terminal_problems(result)
    found = terminal_problems(result)
    if "Traceback" in result.log:
        found.append("a traceback in the output of a build that succeeded")
    found += page_problems(result.output) + feed_problems(result.output)
    return found + (content_problems(result.output, expected) if expected else [])
