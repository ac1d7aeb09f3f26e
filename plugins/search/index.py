"""Write the search index: Pagefind's bundle (its script, WebAssembly and index files) in the site.

Pagefind (pagefind.app) is run as its command, `python -m pagefind` (the `pagefind` package's documented
command line), with its binary from the `pagefind_bin_extended` wheel: the extended build splits Chinese
and Japanese text into words. Each record is written as one small HTML file in a new temporary folder,
and Pagefind indexes that folder in one run: a few hundred milliseconds for ten thousand records. (Its
Python API answers one request per tenth of a second, which would be twenty minutes for that many.)

The same records give the same bytes (tests/test_search_index.py), so an incremental build gives the
same index as a build from scratch. Pagefind reads no settings of its own: it runs in the temporary
folder (where it would look for a pagefind.yml) with no PAGEFIND_ variables in its environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .records import Record

# The bundle's folder in the site: /pagefind/pagefind.js, as Pagefind names it by default.
BUNDLE = "pagefind"


class SearchIndexError(Exception):
    """Pagefind could not be run, or failed: the message says what it said."""


def index_language(default_lang: str) -> str:
    """The language the whole index is made in: DEFAULT_LANG's primary subtag, lower case ("en-GB" -> "en").
    One index for the site, so a post in another language (`Lang: fr`) is found from the same search box;
    Pagefind stems the words of this language, and splits Chinese and Japanese text ("Multilingual search"
    in its docs)."""
    return (default_lang or "en").replace("_", "-").split("-")[0].lower() or "en"


def write_bundle(records: list[Record], output: Path, language: str) -> None:
    """Index `records` and write Pagefind's bundle to `output`/pagefind/ (`output`: the site's folder).

    Records are indexed in the order given (give them sorted, for the same bytes every time). Raises
    SearchIndexError when Pagefind cannot be started or ends with an error.
    """
    with tempfile.TemporaryDirectory(prefix="learnlog-search-") as folder:
        for number, record in enumerate(records):
            Path(folder, f"{number:07d}.html").write_text(record.html, encoding="utf-8")
        bundle = os.fspath(Path(output, BUNDLE).resolve())
        command = [sys.executable, "-m", "pagefind", "--site", folder, "--silent",
                   "--output-path", bundle, "--force-language", language]  # fmt: skip
        environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
        try:
            ran = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, check=False)
        except OSError as error:
            raise SearchIndexError(f"Pagefind could not be started ({error})") from error
        if ran.returncode != 0:
            said = " ".join((ran.stderr or ran.stdout).split())[-500:]
            raise SearchIndexError(f"Pagefind could not build the search index: {said}")
