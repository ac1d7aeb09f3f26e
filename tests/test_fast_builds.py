"""The fast paths of the build (reading on every core, reusing unchanged pages and feeds) change nothing
in the output: every build is byte-identical to a plain build of the same content."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Site

sys.path.insert(0, str(ROOT))
from benchmarks.corpus import write_corpus


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file with its bytes, and every folder (None): no folder is left empty that a plain build has not."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def build(settings: Path, output: Path, plain: bool = False) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "LEARNLOG_PLAIN"}
    if plain:
        env["LEARNLOG_PLAIN"] = "1"
    finished = subprocess.run(
        [sys.executable, "-m", "learnlog.build", "--settings", str(settings), "--output", str(output)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    return finished


@pytest.fixture
def corpus_site(tmp_path) -> Site:
    """A site big enough for the parallel reading to start (45 posts, and 400 links in 20 files)."""
    site = Site(tmp_path / "site")
    shutil.rmtree(site.content)
    write_corpus(site.folder, links=400, posts_count=45, people=8)
    theme = site.folder / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site.settings.write_text(site.settings.read_text() + f"THEME = {str(theme)!r}\n")
    # A second settings file for plain, cache-less reference builds of the same content.
    (site.folder / "plainconf.py").write_text(
        site.settings.read_text() + 'CACHE_PATH = "plain-cache"\nLOAD_CONTENT_CACHE = False\nCACHE_CONTENT = False\n'
    )
    return site


def reference(site: Site) -> dict[str, bytes]:
    output = site.folder / "reference"
    shutil.rmtree(output, ignore_errors=True)
    build(site.folder / "plainconf.py", output, plain=True)
    return tree(output)


def test_cold_and_warm_builds_equal_a_plain_build(corpus_site):
    output = corpus_site.folder / "output"
    expected = reference(corpus_site)
    build(corpus_site.settings, output)  # cold: read on every core
    assert (corpus_site.folder / "cache").is_dir()
    assert tree(output) == expected
    build(corpus_site.settings, output)  # warm: everything from the caches, pages reused
    assert tree(output) == expected


EDITS = {
    "a post's title": lambda site: _replace(
        sorted((site.content / "posts").glob("*.md"))[0], "Title: Post", "Title: Edited post"
    ),
    "a link's note": lambda site: _replace(
        sorted((site.content / "links").glob("*.yaml"))[-1], "note: |\n      ", "note: |\n      Edited. "
    ),
    "a link's title, shown on the home page": lambda site: _replace(
        sorted((site.content / "links").glob("*.yaml"))[-1], "title: ", "title: Renamed "
    ),
    "a week's summary": lambda site: _replace(
        sorted((site.content / "links").glob("*.yaml"))[-1], "summary: ", "summary: Edited. "
    ),
    "a link's tags": lambda site: _replace(
        sorted((site.content / "links").glob("*.yaml"))[0], "    tags: [", "    tags: [a-new-tag, "
    ),
    "a new link": lambda site: _append(
        sorted((site.content / "links").glob("*.yaml"))[-1],
        "  - url: https://example.org/new\n    title: A new link\n    date: 2026-11-17 10:00\n    tags: [memory]\n",
    ),
    "a post deleted": lambda site: sorted((site.content / "posts").glob("*.md"))[3].unlink(),
    "a name in the blogroll": lambda site: _replace(
        site.content / "blogroll.yaml", "name: Person 1\n", "name: Renamed Person\n"
    ),
    "the about page's title": lambda site: _replace(
        site.content / "pages" / "about.md", "Title: About", "Title: About me"
    ),
    "a theme template": lambda site: _replace(
        site.folder / "theme" / "templates" / "base.html", "Skip to content", "Skip to the content"
    ),
    "a setting": lambda site: _append(site.settings, 'SITENAME = "Renamed site"\n'),
}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


@pytest.mark.parametrize("edit", EDITS)
def test_a_rebuild_after_an_edit_equals_a_plain_build(corpus_site, edit):
    output = corpus_site.folder / "output"
    build(corpus_site.settings, output)
    build(corpus_site.settings, output)  # pages now come from the last build
    EDITS[edit](corpus_site)
    if edit == "a setting":  # the reference builds from its own copy of the settings
        _append(corpus_site.folder / "plainconf.py", 'SITENAME = "Renamed site"\n')
    build(corpus_site.settings, output)
    assert tree(output) == reference(corpus_site)
