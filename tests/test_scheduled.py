"""Scheduled content: posts, pages and links dated in the future are held back until their date and time
(in TIMEZONE), and `invoke build` and `invoke check` list them with when they will appear."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, good_post

FUTURE = "2099-01-05 09:30"


def schedule(site) -> None:
    site.post("2026-11-20-past.md", good_post("Past post", "2026-11-20 10:00"))
    site.post("2099-01-05-future.md", good_post("Future post", FUTURE))
    site.page("later.md", f"Title: Later page\nDate: {FUTURE}\n\nNot yet.\n")
    site.links(
        "later.yaml",
        "- url: https://example.org/now\n  title: A link of today\n  date: 2026-11-20 10:00\n"
        f"- url: https://example.org/later\n  title: A link of later\n  date: {FUTURE}\n",
    )


def readable(path) -> str:
    """A file's text; the search index's files (Pagefind's, compressed with gzip) as the text they hold."""
    data = path.read_bytes()
    if data.startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def test_future_posts_pages_and_links_are_held_back(site):
    schedule(site)
    build = site.build()
    assert build.returncode == 0, build.log
    assert (build.output / "posts/2026/past/index.html").is_file()
    assert not (build.output / "posts/2099").exists()
    assert not (build.output / "later").exists()
    assert not (build.output / "drafts").exists()
    every_file = "".join(readable(path) for path in build.output.rglob("*") if path.is_file())
    assert "A link of today" in every_file  # the search index too: its files are compressed
    for held_back in ("Future post", "Later page", "A link of later", "example.org/later"):
        assert held_back not in every_file, held_back
    assert "Past post" in build.page("/") and "A link of today" in build.page("/links/")
    # The build says what it held back, so a post dated a year too late is not a mystery.
    scheduled = [line for line in build.log.splitlines() if line.startswith("scheduled: ")]
    assert len(scheduled) == 3 and all("appears on 2099-01-05 09:30 (Europe/London)" in line for line in scheduled)


def test_check_lists_what_is_scheduled_and_when(site):
    schedule(site)
    finished = subprocess.run(
        [str(Path(sys.executable).with_name("invoke")), "--search-root", str(ROOT), "check", "--settings",
         str(site.settings)],
        cwd=site.folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stdout + finished.stderr
    lines = [line for line in finished.stdout.splitlines() if line.startswith("scheduled:")]
    assert len(lines) == 3, finished.stdout
    assert all("appears on 2099-01-05 09:30 (Europe/London)" in line for line in lines), lines
    assert any("content/links/later.yaml:4" in line for line in lines), lines
    assert any("posts/2099-01-05-future.md" in line for line in lines), lines
    assert any("pages/later.md" in line for line in lines), lines
    assert "All good" in finished.stdout


def test_a_check_that_stops_names_no_temporary_folder(site):
    site.post("a.md", "Title: A\nDate: nope\n\nBody.\n")
    finished = subprocess.run(
        [str(Path(sys.executable).with_name("invoke")), "--search-root", str(ROOT), "check", "--settings",
         str(site.settings)],
        cwd=site.folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert finished.returncode == 1
    output = finished.stdout + finished.stderr
    assert "The build stopped: 1 problem to fix.\n" in output and "learnlog-check-" not in output, output
