"""The build: one object per run of Pelican, handed to every plugin, holding what the run collects.

It holds the problems found in the content (reported together, then the build stops), the warnings
logged by Pelican and the plugins, how long each phase took, the caches of pure functions, and how
the build runs (from scratch or not, on how many cores). `learnlog.build` makes it and puts it in
the settings under `shared.BUILD` before Pelican starts; plugins reach it with `build_of(settings)`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from . import characters, file_names
from .cache import PureCache, code_version
from .problems import Problem, display_path
from .shared import BUILD

# Pelican's notices that the posts plugin gives in its own words, with the file, line and fix: an image
# without a description, and a {static} or {attach} link to a missing file (pelican/cache.py, reading
# the file's time), which stops the build (posts/checks.py).
PELICANS_REPEATED = ("Empty alt attribute", "Cannot get modification stamp")


class _Collect(logging.Handler):
    """Keeps every warning and error logged during the build (Pelican's and ours) for its report."""

    def __init__(self, build: Build):
        super().__init__(logging.WARNING)
        self.build = build

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(PELICANS_REPEATED):
            return  # Pelican's own notices; the posts plugin says the same with the line and the fix
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += f": {record.exc_info[1]}"
        (self.build.errors if record.levelno >= logging.ERROR else self.build.warnings).append(
            characters.shown(characters.brief(message))
        )


@dataclass
class Build:
    """fresh: build from scratch, reading and writing no cache (`invoke check`, `invoke publish`).
    processes: how many processes read and render (one per core by default)."""

    fresh: bool = False
    processes: int = 1
    problems: list[Problem] = field(default_factory=list)  # mistakes in the content: the build stops
    warnings: list[str] = field(default_factory=list)  # logged warnings, in order
    errors: list[str] = field(default_factory=list)  # logged errors (Pelican's own): the build stops
    scheduled: list[tuple[str, datetime]] = field(default_factory=list)  # (where, when) held back until then
    seconds: dict[str, float] = field(default_factory=dict)  # phase -> seconds
    caches: dict[str, PureCache] = field(default_factory=dict)
    writer: object = None  # the writer of this run, once Pelican has asked for it
    kept: dict[str, object] = field(default_factory=dict)  # objects made once per build (see keep)
    ending: list = field(default_factory=list)  # what to do when the run ends, however it ends (see at_end)
    _lap: float = field(default_factory=time.perf_counter)
    _code: str | None = None
    _handler: _Collect | None = None

    def report(self, path: str, line: int, message: str) -> None:
        """A problem in the content: `path` (a file), its 1-based `line` (0: the whole file), and what to do."""
        where = file_names.shown(path) if path else ""  # a file name can hold them too
        self.problems.append(Problem(where, line, characters.shown(characters.brief(message))))

    def schedule(self, path: str, line: int, when: datetime) -> None:
        """Content held back until `when` (an aware datetime): `path` (a file) and its 1-based `line` (0: the file)."""
        where = display_path(path) + (f":{line}" if line else "")
        self.scheduled.append((where, when))

    def lap(self, phase: str) -> None:
        """Count the time since the last lap (or the start) towards `phase`."""
        now = time.perf_counter()
        self.seconds[phase] = self.seconds.get(phase, 0.0) + now - self._lap
        self._lap = now

    def cache(self, name: str, inputs: object, folder: str) -> PureCache:
        """The cache of the pure function `name` for this build (see cache.py); `folder` is CACHE_PATH."""
        if name not in self.caches:
            if self._code is None:
                self._code = code_version()
            self.caches[name] = PureCache(None if self.fresh else folder, name, inputs, self._code)
        return self.caches[name]

    def keep(self, name: str, make):
        """The object kept under `name` for this build, made by `make()` the first time it is asked for."""
        if name not in self.kept:
            self.kept[name] = make()
        return self.kept[name]

    def at_end(self, callback) -> None:
        """Call `callback()` when the run ends, whether it succeeded or not (`end`): to stop a process or
        remove a temporary folder that the run started."""
        self.ending.append(callback)

    def end(self) -> None:
        """Run what `at_end` was given, newest first (learnlog.build calls it once Pelican has returned)."""
        while self.ending:
            self.ending.pop()()

    def save_caches(self) -> None:
        for cache in self.caches.values():
            cache.save()

    def listen(self) -> None:
        """Start collecting what is logged, until `stop_listening()`."""
        self._handler = _Collect(self)
        logging.getLogger().addHandler(self._handler)

    def stop_listening(self) -> None:
        if self._handler is not None:
            logging.getLogger().removeHandler(self._handler)
            self._handler = None


def build_of(settings: dict) -> Build:
    """The build that `settings` (Pelican's settings or context) belong to."""
    return settings[BUILD]
