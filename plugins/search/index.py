"""Write the search index: Pagefind's bundle (its script, WebAssembly and index files) in the site.

Pagefind (pagefind.app) is run as its command line, the binary of the `pagefind-bin-extended` wheel (found
with the `get_executable()` the wheel exports; the extended build splits Chinese and Japanese text into
words). Run straight, not through `python -m pagefind`, it indexes a small site in a fiftieth of a second,
not a tenth. Each record is written as one small HTML file in a new temporary folder,
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
import shutil
import subprocess
import tempfile
import threading
import time
from functools import partial
from pathlib import Path, PurePosixPath

from learnlog_core.processes import die_with_parent

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


def binary() -> str:
    """The path of Pagefind's binary. Raises SearchIndexError when the wheel is not installed."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as error:
        raise SearchIndexError("Pagefind is not installed (the pagefind-bin-extended package)") from error
    return os.fspath(get_executable())


class IndexJob:
    """Pagefind indexing `records` in a process of its own, started at once, so that it runs while the
    pages are rendered. `result()` waits for it; `close()` stops it if it still runs and removes its
    folder (call it however the build ends). It dies with the build's process (processes.die_with_parent).

    records: indexed in the order given (give them sorted, for the same bytes every time); language: the
    index's (index_language). Raises SearchIndexError when Pagefind cannot be started.
    """

    def __init__(self, records: list[Record], language: str):
        executable = binary()
        self.folder = Path(tempfile.mkdtemp(prefix="learnlog-search-"))
        self.seconds = 0.0  # how long Pagefind ran, once it has ended
        site, self.bundle = self.folder / "records", self.folder / BUNDLE
        site.mkdir()
        for number, record in enumerate(records):
            (site / f"{number:07d}.html").write_text(record.html, encoding="utf-8")
        command = [executable, "--site", os.fspath(site), "--silent",
                   "--output-path", os.fspath(self.bundle), "--force-language", language]  # fmt: skip
        environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
        started = time.perf_counter()
        try:
            self.process = subprocess.Popen(
                command, cwd=site, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, preexec_fn=partial(die_with_parent, os.getpid()),
            )  # fmt: skip
        except OSError as error:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise SearchIndexError(f"Pagefind could not be started ({error})") from error
        self._said: bytes = b""

        def wait() -> None:  # reads what it says (so it never blocks on a full pipe) and times it
            self._said = self.process.stdout.read()
            self.process.wait()
            self.seconds = time.perf_counter() - started

        self._waiter = threading.Thread(target=wait, daemon=True)
        self._waiter.start()

    def result(self) -> dict[str, bytes]:
        """The bundle: {path inside it ("pagefind.js", "fragment/en_….pf_fragment"): its bytes}, once Pagefind
        has ended. Raises SearchIndexError when it ended with an error."""
        self._waiter.join()
        if self.process.returncode != 0:
            said = " ".join(self._said.decode("utf-8", "replace").split())[-500:]
            raise SearchIndexError(f"Pagefind could not build the search index: {said}")
        return {
            path.relative_to(self.bundle).as_posix(): path.read_bytes()
            for path in sorted(self.bundle.rglob("*"))
            if path.is_file()
        }

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self._waiter.join()
        shutil.rmtree(self.folder, ignore_errors=True)


def bundle_files(records: list[Record], language: str) -> dict[str, bytes]:
    """Pagefind's bundle for `records` (see IndexJob), made now. Raises SearchIndexError."""
    job = IndexJob(records, language)
    try:
        return job.result()
    finally:
        job.close()


def write_bundle(files: dict[str, bytes], output: Path) -> None:
    """Write a bundle (IndexJob.result) into `output`/pagefind/ (`output`: the site's folder)."""
    folder = output / BUNDLE
    for parent in sorted({PurePosixPath(name).parent for name in files}):
        (folder / parent).mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
