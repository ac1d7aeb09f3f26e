"""Time each phase of a build, for `invoke bench`: which generator spends how long reading and writing.

Enabled by the environment variable LEARNLOG_PHASES=<file>: the timings are written there as JSON.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager

# Generator and method -> the phase it belongs to.
PHASES = {
    ("ArticlesGenerator", "generate_context"): "read posts",
    ("PagesGenerator", "generate_context"): "read posts",
    ("LinkNotesGenerator", "generate_context"): "read links",
    ("ArticlesGenerator", "generate_output"): "queue pages, reuse unchanged ones",
    ("PagesGenerator", "generate_output"): "queue pages, reuse unchanged ones",
    ("LinkNotesGenerator", "generate_output"): "queue pages, reuse unchanged ones",
    ("FeedsGenerator", "generate_output"): "feeds",
    ("SiteFilesGenerator", "generate_output"): "render and write pages on every core, sitemap",
    ("StaticGenerator", "generate_output"): "static files",
}


class Timings:
    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def timed_generators(self, classes: list[type]) -> list[type]:
        """Subclasses of the generator classes whose phases are timed."""
        timed = []
        for cls in classes:
            methods = {}
            for (name, method), phase in PHASES.items():
                if cls.__name__ == name and hasattr(cls, method):
                    methods[method] = self._wrap(getattr(cls, method), phase)
            timed.append(type(cls.__name__, (cls,), methods) if methods else cls)
        return timed

    def _wrap(self, function, phase: str):
        def timed(generator, *args, **kwargs):
            with self.phase(phase):
                return function(generator, *args, **kwargs)

        return timed

    def save(self) -> None:
        target = os.environ.get("LEARNLOG_PHASES")
        if target:
            with open(target, "w", encoding="utf-8") as file:
                json.dump(self.seconds, file, indent=2)


def enabled() -> bool:
    return bool(os.environ.get("LEARNLOG_PHASES"))
