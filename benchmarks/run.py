"""Time builds of a large synthetic link log: cold (empty cache), warm (nothing changed) and one edit.

Run with `invoke bench` (or `python -m benchmarks.run --links 10000`). Prints medians and ranges.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def settings_text() -> str:
    return (
        'AUTHOR = "Bench"\nSITENAME = "Bench"\nSITE_DESCRIPTION = "Benchmark"\nSITEURL = "http://localhost:8000"\n'
        'TIMEZONE = "Europe/London"\nDEFAULT_LANG = "en"\nDEFAULT_DATE_FORMAT = "%-d %B %Y"\nPATH = "content"\n'
        'ARTICLE_PATHS = ["posts"]\nPAGE_PATHS = ["pages"]\nSTATIC_PATHS = []\nRELATIVE_URLS = True\n'
        f"THEME = {str(ROOT / 'theme')!r}\nDEFAULT_PAGINATION = 10\nMENU_LINKS = []\n"
        'CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\nCACHE_PATH = "cache"\n'
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        'PLUGINS = ["learnlog_core", "posts", "link_notes", "feeds", "site_files"]\n'
    )


def timed_build(site: Path) -> float:
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-m", "learnlog.build", "--settings", str(site / "pelicanconf.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode:
        raise SystemExit(finished.stdout + finished.stderr)
    return time.perf_counter() - started


def report(name: str, times: list[float]) -> None:
    spread = f"min {min(times):.2f}, max {max(times):.2f}, n={len(times)}"
    print(f"  {name:<28} median {statistics.median(times):6.2f} s   ({spread})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=10_000, help="link notes in the corpus (default 10000)")
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3, help="builds per scenario (default 3)")
    args = parser.parse_args(argv)
    site = Path(tempfile.mkdtemp(prefix="learnlog-bench-"))
    try:
        write_corpus(site, links=args.links, posts=args.posts)
        (site / "pelicanconf.py").write_text(settings_text(), encoding="utf-8")
        print(f"Link log benchmark: {args.links} links, {args.posts} posts, {args.runs} runs each")
        cold, warm, edited = [], [], []
        for _ in range(args.runs):
            shutil.rmtree(site / "cache", ignore_errors=True)
            cold.append(timed_build(site))
            warm.append(timed_build(site))
            one_file = sorted((site / "content" / "links").glob("*.yaml"))[0]
            one_file.write_text(one_file.read_text().replace("summary: ", "summary: Edited. ", 1))
            edited.append(timed_build(site))
        pages = sum(1 for _ in (site / "output").rglob("*.html"))
        report("cold build (empty cache)", cold)
        report("warm rebuild (no change)", warm)
        report("rebuild after one edit", edited)
        print(f"  pages written: {pages}")
    finally:
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
