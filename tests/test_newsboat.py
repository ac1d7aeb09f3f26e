"""A real feed reader, end to end: newsboat subscribes to the feeds and to /feeds.opml over HTTP."""

from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, run_build
from feed_checks import atom_items

NEWSBOAT = shutil.which("newsboat")
pytestmark = pytest.mark.skipif(
    NEWSBOAT is None and os.environ.get("CI") != "true",
    reason="newsboat is not installed (apt-get install newsboat); .ci/run installs it",
)


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """The sample site built for, and served at, http://127.0.0.1:<port>, so every feed URL works."""
    folder = tmp_path_factory.mktemp("newsboat-site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder / "output")))
    site_url = f"http://127.0.0.1:{server.server_address[1]}"
    settings = folder / "pelicanconf.py"
    settings.write_text(
        (SAMPLE / "pelicanconf.py").read_text()
        + f"\nPATH = {str(SAMPLE / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nCACHE_PATH = {str(folder / 'cache')!r}\n"
        f"SITEURL = {site_url!r}\n"
    )
    build = run_build(settings, folder / "output")
    assert build.returncode == 0, build.log
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site_url, folder / "output"
    server.shutdown()


def newsboat(home: Path, *arguments: str) -> None:
    assert NEWSBOAT, "newsboat must be installed when CI=true"
    (home / "config").write_text("download-timeout 20\nreload-threads 4\n")
    subprocess.run(
        [NEWSBOAT, "-u", str(home / "urls"), "-c", str(home / "cache.db"), "-C", str(home / "config"), *arguments],
        env={**os.environ, "HOME": str(home)},
        check=True,
        capture_output=True,
        timeout=120,
    )


def cached_items(home: Path) -> set[tuple[str, str, str]]:
    """(id, title, link) of every item newsboat stored. It keeps one copy of an item by its id, even when
    several subscribed feeds carry it, which is what stable ids across feeds are for."""
    with sqlite3.connect(home / "cache.db") as db:
        return set(db.execute("SELECT guid, title, url FROM rss_item").fetchall())


def cached_feeds(home: Path) -> set[str]:
    with sqlite3.connect(home / "cache.db") as db:
        return {url for (url,) in db.execute("SELECT rssurl FROM rss_feed")}


def expected(output: Path, name: str) -> set[tuple[str, str, str]]:
    return {(item["id"], item["title"], item["link"]) for item in atom_items(output / "feeds" / f"{name}.atom.xml")}


@pytest.mark.parametrize("name", ["all", "posts", "links", "weekly"])
@pytest.mark.parametrize("extension", ["atom.xml", "rss.xml"])
def test_newsboat_reads_every_item_of_the_main_feeds(served_site, tmp_path, name, extension):
    site_url, output = served_site
    (tmp_path / "urls").write_text(f"{site_url}/feeds/{name}.{extension}\n")
    newsboat(tmp_path, "-x", "reload")
    assert cached_items(tmp_path) == expected(output, name)


def test_newsboat_imports_the_opml_and_reads_every_feed(served_site, tmp_path):
    import urllib.request

    site_url, output = served_site
    opml = tmp_path / "feeds.opml"
    opml.write_bytes(urllib.request.urlopen(f"{site_url}/feeds.opml", timeout=10).read())
    (tmp_path / "urls").write_text("")
    newsboat(tmp_path, "-i", str(opml))
    newsboat(tmp_path, "-x", "reload")
    atom_feeds = sorted(output.joinpath("feeds").rglob("*.atom.xml"))
    assert cached_feeds(tmp_path) == {f"{site_url}/feeds/{p.relative_to(output / 'feeds')}" for p in atom_feeds}
    every_item = set().union(
        *(expected(output, str(p.relative_to(output / "feeds")).removesuffix(".atom.xml")) for p in atom_feeds)
    )
    assert cached_items(tmp_path) == every_item
