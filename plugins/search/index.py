"""Write the search index: Pagefind's bundle (its script, WebAssembly and index files) in the site.

Pagefind (pagefind.app) is run as its command, `python -m pagefind` (the `pagefind` package's documented
command line), with its binary from the `pagefind_bin_extended` wheel: the extended build splits Chinese
and Japanese text into words. Each record is written as one small HTML file in a new temporary folder,
and Pagefind indexes that folder in one run (its Python API answers one request per tenth of a second,
which for ten thousand links would be twenty minutes). Pagefind reads no settings of its own: it runs in
the temporary folder (where it would look for a pagefind.yml) with no PAGEFIND_ variables in its
environment.

The same records give the same bytes (tests/test_search_index.py), so an incremental build gives the
same index as a build from scratch, and the bundle is a pure function of the records: a build whose
records are those of the build before takes it from the cache (plugin.py) instead of running Pagefind.
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


def bundle_files(records: list[Record], language: str) -> dict[str, bytes]:
    """Pagefind's bundle for `records`: {path inside the bundle ("pagefind.js", "fragment/en_….pf_fragment"):
    its bytes}. Records are indexed in the order given (give them sorted, for the same bytes every time).
    Raises SearchIndexError when Pagefind cannot be started or ends with an error."""
    with tempfile.TemporaryDirectory(prefix="learnlog-search-") as folder:
        site, bundle = Path(folder, "records"), Path(folder, BUNDLE)
        site.mkdir()
        for number, record in enumerate(records):
            (site / f"{number:07d}.html").write_text(record.html, encoding="utf-8")
        command = [sys.executable, "-m", "pagefind", "--site", os.fspath(site), "--silent",
                   "--output-path", os.fspath(bundle), "--force-language", language]  # fmt: skip
        environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
        try:
            ran = subprocess.run(command, cwd=site, env=environment, capture_output=True, text=True, check=False)
        except OSError as error:
            raise SearchIndexError(f"Pagefind could not be started ({error})") from error
        if ran.returncode != 0:
            said = " ".join((ran.stderr or ran.stdout).split())[-500:]
            raise SearchIndexError(f"Pagefind could not build the search index: {said}")
        return {
            path.relative_to(bundle).as_posix(): path.read_bytes()
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        }


def write_bundle(files: dict[str, bytes], output: Path) -> None:
    """Write a bundle (`bundle_files`) into `output`/pagefind/ (`output`: the site's folder)."""
    for name, data in files.items():
        path = output / BUNDLE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
