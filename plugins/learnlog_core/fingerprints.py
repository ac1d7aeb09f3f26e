"""Fingerprints: plain summaries of everything a page shows, to tell whether it changed since the last build.

A post or page is summarised by its file (its address comes from its file and the settings); a link,
week or person by its own `reuse_fingerprint()`; a tag by its name. What every page shares (settings,
theme, plugins, code, navigation, blogroll) is one more fingerprint, added to each page's.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime
from pathlib import Path

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

# Settings that differ from build to build without changing any page.
NOT_SHOWN = ("OUTPUT_PATH", "LEARNLOG_PREVIOUS_OUTPUT", "LEARNLOG_PROBLEMS")


class Unfingerprintable(Exception):
    """A value whose content we cannot summarise: its page is rendered, not reused."""


def file_stamp(path: str) -> tuple[str, int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (path, 0, 0)
    return (path, info.st_mtime_ns, info.st_size)


def folder_stamp(folder: str) -> str:
    digest = hashlib.sha1()
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".pyc"):
                digest.update(repr(file_stamp(os.path.join(current, name))).encode())
    return digest.hexdigest()


class Fingerprints:
    """The fingerprints of one build: each file is looked at once, and each post, tag, link, week or
    person summarised once, as a short digest, however many pages show it."""

    def __init__(self):
        self._stamps: dict[str, tuple[str, int, int]] = {}
        self._digests: dict[tuple[int, int], tuple[object, str]] = {}

    def stamp(self, path: str) -> tuple[str, int, int]:
        if path not in self._stamps:
            self._stamps[path] = file_stamp(path)
        return self._stamps[path]

    def of(self, value, depth: int = 0):
        """A plain, hashable summary of everything a page shows of `value`."""
        if value is None or isinstance(value, (str, int, float, bool, date, datetime)):
            return value
        if isinstance(value, (Content, URLWrapper)) or hasattr(value, "reuse_fingerprint"):
            known = self._digests.get((id(value), depth))
            if known is None:  # the object is kept with its digest, so its id stays its own
                digest = hashlib.sha1(repr(self._summary(value, depth)).encode()).hexdigest()
                known = self._digests[(id(value), depth)] = (value, digest)
            return known[1]
        if isinstance(value, (list, tuple)):
            return tuple(self.of(item, depth) for item in value)
        if isinstance(value, dict):
            return tuple(sorted((key, self.of(item, depth)) for key, item in value.items()))
        raise Unfingerprintable(type(value).__name__)

    def _summary(self, value, depth: int) -> tuple:
        if isinstance(value, URLWrapper):
            return ("tag", value.name, value.slug)
        if isinstance(value, Content):
            own = (type(value).__name__, self.stamp(value.source_path))
            if depth == 0:  # a post page also shows its neighbours' titles
                return (*own, self.of(getattr(value, "newer", None), 1), self.of(getattr(value, "older", None), 1))
            return own
        summary = value.reuse_fingerprint
        if not callable(summary):
            raise Unfingerprintable(type(value).__name__)
        return summary()


def _is_plain(value) -> bool:
    """Plain data has a stable repr; functions and other objects (covered by the code's stamps) do not."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(_is_plain(key) and _is_plain(item) for key, item in value.items())
    return False


def shared_fingerprint(settings: dict, context: dict, stamp=file_stamp) -> str:
    """What every page shows or is made with: settings, theme, plugins, code, navigation, blogroll."""
    plain = sorted(
        (name, repr(value))
        for name, value in settings.items()
        if name.isupper() and name not in NOT_SHOWN and _is_plain(value)
    )
    code = [folder_stamp(settings["THEME"]), *(folder_stamp(path) for path in settings.get("PLUGIN_PATHS", []))]
    code.append(folder_stamp(str(Path(__file__).resolve().parent.parent.parent / "learnlog")))
    navigation = [(page.url, page.title, stamp(page.source_path)) for page in context.get("pages", [])]
    blogroll = stamp(os.path.join(settings["PATH"], settings.get("BLOGROLL_FILE", "blogroll.yaml")))
    return hashlib.sha1(repr((plain, code, navigation, blogroll)).encode()).hexdigest()
