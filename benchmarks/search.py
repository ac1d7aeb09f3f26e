"""Search figures for `invoke bench`: the index's size, and the time to the first result in Chromium.

The time is measured as a reader meets it: /search/?q=words opened from the served folder (on 127.0.0.1,
by the preview server), in a new browser context each time (nothing cached), from the page's load event
to the moment search.js has put the first results on the page (its `learnlog-search-first-results`
performance mark). The words are common in the corpus, so the index answers with thousands of results.
"""

from __future__ import annotations

import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
QUERIES = ("feedback", "spacing practice", "memory&tag=reflection")


def bundle_bytes(output: Path) -> tuple[int, int]:
    """(bytes of the whole Pagefind bundle, bytes of its index alone: the files a search loads, without
    Pagefind's own scripts and WebAssembly) in `output`/pagefind/."""
    bundle = output / "pagefind"
    files = [path for path in bundle.rglob("*") if path.is_file()]
    index = [path for path in files if path.parent != bundle or path.suffix == ".pf_meta"]
    return sum(path.stat().st_size for path in files), sum(path.stat().st_size for path in index)


def first_result_seconds(output: Path, runs: int) -> list[float] | None:
    """Seconds from the load event of /search/?q=… to its first results, once per query of QUERIES per run;
    None when Playwright or Debian's chromium is missing (then nothing is measured)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    from learnlog.serve import SiteHandler, start_server

    server = start_server(output, 0, SiteHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    found = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for _ in range(runs):
                for query in QUERIES:
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(f"{base}/search/?q={query}")
                    page.wait_for_function("performance.getEntriesByName('learnlog-search-first-results').length")
                    milliseconds = page.evaluate(
                        "performance.getEntriesByName('learnlog-search-first-results')[0].startTime"
                        " - performance.getEntriesByType('navigation')[0].loadEventEnd"
                    )
                    found.append(max(0.0, milliseconds) / 1000)
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return found
