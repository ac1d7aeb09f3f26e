"""Caches of pure functions: a value worked out from a text, kept between builds.

An entry is keyed by a hash of the text it was worked out from, in a cache file whose name holds a
hash of everything else the function depends on: our plugins' code, the libraries' versions, and the
settings the function reads. A cached value is therefore exactly what working it out again would
give, and a build that uses the cache gives the same site as one that does not.

Values are plain data (text, numbers, dates, lists, dicts, tuples), pickled after a SHA-256 of the
pickle, so a damaged file is found and read as an empty cache. Only the entries used by a build are
saved, so the cache never grows beyond the site.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import pickle
from pathlib import Path

# Bump when the layout of a cache file changes.
FORMAT = 1
PLUGINS_FOLDER = Path(__file__).resolve().parent.parent
# The libraries whose output our caches keep (readers, Markdown, highlighting, YAML, sanitising, HTML,
# the search index).
LIBRARIES = ("pelican", "Markdown", "Pygments", "markdown-it-py", "PyYAML", "nh3", "lxml", "pagefind-bin-extended")


def text_key(text: str | bytes) -> str:
    """The key of an entry: a SHA-256 of the text (UTF-8) it is worked out from, in hex."""
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def code_version() -> str:
    """A hash of every Python file of our plugins and of the versions of the libraries they use."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for path in sorted(PLUGINS_FOLDER.rglob("*.py")):
        digest.update(path.relative_to(PLUGINS_FOLDER).as_posix().encode())
        digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:  # such as Pagefind's binary installed another way
            version = "not installed"
        digest.update(f"{name} {version}".encode())
    return digest.hexdigest()


class PureCache:
    """The cached values of one pure function, for one build.

    folder: the cache folder (CACHE_PATH), or None for a build from scratch, which reads and writes
    no cache. name: the function's name. inputs: everything besides the keyed text that the values
    depend on (settings, as plain data); with `code` (see code_version) it names the cache file.
    """

    def __init__(self, folder: str | None, name: str, inputs: object, code: str):
        version = hashlib.sha256(repr((code, inputs)).encode()).hexdigest()[:16]
        self.path = Path(folder, f"{name}-{version}.pickle") if folder else None
        self.name = name
        self._stored: dict = {}
        self._used: dict = {}
        self._changed = False
        if self.path is not None:
            # A cache file that cannot be read (damaged, cut short, from elsewhere) is a cache that is empty.
            with contextlib.suppress(Exception):
                data = self.path.read_bytes()
                checksum, payload = data[:32], data[32:]
                if hashlib.sha256(payload).digest() == checksum:
                    stored = pickle.loads(payload)
                    if isinstance(stored, dict):
                        self._stored = stored

    def get(self, key: str):
        """The value for `key`, or None."""
        value = self._used.get(key)
        if value is None:
            value = self._stored.get(key)
            if value is not None:
                self._used[key] = value
        return value

    def put(self, key: str, value) -> None:
        self._used[key] = value
        self._changed = True

    def __contains__(self, key: str) -> bool:
        return key in self._used or key in self._stored

    def save(self) -> None:
        """Write the entries this build used (atomically), and remove this function's older cache files."""
        if self.path is None or (not self._changed and len(self._used) == len(self._stored)):
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            payload = pickle.dumps(self._used, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.write_bytes(hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, self.path)
            for old in self.path.parent.glob(f"{self.name}-*.pickle"):
                if old != self.path:
                    old.unlink(missing_ok=True)
        except OSError as error:  # a full disk, a folder one may not write to: the next build works it out again
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            logging.getLogger(__name__).warning("the cache could not be saved in %s (%s)", self.path.parent, error)
