"""`invoke fetch-reading` and `invoke check-links` figures for `invoke bench`, against servers on this computer.

Nothing here reaches the internet: the feeds and the pages are served from 127.0.0.1 (and, for check-links, from
twenty addresses of the loopback network, 127.0.0.1 to 127.0.0.20, which are twenty sites to the command). What is
measured is the command's own work: requests, reading feeds in their processes, writing the results.

- fetch-reading: a blogroll of 50 people. 45 feeds of 20 posts with summaries of a few paragraphs (about 40 KB each),
  4 feeds that carry whole articles (2.7 MB each) and one of 20,000 short posts (3 MB), every feed asked in full
  (--force).
- check-links: 3,000 saved addresses on 20 sites, each answering 200 to a HEAD.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FEEDS = 50
ADDRESSES = 3_000
SITES = 20
WORDS = ["retrieval", "practice", "makes", "memory", "last", "when", "the", "gap", "between", "tries", "is", "long"]


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (title, link, description HTML) items, dated a day apart."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><description>{description}</description>"
        f"<pubDate>{(n % 28) + 1:02d} Nov 2026 08:00:00 +0000</pubDate></item>"
        for n, (title, link, description) in enumerate(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title>{entries}</channel></rss>'.encode()


def feed_bodies() -> dict[str, bytes]:
    """Path -> feed, for the FEEDS people of the blogroll."""
    paragraph = "&lt;p&gt;" + " ".join(WORDS * 4) + "&lt;/p&gt;"
    bodies = {}
    for number in range(FEEDS):
        if number < 45:
            items = [(f"Post {n}", f"https://p{number}.example.org/{n}", paragraph * 3) for n in range(20)]
        elif number < 49:
            items = [(f"Article {n}", f"https://p{number}.example.org/{n}", paragraph * 280) for n in range(25)]
        else:
            items = [(f"Note {n}", f"https://p{number}.example.org/{n}", "") for n in range(20_000)]
        bodies[f"/feed/{number}"] = rss(items)
    return bodies


class _Answers(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = self.server.bodies.get(self.path, b"<p>A page.</p>")
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml" if self.path.startswith("/feed/") else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, format, *args):
        pass


@contextmanager
def servers(hosts: int = 1) -> Iterator[list[str]]:
    """HTTP servers on 127.0.0.1 … 127.0.0.<hosts>, one port each: feed_bodies() at /feed/N, a small page at any
    other path. Yields their base addresses."""
    bodies = feed_bodies()
    running = []
    for number in range(1, hosts + 1):
        server = ThreadingHTTPServer((f"127.0.0.{number}", 0), _Answers)
        server.daemon_threads, server.bodies = True, bodies
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
    try:
        yield [f"http://127.0.0.{number + 1}:{server.server_address[1]}" for number, server in enumerate(running)]
    finally:
        for server in running:
            server.shutdown()
            server.server_close()


def project(folder: Path, root: Path, base: str, site_bases: list[str]) -> Path:
    """A project of `root`'s commands and sample settings whose blogroll has FEEDS people with feeds at `base` and
    whose link notes save ADDRESSES addresses on the sites of `site_bases`. Returns its folder, made afresh."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "content" / "links").mkdir(parents=True)
    shutil.copy2(root / "tasks.py", folder / "tasks.py")
    shutil.copy2(root / "pelicanconf.py", folder / "pelicanconf.py")
    for name in ("theme", "plugins"):  # the settings name them
        shutil.copytree(root / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    people = [
        f"- id: p{n}\n  name: Person {n}\n  site: https://p{n}.example.org/\n  feed: {base}/feed/{n}\n"
        for n in range(FEEDS)
    ]
    (folder / "content" / "blogroll.yaml").write_text("".join(people), encoding="utf-8")
    per_week = ADDRESSES // 30
    for week in range(30):
        notes = [
            f"- url: {site_bases[(week * per_week + n) % len(site_bases)]}/page/{week}/{n}\n"
            f"  title: Page {n} of week {week + 1}\n  date: 2026-{(week // 4) + 1:02d}-{(week % 4) * 7 + 1:02d} 09:00\n"
            for n in range(per_week)
        ]
        (folder / "content" / "links" / f"2026-W{week + 1:02d}.yaml").write_text("\n".join(notes), encoding="utf-8")
    return folder
